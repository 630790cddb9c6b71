package dev.preflight.core.gate;

import java.util.Optional;

/**
 * Why the gate failed, or what a suppression waived: a result (by its {@link GatedResult}) or a
 * cluster that could not be read.
 */
public sealed interface GateReason {

  String message();

  /** A FAIL or INCONCLUSIVE result at or above the threshold. */
  record Finding(GatedResult result, String message) implements GateReason {}

  /** A cluster of the policy could not be read at all: none of its evidence exists. */
  record ClusterUnreachable(String cluster, String error, String message) implements GateReason {}

  default Optional<GatedResult> gatedResult() {
    return this instanceof Finding f ? Optional.of(f.result()) : Optional.empty();
  }
}
