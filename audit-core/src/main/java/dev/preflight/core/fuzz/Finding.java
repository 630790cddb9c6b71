package dev.preflight.core.fuzz;

import dev.preflight.core.exec.Simulation;
import java.util.List;

/**
 * A case an oracle objected to, after shrinking: the call it makes, the simulation, the exact
 * transaction (unsigned, base64 in reproducers) and the accounts it needs written first.
 */
public record Finding(String checkId, String reason, long caseNumber, FuzzCase fuzzCase,
                      CaseRunner.Call call, Simulation simulation, byte[] transaction,
                      List<Substitutes.Prepared> setup, boolean fromCorpus) {
  public Finding {
    setup = List.copyOf(setup);
  }
}
