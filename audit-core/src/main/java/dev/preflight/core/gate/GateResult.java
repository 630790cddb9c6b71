package dev.preflight.core.gate;

import dev.preflight.core.report.ReadinessReport;
import java.util.List;

/**
 * The gate's verdict with what decided it. {@code reasons} broke the gate; {@code waived} would
 * have, but are suppressed; {@code suppressions} is the decision every renderer shows.
 */
public record GateResult(Verdict verdict, GatePolicy policy, List<GateReason> reasons,
                         List<GatedResult> waived, SuppressionOutcome suppressions) {

  public GateResult {
    reasons = List.copyOf(reasons);
    waived = List.copyOf(waived);
  }

  public enum Verdict {
    PASS, FAIL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  public ReadinessReport report() {
    return suppressions.report();
  }

  public List<SuppressionWarning> warnings() {
    return suppressions.warnings();
  }

  /** One line for a build log, e.g. "FAIL: 2 findings at or above high (1 suppressed)". */
  public String summary() {
    StringBuilder b = new StringBuilder(verdict.name()).append(": ");
    long findings = reasons.stream().filter(r -> r instanceof GateReason.Finding).count();
    long clusters = reasons.size() - findings;
    if (reasons.isEmpty()) {
      b.append("no finding at or above ").append(policy.failOnSeverity().label());
    } else {
      b.append(findings).append(findings == 1 ? " finding" : " findings").append(" at or above ")
          .append(policy.failOnSeverity().label());
      if (clusters > 0) {
        b.append(", ").append(clusters).append(clusters == 1 ? " cluster" : " clusters")
            .append(" unreachable");
      }
    }
    if (!waived.isEmpty()) {
      b.append(" (").append(waived.size()).append(" suppressed)");
    }
    return b.toString();
  }
}
