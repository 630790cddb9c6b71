package dev.preflight.maven;

import dev.preflight.core.check.Outcome;
import dev.preflight.core.reactor.ModuleDecision;
import dev.preflight.core.reactor.SkipFlag;
import dev.preflight.core.render.ReportFormat;
import dev.preflight.core.report.ReadinessReport;
import java.io.File;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The report goal as a Maven site report: configured under {@code <reporting>}, {@code mvn site}
 * writes the five reports to {@code preflight/} in the site and a summary page {@code
 * preflight.html} that links them. Never fails on findings; bad input still fails.
 *
 * <p>It implements {@link MavenReport} itself rather than extending the reporting library's base
 * class so that it keeps every parameter of the other goals, with the same names and meaning.
 */
@Mojo(name = "site-report", defaultPhase = LifecyclePhase.SITE, threadSafe = true)
public class SiteReportMojo extends AbstractPreflightMojo implements MavenReport {

  /** The site directory; the site plugin sets it, the reports go to its {@code preflight/}. */
  @Parameter(defaultValue = "${project.reporting.outputDirectory}", readonly = true)
  File reportOutputDirectory;

  /** Skips this goal only (the site is built without the Preflight page). */
  @Parameter(property = "preflight.site.skip", defaultValue = "false")
  boolean siteSkip;

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.site.skip", siteSkip);
  }

  @Override
  boolean writesReports() {
    return true;
  }

  @Override
  String goal() {
    return "site-report";
  }

  @Override
  void conclude(AuditRun.Result result) {
    logSummary(result);
  }

  /** Run alone ({@code mvn preflight:site-report}) it writes the reports where the site has them. */
  @Override
  AuditRun.Request request() {
    outputDirectory = new File(reportOutputDirectory, getOutputName());
    return super.request();
  }

  @Override
  public void generate(Sink sink, Locale locale) throws MavenReportException {
    AuditRun.Result result;
    try {
      // A mistyped skip switch (canGenerateReport let it through) fails here with its message.
      if (decision() instanceof ModuleDecision.Skip) {
        return;
      }
      result = audit();
    } catch (MojoExecutionException | MojoFailureException e) {
      throw new MavenReportException(e.getMessage(), e);
    }
    conclude(result);
    render(sink, result);
  }

  private void render(Sink sink, AuditRun.Result result) {
    ReadinessReport report = result.report();
    String title = getName(Locale.ROOT) + ": " + report.target().project();
    sink.head();
    sink.title();
    sink.text(title);
    sink.title_();
    sink.head_();
    sink.body();
    sink.section1();
    sink.sectionTitle1();
    sink.text(title);
    sink.sectionTitle1_();
    sink.paragraph();
    sink.text("Program " + report.target().programId() + ", audited " + report.generatedAt()
        + (report.target().mainnet() ? " for mainnet" : "") + ".");
    sink.paragraph_();
    sink.paragraph();
    sink.bold();
    sink.text("Verdict: " + result.gate().summary());
    sink.bold_();
    sink.paragraph_();

    sink.section2();
    sink.sectionTitle2();
    sink.text("Results");
    sink.sectionTitle2_();
    sink.table();
    sink.tableRows();
    row(sink, true, "Outcome", "Checks");
    for (Map.Entry<Outcome, Integer> e : report.countByOutcome().entrySet()) {
      row(sink, false, e.getKey().label(), String.valueOf(e.getValue()));
    }
    sink.tableRows_();
    sink.table_();
    sink.section2_();

    sink.section2();
    sink.sectionTitle2();
    sink.text("Readiness per phase");
    sink.sectionTitle2_();
    sink.table();
    sink.tableRows();
    row(sink, true, "Phase", "Satisfied", "Readiness");
    for (ReadinessReport.Readiness r : report.readiness()) {
      if (r.kind().equals("phase")) {
        row(sink, false, r.title(), r.satisfied() + " / " + r.total(), r.percent() + " %");
      }
    }
    sink.tableRows_();
    sink.table_();
    sink.section2_();

    sink.section2();
    sink.sectionTitle2();
    sink.text("Reports");
    sink.sectionTitle2_();
    sink.list();
    for (ReportFormat f : ReportFormat.values()) {
      sink.listItem();
      sink.link(getOutputName() + "/" + f.fileName());
      sink.text(f.fileName());
      sink.link_();
      sink.listItem_();
    }
    sink.listItem();
    sink.link(getOutputName() + "/" + AuditRun.SNAPSHOT_FILE);
    sink.text(AuditRun.SNAPSHOT_FILE);
    sink.link_();
    sink.text(" (re-check offline with preflight.snapshot)");
    sink.listItem_();
    sink.list_();
    sink.section2_();
    sink.section1_();
    sink.body_();
    sink.flush();
    sink.close();
  }

  private static void row(Sink sink, boolean header, String... cells) {
    sink.tableRow();
    for (String c : cells) {
      if (header) {
        sink.tableHeaderCell();
        sink.text(c);
        sink.tableHeaderCell_();
      } else {
        sink.tableCell();
        sink.text(c);
        sink.tableCell_();
      }
    }
    sink.tableRow_();
  }

  @Override
  public String getOutputName() {
    return "preflight";
  }

  @Override
  public String getCategoryName() {
    return CATEGORY_PROJECT_REPORTS;
  }

  @Override
  public String getName(Locale locale) {
    return "Preflight readiness";
  }

  @Override
  public String getDescription(Locale locale) {
    return "Preflight readiness: the verdict, results and readiness per phase, with the full "
        + "reports.";
  }

  @Override
  public void setReportOutputDirectory(File directory) {
    reportOutputDirectory = directory;
  }

  @Override
  public File getReportOutputDirectory() {
    return reportOutputDirectory;
  }

  @Override
  public boolean isExternalReport() {
    return false;
  }

  @Override
  public boolean canGenerateReport() {
    Optional<String> tooOld = SitePluginRequirement.problem(session == null ? null
        : session.getCurrentProject());
    if (tooOld.isPresent()) {
      // Fails the site build: a skipped page and a green build would hide the audit.
      throw new IllegalStateException(tooOld.get());
    }
    try {
      if (decision() instanceof ModuleDecision.Skip s) {
        getLog().info(s.message());
        return false;
      }
      return true;
    } catch (MojoFailureException e) {
      // A mistyped skip switch: generate() runs the same check and fails with this message.
      return true;
    }
  }
}
