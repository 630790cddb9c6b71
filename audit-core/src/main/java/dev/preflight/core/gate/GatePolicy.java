package dev.preflight.core.gate;

import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.report.ReadinessReport;

/**
 * When the gate fails: a FAIL at or above {@code failOnSeverity}; with {@code failOnInconclusive},
 * also an INCONCLUSIVE at or above it (evidence that could not be gathered is never a pass).
 */
public record GatePolicy(Severity failOnSeverity, boolean failOnInconclusive) {

  /** HIGH, and inconclusive results fail: the strict default. */
  public static GatePolicy defaults() {
    return new GatePolicy(Severity.HIGH, true);
  }

  /** HIGH; inconclusive results fail when the target is mainnet (the policy's strict mode). */
  public static GatePolicy defaultsFor(ReadinessReport report) {
    return new GatePolicy(Severity.HIGH, report.target().mainnet());
  }
}
