package dev.preflight.core.render;

import java.util.Locale;
import java.util.Set;

/**
 * Reads a checklist item's status word as the checklist evaluator wrote it. The evaluator decides;
 * this only says which words mean "done" for a ticked box.
 */
final class ChecklistStatus {
  private static final Set<String> SATISFIED =
      Set.of("satisfied", "pass", "passed", "attested", "done", "complete");

  private ChecklistStatus() {}

  static boolean satisfied(String status) {
    return status != null && SATISFIED.contains(status.trim().toLowerCase(Locale.ROOT));
  }
}
