package dev.preflight.core.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One recent transaction of the audited program, as getTransaction returned it: outcome, fee and
 * compute units, and the instruction data of every top-level instruction addressed to the program
 * (hex), so checks can attribute cost to instructions without any further I/O.
 */
public record TxRecord(String signature, long slot, OptionalLong blockTime, Optional<String> error,
                       long fee, long computeUnits, List<String> programInstructionsHex) {
  public TxRecord {
    programInstructionsHex = List.copyOf(programInstructionsHex);
  }

  public boolean failed() {
    return error.isPresent();
  }
}
