package dev.preflight.core.checklist;

import dev.preflight.core.PreflightException;
import dev.preflight.core.policy.SourceProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A checklist file that cannot be used, with every problem located in the file. */
public class ChecklistException extends PreflightException {
  private final transient List<SourceProblem> problems;

  public ChecklistException(List<SourceProblem> problems) {
    this(sorted(problems), true);
  }

  private ChecklistException(List<SourceProblem> problems, boolean sortedAlready) {
    super("Checklist has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + ":" + problems.stream().map(p -> System.lineSeparator() + "  " + p.render())
        .collect(Collectors.joining()));
    this.problems = List.copyOf(problems);
  }

  private static List<SourceProblem> sorted(List<SourceProblem> problems) {
    return problems.stream().sorted(java.util.Comparator.comparing(SourceProblem::file)
        .thenComparingInt(SourceProblem::line).thenComparingInt(SourceProblem::column))
        .distinct().toList();
  }

  public List<SourceProblem> problems() {
    return problems;
  }
}
