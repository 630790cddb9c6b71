package dev.preflight.core.gate;

import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.vocabulary.Severity;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The gate as a run assembles it: suppressions applied as of a date, then the threshold; an
 * inconclusive result fails the gate on a mainnet policy unless the caller says otherwise.
 */
public final class GateAssembly {
  private GateAssembly() {}

  public static GateResult assemble(ReadinessReport report, Suppressions suppressions,
                                    LocalDate asOf, Severity failOnSeverity,
                                    Optional<Boolean> failOnInconclusive) {
    SuppressionOutcome applied = suppressions.apply(report, asOf);
    GatePolicy policy = new GatePolicy(failOnSeverity,
        failOnInconclusive.orElse(report.target().mainnet()));
    return Gate.evaluate(applied, policy);
  }
}
