package dev.preflight.core.checklist;

import java.util.List;

/** A production-ready criterion: met when every item it rolls up is satisfied. */
public record Criterion(String id, String text, List<String> rollsUp) {

  public Criterion {
    rollsUp = List.copyOf(rollsUp);
  }
}
