package dev.preflight.core.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@code fuzz.coverage} against the policy's minimum, and the minimum as the policy gives it. */
class CoverageCheckTest {
  static final String PROGRAM = "4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3";

  /** 4,000 of 8,000 slots reached: 50 %. */
  static CoverageReport half(long traces) {
    return new CoverageReport(PROGRAM, "ab".repeat(32), "V0", 0xe8, 8_000, traces == 0 ? 0 : 4_000, 7_900,
        traces == 0 ? 0 : 3_950, 1_200, traces == 0 ? 0 : 500, traces, traces * 1_000, 0,
        traces == 0 ? List.of(new SlotRange(0, 8_000)) : List.of(new SlotRange(4_000, 8_000)), List.of());
  }

  @Test
  void belowTheMinimumFailsAtOrAbovePasses() {
    CheckResult fail = CoverageCheck.evaluate(Optional.of(half(10)), OptionalDouble.of(60), PROGRAM);
    assertEquals(Outcome.FAIL, fail.outcome(), fail.message());
    assertTrue(fail.message().contains("4000 of 8000 slots (50.0 %)"), fail.message());
    assertTrue(fail.evidence().stream().anyMatch(e -> e.field().equals("coverage.edges")
        && e.value().startsWith("500/1200")));
    CheckResult pass = CoverageCheck.evaluate(Optional.of(half(10)), OptionalDouble.of(50), PROGRAM);
    assertEquals(Outcome.PASS, pass.outcome(), pass.message());
    assertEquals(CoverageCheck.ID, pass.checkId());
  }

  @Test
  void noTracesIsInconclusiveNeverAPass() {
    assertEquals(Outcome.INCONCLUSIVE,
        CoverageCheck.evaluate(Optional.empty(), OptionalDouble.of(0), PROGRAM).outcome());
    CheckResult none = CoverageCheck.evaluate(Optional.of(half(0)), OptionalDouble.of(0), PROGRAM);
    assertEquals(Outcome.INCONCLUSIVE, none.outcome(), none.message());
  }

  @Test
  void noMinimumIsNotApplicableWithTheFigures() {
    CheckResult r = CoverageCheck.evaluate(Optional.of(half(3)), OptionalDouble.empty(), PROGRAM);
    assertEquals(Outcome.NOT_APPLICABLE, r.outcome());
    assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("coverage.instructions")));
  }

  @Test
  void theMinimumComesFromThePolicy() {
    String head = """
        project: demo
        clusters:
          - name: local
            url: http://127.0.0.1:8899
        program:
          id: %s
        """.formatted(PROGRAM);
    PolicyLoader loader = new PolicyLoader(name -> Optional.empty());
    assertEquals(OptionalDouble.of(85.5), CoverageCheck.minimum(
        loader.parse(head + "fuzz:\n  coverage:\n    min: 85.5\n", Path.of("preflight.yaml"))));
    assertEquals(OptionalDouble.empty(), CoverageCheck.minimum(loader.parse(head, Path.of("preflight.yaml"))));
    PolicyException e = assertThrows(PolicyException.class,
        () -> loader.parse(head + "fuzz:\n  coverage:\n    min: 120\n", Path.of("preflight.yaml")));
    assertTrue(e.getMessage().contains("preflight.yaml:9"), e.getMessage());
  }
}
