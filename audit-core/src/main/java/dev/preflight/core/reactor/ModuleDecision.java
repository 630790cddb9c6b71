package dev.preflight.core.reactor;

import java.nio.file.Files;
import java.util.List;

/**
 * Whether a goal runs in a module. A parent pom declares the plugin once for every module, so a
 * module without a policy is skipped with one line rather than failed; a policy path the user
 * named and that does not exist is an input mistake and still fails (the audit says so).
 */
public sealed interface ModuleDecision permits ModuleDecision.Run, ModuleDecision.Skip {

  /** The goal runs. */
  record Run() implements ModuleDecision {}

  /** The goal does nothing; {@link #message()} is the one line the build prints. */
  record Skip(String goal, Reason reason, String detail) implements ModuleDecision {
    /** E.g. "Preflight check skipped (preflight.skip)". */
    public String message() {
      return "Preflight " + goal + " skipped" + switch (reason) {
        case SKIP_FLAG -> " (" + detail + ")";
        case NO_POLICY -> ": " + detail;
      };
    }
  }

  /** Why a goal is skipped. */
  enum Reason { SKIP_FLAG, NO_POLICY }

  /**
   * The first set flag of {@code flags} skips (they are given from the broadest,
   * {@code preflight.skip}, to the goal's own); then a module without a policy at the default
   * location skips. Stand-alone (no project) the policy is the whole input: a missing one fails.
   */
  static ModuleDecision decide(String goal, List<SkipFlag> flags, PolicyLocation policy) {
    for (SkipFlag f : flags) {
      if (f.set()) {
        return new Skip(goal, Reason.SKIP_FLAG, f.property());
      }
    }
    if (policy.inProject() && !policy.named() && !Files.exists(policy.file())) {
      // The file name only: the default place is the module's own directory, and the line (and
      // the aggregate that repeats it) stays the same on every machine.
      return new Skip(goal, Reason.NO_POLICY, "this module has no policy (no "
          + policy.file().getFileName() + " next to its pom; write one, or set preflight.policy, "
          + "to audit it)");
    }
    return new Run();
  }
}
