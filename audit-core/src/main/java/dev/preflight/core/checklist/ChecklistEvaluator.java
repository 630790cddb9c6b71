package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.report.ReadinessReport;
import java.util.List;

/** Turns a run's results (and the policy's attestations) into checklist status and readiness. */
public interface ChecklistEvaluator {

  Status evaluate(Policy policy, List<CheckResult> results, AuditContext context);

  /** Item statuses, readiness figures, and results for manual or attested items. */
  record Status(List<ReadinessReport.ItemStatus> items, List<ReadinessReport.Readiness> readiness,
                List<CheckResult> extraResults) {
    public Status {
      items = List.copyOf(items);
      readiness = List.copyOf(readiness);
      extraResults = List.copyOf(extraResults);
    }
  }

  static ChecklistEvaluator none() {
    return (policy, results, context) -> new Status(List.of(), List.of(), List.of());
  }
}
