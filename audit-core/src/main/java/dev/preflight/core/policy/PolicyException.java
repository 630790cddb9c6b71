package dev.preflight.core.policy;

import dev.preflight.core.PreflightException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy file that cannot be used. Carries every problem found (not only the first), each with
 * file, line, column and field path, so one run tells the user everything to fix.
 */
public class PolicyException extends PreflightException {
  private final transient List<SourceProblem> problems;

  public PolicyException(List<SourceProblem> problems) {
    super(describe("Policy", problems));
    this.problems = sorted(problems);
  }

  protected PolicyException(String what, List<SourceProblem> problems) {
    super(describe(what, problems));
    this.problems = sorted(problems);
  }

  public List<SourceProblem> problems() {
    return problems;
  }

  static List<SourceProblem> sorted(List<SourceProblem> problems) {
    return problems.stream()
        .sorted(Comparator.comparing(SourceProblem::file).thenComparingInt(SourceProblem::line)
            .thenComparingInt(SourceProblem::column).thenComparing(SourceProblem::path))
        .distinct().toList();
  }

  private static String describe(String what, List<SourceProblem> problems) {
    List<SourceProblem> s = sorted(problems);
    String head = what + " " + (s.isEmpty() ? "is invalid" : "'" + s.getFirst().file() + "'")
        + " has " + s.size() + (s.size() == 1 ? " problem" : " problems") + ":";
    return s.stream().map(p -> "  " + p.render())
        .collect(Collectors.joining(System.lineSeparator(), head + System.lineSeparator(), ""));
  }
}
