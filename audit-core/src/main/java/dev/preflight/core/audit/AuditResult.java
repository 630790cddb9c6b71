package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.snapshot.Snapshot;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an audit produced: the snapshot it read, the report, and the results of its dynamic sources
 * (fuzz campaigns, wiring checks) as they came, which a saved snapshot records for offline
 * re-checks.
 */
public record AuditResult(Snapshot snapshot, ReadinessReport report,
                          List<CheckResult> dynamicResults) {

  public AuditResult {
    dynamicResults = List.copyOf(dynamicResults);
  }

  public AuditResult(Snapshot snapshot, ReadinessReport report) {
    this(snapshot, report, List.of());
  }

  public List<CheckResult> results() {
    return report.results();
  }

  /** The single result of {@code checkId}; fails clearly when there is none or several. */
  public CheckResult result(String checkId) {
    List<CheckResult> rs = report.results(checkId);
    if (rs.size() != 1) {
      throw new PreflightException("expected one result of " + checkId + ", found " + rs.size()
          + "; ids present: " + report.results().stream().map(CheckResult::checkId).distinct()
          .collect(Collectors.joining(", ")));
    }
    return rs.getFirst();
  }

  public Outcome outcome(String checkId) {
    return result(checkId).outcome();
  }
}
