package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckDeclarations;
import dev.preflight.core.coverage.CoverageCheck;
import java.util.List;

/**
 * The ids a fuzz campaign reports, for the check registry: the single-call oracles,
 * re-initialization, pre-funded account creation, the emergency stop wiring and the coverage
 * the campaign measured. Each class
 * declares its own metadata; the policy's invariants declare theirs in the policy.
 */
public final class FuzzCheckDeclarations implements CheckDeclarations {

  // tag::oracles[]
  @Override
  public List<Class<?>> declaringClasses() {
    return List.of(Oracles.class, ReinitializationOracle.class, PrefundOracle.class,
        EmergencyStopWiring.class, CoverageCheck.class);
  }
  // end::oracles[]
}
