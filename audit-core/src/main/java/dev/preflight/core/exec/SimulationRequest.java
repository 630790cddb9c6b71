package dev.preflight.core.exec;

import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * One transaction to simulate (wire bytes; signatures may be zero since simulation runs with
 * {@code sigVerify: false}) and the accounts whose post-simulation state is wanted.
 */
public record SimulationRequest(byte[] transaction, List<PublicKey> watch) {
  public SimulationRequest {
    watch = List.copyOf(watch);
  }
}
