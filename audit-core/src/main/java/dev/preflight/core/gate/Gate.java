package dev.preflight.core.gate;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.report.ReadinessReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Decides PASS or FAIL from a report's suppression outcome and a {@link GatePolicy}. Pure. */
public final class Gate {
  private Gate() {}

  public static GateResult evaluate(SuppressionOutcome input, GatePolicy policy) {
    List<GateReason> reasons = new ArrayList<>();
    List<GatedResult> waived = new ArrayList<>();
    // An unreachable cluster fails the gate whatever the policy says: nothing about it was
    // checked, and the checks that needed it may not even have produced a result to count.
    for (ReadinessReport.ClusterInfo c : input.report().clusters()) {
      c.error().ifPresent(err -> reasons.add(new GateReason.ClusterUnreachable(c.name(), err,
          "cluster " + c.name() + " could not be read: " + err)));
    }
    // Worst first; report order among equals (the sort is stable).
    List<GatedResult> ordered = new ArrayList<>(input.results());
    ordered.sort(Comparator.comparing((GatedResult g) -> g.result().severity()).reversed());
    for (GatedResult g : ordered) {
      CheckResult r = g.result();
      boolean breaks = switch (r.outcome()) {
        case FAIL -> r.severity().atLeast(policy.failOnSeverity());
        case INCONCLUSIVE -> policy.failOnInconclusive()
            && r.severity().atLeast(policy.failOnSeverity());
        default -> false;
      };
      if (!breaks) {
        continue;
      }
      if (g.suppressed()) {
        waived.add(g);
      } else {
        reasons.add(new GateReason.Finding(g, describe(g)));
      }
    }
    return new GateResult(reasons.isEmpty() ? GateResult.Verdict.PASS : GateResult.Verdict.FAIL,
        policy, reasons, waived, input);
  }

  private static String describe(GatedResult g) {
    CheckResult r = g.result();
    String what = r.outcome() == Outcome.FAIL ? "failed" : "was inconclusive";
    String expired = g.suppression() instanceof SuppressionState.Expired e
        ? " (its suppression expired on " + e.entry().expires() + ")" : "";
    return r.checkId() + r.subject().map(s -> " [" + s + "]").orElse("") + " " + what + " ("
        + r.severity().label() + ")" + expired + ": " + r.message();
  }
}
