package dev.preflight.core.render;

import dev.preflight.core.PreflightException;
import dev.preflight.core.gate.GateJson;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.ReportDiff;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the report files into one directory ({@code target/preflight/} for the plugin):
 * {@code preflight-report.json}, {@code index.html}, {@code preflight.sarif.json}, {@code
 * TEST-preflight.xml} and {@code checklist.md}.
 *
 * <pre>{@code
 * SuppressionOutcome s = Suppressions.load(file).apply(report, LocalDate.now(ZoneOffset.UTC));
 * GateResult gate = Gate.evaluate(s, GatePolicy.defaultsFor(report));
 * Optional<ReportDiff> diff = previous.map(p -> ReportDiff.against(p, report));
 * WrittenReports out = ReportWriter.writeAll(report, gate, diff, dir, RenderOptions.defaults());
 * }</pre>
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * Writes every format of {@code options}. {@code gate} must have been evaluated on {@code
   * report}: the views show its decision and compute none of their own.
   */
  public static WrittenReports writeAll(ReadinessReport report, GateResult gate,
                                        Optional<ReportDiff> diff, Path outDir,
                                        RenderOptions options) {
    if (gate.report() != report) {
      throw new IllegalArgumentException("the gate result was evaluated on another report; "
          + "evaluate the gate on the report being written");
    }
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new PreflightException("Cannot create report directory " + outDir + ": "
          + e.getMessage(), e);
    }
    Map<ReportFormat, Path> written = new EnumMap<>(ReportFormat.class);
    ReportModel model = null;
    for (ReportFormat f : ReportFormat.values()) {
      if (!options.formats().contains(f)) {
        continue;
      }
      Path file = outDir.resolve(f.fileName());
      if (f == ReportFormat.HTML || f == ReportFormat.CHECKLIST) {
        model = model != null ? model : ReportModel.of(gate, diff);
      }
      switch (f) {
        case JSON -> Json.write(GateJson.toJson(gate), file);
        case SARIF -> Json.write(SarifWriter.toJson(gate, options.catalog(),
            options.policyLines()), file);
        case HTML -> write(file, new HtmlRenderer(options.templateDir()).render(model));
        case JUNIT -> write(file, JUnitXmlWriter.write(gate));
        case CHECKLIST -> write(file, ChecklistMarkdown.write(model, gate));
      }
      written.put(f, file);
    }
    return new WrittenReports(outDir, written);
  }

  /** The HTML page as a string, for callers that serve or embed it. */
  public static String html(GateResult gate, Optional<ReportDiff> diff, RenderOptions options) {
    return new HtmlRenderer(options.templateDir()).render(ReportModel.of(gate, diff));
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PreflightException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
