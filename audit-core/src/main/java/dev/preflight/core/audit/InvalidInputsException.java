package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.policy.SourceProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Files the policy or the build names that cannot be used: missing, unreadable, not what they
 * claim to be. Carries every problem found, each at the key that names the file, so one run tells
 * the user everything to fix. A missing input is the user's mistake, never a finding.
 */
public final class InvalidInputsException extends PreflightException {
  private final transient List<SourceProblem> problems;

  public InvalidInputsException(List<SourceProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<SourceProblem> problems() {
    return problems;
  }

  private static String describe(List<SourceProblem> problems) {
    String head = "Preflight did not start: " + problems.size()
        + (problems.size() == 1 ? " input is" : " inputs are")
        + " missing or invalid (nothing was read from any cluster):";
    return problems.stream().map(p -> "  " + p.render())
        .collect(Collectors.joining(System.lineSeparator(), head + System.lineSeparator(), ""));
  }
}
