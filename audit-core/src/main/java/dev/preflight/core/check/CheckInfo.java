package dev.preflight.core.check;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Severity;
import java.util.Arrays;
import java.util.List;

/** The metadata of one check id, as a value. */
public record CheckInfo(String id, String title, Severity severity, List<String> checklist,
                        String rationale, String remediation, List<String> references) {

  public CheckInfo {
    checklist = List.copyOf(checklist);
    references = List.copyOf(references);
  }

  public static CheckInfo of(CheckDefinition d) {
    return new CheckInfo(d.id(), d.title(), d.severity(), Arrays.asList(d.checklist()),
        d.rationale(), d.remediation(), Arrays.asList(d.references()));
  }

  /** Every {@link CheckDefinition} on {@code type}, in declaration order. */
  public static List<CheckInfo> fromAnnotations(Class<?> type) {
    CheckDefinition[] defs = type.getAnnotationsByType(CheckDefinition.class);
    if (defs.length == 0) {
      throw new PreflightException("Check class " + type.getName()
          + " has no @CheckDefinition; annotate it with its id, title, severity and remediation.");
    }
    return Arrays.stream(defs).map(CheckInfo::of).toList();
  }

  /** Starts a result of this check with the default severity and checklist ids. */
  public CheckResult.Builder result(Outcome outcome, String message) {
    return CheckResult.builder(this, outcome, message);
  }

  public CheckResult.Builder pass(String message) {
    return result(Outcome.PASS, message);
  }

  public CheckResult.Builder fail(String message) {
    return result(Outcome.FAIL, message);
  }

  public CheckResult.Builder inconclusive(String reason) {
    return result(Outcome.INCONCLUSIVE, reason);
  }

  public CheckResult.Builder notApplicable(String reason) {
    return result(Outcome.NOT_APPLICABLE, reason);
  }
}
