package dev.preflight.core.fuzz;

import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.Idl;

/** How the campaign names a failed call, for other packages: the IDL's error name where it has one. */
public final class ProgramErrors {
  private ProgramErrors() {}

  /** {@code SaleEnded (6027)} for an IDL error, else the error as compact text; {@code ok} on success. */
  public static String name(Idl idl, Simulation sim) {
    return sim.success() ? "ok" : InstructionStats.errorName(idl, sim);
  }
}
