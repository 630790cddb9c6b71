package dev.preflight.core.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@code fuzz.coverage}: the campaign reached at least the policy's share of the program's code
 * ({@code fuzz.coverage.min}, percent of {@code .text} slots). No trace of the program is
 * INCONCLUSIVE (nothing was measured, so nothing passes); no minimum in the policy is
 * NOT_APPLICABLE, with the figures still given as evidence when they were measured.
 */
@CheckDefinition(id = CoverageCheck.ID, title = "The campaign exercised enough of the deployed code",
    severity = Severity.MEDIUM, checklist = {"p1.2.fuzzing", "p2.1.edge-cases"},
    rationale = "A clean campaign says little when most of the program never ran. Coverage is "
        + "measured on the binary that is deployed, from the SVM's own register traces, so it "
        + "counts what the validator executed, not what a native build of the source would.",
    remediation = "Look at the report's coverage gaps: the largest are listed with the nearest "
        + "symbol and their instructions. Add scenario calls or sequences that reach them "
        + "(an instruction never called, an error path never taken), or lower fuzz.coverage.min "
        + "with the reason in the policy.")
public final class CoverageCheck {
  public static final String ID = "fuzz.coverage";
  /** The policy key of the minimum, in percent of slots. */
  public static final String POLICY_KEY = "fuzz.coverage.min";

  private CoverageCheck() {}

  /** {@code fuzz.coverage.min} of the policy (validated by its schema: a number 0..100). */
  public static OptionalDouble minimum(Policy policy) {
    JsonNode min = policy.extension("fuzz").map(f -> f.path("coverage").path("min"))
        .orElse(MissingNode.getInstance());
    return min.isNumber() ? OptionalDouble.of(min.asDouble()) : OptionalDouble.empty();
  }

  public static CheckInfo info() {
    return CheckInfo.fromAnnotations(CoverageCheck.class).getFirst();
  }

  /**
   * Judges {@code coverage} against {@code minPercent}.
   *
   * @param coverage the campaign's coverage, empty when it ran without tracing
   * @param minPercent {@code fuzz.coverage.min}, empty when the policy sets none
   * @param programId the program under test (the result's subject)
   */
  public static CheckResult evaluate(Optional<CoverageReport> coverage, OptionalDouble minPercent,
                                     String programId) {
    return evaluate(coverage, minPercent, programId, Optional.empty());
  }

  /**
   * As {@link #evaluate(Optional, OptionalDouble, String)}, with the reason the campaign ran
   * without traces (coverage turned off, a validator that cannot trace, an SBPF v3 program).
   */
  public static CheckResult evaluate(Optional<CoverageReport> coverage, OptionalDouble minPercent,
                                     String programId, Optional<String> whyNoTraces) {
    CheckInfo info = info();
    if (minPercent.isPresent() && (minPercent.getAsDouble() < 0 || minPercent.getAsDouble() > 100)) {
      throw new IllegalArgumentException(POLICY_KEY + " must be a percentage 0..100, not "
          + minPercent.getAsDouble());
    }
    String min = minPercent.isPresent() ? pct(minPercent.getAsDouble()) + " %" : "not set";
    if (coverage.isEmpty() && minPercent.isEmpty()) {
      // nothing to judge and nothing measured: no minimum was asked for
      return info.notApplicable("Coverage was not measured ("
              + whyNoTraces.orElse("the campaign ran without register traces") + ") and the policy sets no "
              + POLICY_KEY + " to judge it by.")
          .subject(programId, "coverage").evidence(Evidence.note(POLICY_KEY, min)).build();
    }
    if (coverage.isEmpty() || !coverage.get().hasEvidence()) {
      String why = coverage.isEmpty()
          ? whyNoTraces.orElse("the campaign ran without register traces")
          : "no trace of " + programId + " from this build was read"
              + (coverage.get().rejectedTraces() > 0 ? " (" + coverage.get().rejectedTraces()
              + " traces were of another build at the same address or unreadable)" : "");
      return info.inconclusive("Coverage was not measured: " + why + ". Run the campaign on the "
              + "embedded validator with tracing on.")
          .subject(programId, "coverage").evidence(Evidence.note(POLICY_KEY, min)).build();
    }
    CoverageReport r = coverage.get();
    List<Evidence> ev = evidence(r, programId);
    ev.add(Evidence.note(POLICY_KEY, min));
    String figures = String.format(Locale.ROOT, "%d of %d slots (%s %%), %d of %d branch edges (%s %%)",
        r.reached(), r.slots(), pct(r.percent()), r.edgesReached(), r.edges(), pct(r.edgePercent()));
    if (minPercent.isEmpty()) {
      return info.notApplicable("The campaign reached " + figures + "; the policy sets no "
          + POLICY_KEY + " to judge it by.").subject(programId, "coverage").evidence(ev).build();
    }
    if (r.percent() < minPercent.getAsDouble()) {
      Optional<Gap> largest = r.gaps().stream()
          .max((a, b) -> Integer.compare(a.slots().size(), b.slots().size()));
      return info.fail("The campaign reached " + figures + ", below the policy's " + min
              + largest.map(g -> "; the largest gap is " + g.slots().size() + " slots at 0x"
                  + Long.toHexString(g.startAddress()) + (g.symbol().isEmpty() ? "" : " (" + g.symbol() + ")"))
                  .orElse("") + ".")
          .subject(programId, "coverage").evidence(ev).build();
    }
    return info.pass("The campaign reached " + figures + ", at least the policy's " + min + ".")
        .subject(programId, "coverage").evidence(ev).build();
  }

  private static List<Evidence> evidence(CoverageReport r, String programId) {
    List<Evidence> ev = new ArrayList<>();
    ev.add(new Evidence(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(programId),
        Optional.empty(), OptionalLong.empty(), Optional.of(r.programSha256()), "coverage.instructions",
        r.reached() + "/" + r.slots() + " slots (" + pct(r.percent()) + " %)"));
    ev.add(Evidence.note("coverage.edges", r.edgesReached() + "/" + r.edges() + " conditional edges ("
        + pct(r.edgePercent()) + " %)"));
    ev.add(Evidence.note("coverage.traces", r.traces() + " invocations, " + r.steps() + " instructions executed"));
    if (r.rejectedTraces() > 0) {
      ev.add(Evidence.note("coverage.rejected-traces", r.rejectedTraces() + " traces of another build or unreadable, left out"));
    }
    return ev;
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
