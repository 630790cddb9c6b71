package dev.preflight.core.render;

/** The files {@link ReportWriter} can write, with their fixed names. */
public enum ReportFormat {
  JSON("preflight-report.json"),
  HTML("index.html"),
  SARIF("preflight.sarif.json"),
  JUNIT("TEST-preflight.xml"),
  CHECKLIST("checklist.md");

  private final String fileName;

  ReportFormat(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }
}
