package dev.preflight.core.upgrade;

import dev.preflight.core.fuzz.RecordedStep;
import java.util.List;

/**
 * One case or sequence of the campaign, replayable from its world: a single case is one simulated
 * step, a sequence lands its steps one after another.
 */
record RecordedRun(Kind kind, long number, List<RecordedStep> steps) {
  enum Kind { CASE, SEQUENCE }

  RecordedRun {
    steps = List.copyOf(steps);
  }

  String describe() {
    String n = number < 0 ? "from the scenario or the corpus" : Long.toString(number);
    return kind == Kind.CASE ? "case " + n : "sequence " + n;
  }
}
