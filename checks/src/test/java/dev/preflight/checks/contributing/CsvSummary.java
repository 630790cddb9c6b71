package dev.preflight.checks.contributing;

// tag::format[]
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.report.ReadinessReport;
import java.util.stream.Collectors;

/** A report format: one CSV line per result, a view of the canonical report and nothing more. */
public final class CsvSummary {
  private CsvSummary() {}

  public static String render(ReadinessReport report) {
    return "check,outcome,severity,fingerprint\n" + report.results().stream()
        .map(CsvSummary::line).collect(Collectors.joining());
  }

  private static String line(CheckResult r) {
    return String.join(",", r.checkId(), r.outcome().label(), r.severity().label(),
        r.fingerprint()) + "\n";
  }
}
// end::format[]
