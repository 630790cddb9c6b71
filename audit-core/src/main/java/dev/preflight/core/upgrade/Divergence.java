package dev.preflight.core.upgrade;

import java.util.List;

/**
 * Where a run first behaved differently: the run, the index of the first differing step, the
 * outcome of every step up to it on both binaries, and the differences at that step.
 */
record Divergence(RecordedRun run, int step, List<StepOutcome> deployed, List<StepOutcome> candidate,
                  List<Difference> differences) {
  Divergence {
    deployed = List.copyOf(deployed);
    candidate = List.copyOf(candidate);
    differences = List.copyOf(differences);
  }

  /** Shorter reproducers first: a single case, then fewer steps. */
  int length() {
    return step + 1;
  }
}
