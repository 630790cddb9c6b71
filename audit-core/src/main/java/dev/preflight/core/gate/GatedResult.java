package dev.preflight.core.gate;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;

/**
 * A report's result with its suppression state. {@code index} is its position in {@code
 * report.results()}, which identifies it even when two results share a fingerprint.
 */
public record GatedResult(int index, CheckResult result, SuppressionState suppression) {

  /** FAIL or INCONCLUSIVE: the outcomes a suppression can waive and the gate can fail on. */
  public boolean finding() {
    return isFinding(result.outcome());
  }

  public boolean suppressed() {
    return suppression.suppressed();
  }

  static boolean isFinding(Outcome o) {
    return o == Outcome.FAIL || o == Outcome.INCONCLUSIVE;
  }
}
