package dev.preflight.core.fuzz;

import java.util.List;

/** A template (by index) plus the mutations this case applies. */
public record FuzzCase(int template, List<Mutation> mutations) {
  public FuzzCase {
    mutations = List.copyOf(mutations);
  }

  public String describe() {
    return mutations.isEmpty() ? "template as given"
        : String.join("; ", mutations.stream().map(Mutation::describe).toList());
  }
}
