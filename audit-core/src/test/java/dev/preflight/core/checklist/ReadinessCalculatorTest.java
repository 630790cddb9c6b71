package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.checklist.Readiness.ItemReadiness;
import dev.preflight.core.policy.Policy;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadinessCalculatorTest {
  private static final String LIST = """
      id: t
      title: T
      phases:
        - id: p1
          kind: roadmap
          title: One
          sections:
            - id: p1.1
              title: First
              items:
                - {id: p1.1.a, text: A}
                - {id: p1.1.b, text: B}
                - {id: p1.1.m, text: M, manual: true}
                - {id: p1.1.n, text: N, manual: true}
            - id: p1.2
              title: Second
              items:
                - {id: p1.2.docs-api, text: API}
                - {id: p1.2.docs-ops, text: Ops}
                - {id: p1.2.na, text: NA}
        - id: p2
          kind: actions
          title: Two
          sections:
            - id: p2.1
              title: Grouped
              items:
                - id: p2.1.g
                  text: G
                  parts:
                    - {id: p2.1.g1, text: G1}
                    - {id: p2.1.g2, text: G2}
                    - {id: p2.1.g3, text: G3}
      criteria:
        - {id: crit.1, text: One, rollsUp: [p1.1.a, p1.1.m]}
        - {id: crit.2, text: Two, rollsUp: [p1.1.b, p2.1.g]}
        - {id: crit.3, text: Three, rollsUp: [p1.1.a, p1.2.docs-api]}
      """;

  private static final Checklist CHECKLIST = ChecklistLoader.parse(LIST, "t.yaml",
      List.of(ChecklistLoaderTest.def("c.a", "p1.1.a", "p1.1.b", "p2.1.g1"),
      ChecklistLoaderTest.def("c.b", "p1.1.b"),
      ChecklistLoaderTest.def("c.docs", "p1.2.docs-api", "p1.2.docs-ops"),
      ChecklistLoaderTest.def("c.na", "p1.2.na"),
      ChecklistLoaderTest.def("c.inc", "p2.1.g2"),
      ChecklistLoaderTest.def("c.never", "p2.1.g3")));

  private static CheckResult result(String id, Outcome outcome, String... items) {
    CheckInfo info = new CheckInfo(id, id, Severity.MEDIUM, List.of(items), "r", "m", List.of());
    return info.result(outcome, id + " said " + outcome.label()).subject(id + "-subject", "f")
        .build();
  }

  private static AttestationVerdict verdict(String item, AttestationVerdict.State state) {
    Policy.Attestation a = new Policy.Attestation(item, Path.of("e.pdf"), "00".repeat(32), "Ann",
        LocalDate.of(2026, 1, 2), "e.pdf");
    return new AttestationVerdict(a, state, state.verified() ? "attested by Ann" : "mismatch",
        Optional.empty());
  }

  @Test
  void statusesAndPercentagesFollowTheRules() {
    List<CheckResult> results = List.of(
        result("c.a", Outcome.PASS),
        result("c.b", Outcome.FAIL),
        // One result per document, each narrowed to its own item.
        result("c.docs", Outcome.PASS, "p1.2.docs-api"),
        result("c.docs", Outcome.FAIL, "p1.2.docs-ops"),
        result("c.na", Outcome.NOT_APPLICABLE),
        result("c.inc", Outcome.INCONCLUSIVE),
        // Results of checks no item lists are ignored, including attestation results.
        result("attestation.p1.1.m", Outcome.ATTESTED, "p1.1.m"));
    Readiness r = ReadinessCalculator.compute(CHECKLIST, results, List.of(
        verdict("p1.1.m", AttestationVerdict.State.VERIFIED),
        verdict("p1.1.n", AttestationVerdict.State.HASH_MISMATCH),
        verdict("p1.1.b", AttestationVerdict.State.VERIFIED)));

    assertEquals(ItemStatus.SATISFIED, status(r, "p1.1.a"));
    // An attestation does not outweigh a failing check.
    assertEquals(ItemStatus.FAILED, status(r, "p1.1.b"));
    assertEquals(ItemStatus.SATISFIED, status(r, "p1.1.m"));
    assertEquals(ItemStatus.MANUAL, status(r, "p1.1.n"));
    assertEquals("attestation not accepted: mismatch", r.item("p1.1.n").orElseThrow().reason());
    assertEquals(ItemStatus.SATISFIED, status(r, "p1.2.docs-api"));
    assertEquals(ItemStatus.FAILED, status(r, "p1.2.docs-ops"));
    assertEquals(1, r.item("p1.2.docs-ops").orElseThrow().results().size());
    assertEquals(ItemStatus.NOT_APPLICABLE, status(r, "p1.2.na"));
    assertEquals(ItemStatus.SATISFIED, status(r, "p2.1.g1"));
    assertEquals(ItemStatus.INCONCLUSIVE, status(r, "p2.1.g2"));
    assertEquals(ItemStatus.NOT_RUN, status(r, "p2.1.g3"));
    assertEquals("no result from c.never", r.item("p2.1.g3").orElseThrow().reason());
    assertEquals(ItemStatus.INCONCLUSIVE, status(r, "p2.1.g"), "most pressing part wins");

    // p1.1: a, m satisfied of 4 -> 50 %. p1.2: 1 of 3. p2.1 counts its 3 parts, not the parent.
    Readiness.PhaseReadiness p1 = r.phase("p1").orElseThrow();
    assertEquals(new Tally(2, 1, 0, 0, 1, 0), p1.sections().get(0).tally());
    assertEquals(50.0, p1.sections().get(0).tally().percent());
    assertEquals(new Tally(1, 1, 0, 0, 0, 1), p1.sections().get(1).tally());
    assertEquals(100.0 / 3, p1.sections().get(1).tally().percent(), 1e-9);
    assertEquals(7, p1.tally().total());
    assertEquals(3, p1.tally().satisfied());
    Readiness.PhaseReadiness p2 = r.phase("p2").orElseThrow();
    assertEquals(new Tally(1, 0, 1, 1, 0, 0), p2.tally());
    assertEquals(10, r.overall().total());
    assertEquals(40.0, r.overall().percent());

    assertTrue(r.criterion("crit.1").orElseThrow().met());
    assertEquals(100.0, r.criterion("crit.1").orElseThrow().tally().percent());
    Readiness.CriterionReadiness c2 = r.criterion("crit.2").orElseThrow();
    assertEquals(ItemStatus.FAILED, c2.status());
    assertEquals(new Tally(1, 1, 1, 1, 0, 0), c2.tally(), "b plus g's three parts");
    assertTrue(r.criterion("crit.3").orElseThrow().met());
  }

  @Test
  void checksThatDidNotRunLeaveItemsNotRun() {
    Readiness r = ReadinessCalculator.compute(CHECKLIST, List.of(), List.of());
    assertEquals(ItemStatus.NOT_RUN, status(r, "p1.1.a"));
    assertEquals(ItemStatus.MANUAL, status(r, "p1.1.m"));
    assertEquals("needs an attestation (manual item)", r.item("p1.1.m").orElseThrow().reason());
    assertEquals(0.0, r.overall().percent());
    assertFalse(r.criterion("crit.1").orElseThrow().met());
    // A partly-run item is not satisfied by the part that ran.
    Readiness partial = ReadinessCalculator.compute(CHECKLIST,
        List.of(result("c.a", Outcome.PASS)), List.of());
    assertEquals(ItemStatus.NOT_RUN, status(partial, "p1.1.b"));
    assertEquals("no result from c.b", partial.item("p1.1.b").orElseThrow().reason());
  }

  @Test
  void notApplicableResultsBesidePassesStillSatisfy() {
    Readiness r = ReadinessCalculator.compute(CHECKLIST, List.of(
        result("c.a", Outcome.PASS), result("c.b", Outcome.NOT_APPLICABLE)), List.of());
    ItemReadiness b = r.item("p1.1.b").orElseThrow();
    assertEquals(ItemStatus.SATISFIED, b.status());
    assertEquals("passed: c.a", b.reason());
  }

  private static ItemStatus status(Readiness r, String id) {
    return r.item(id).orElseThrow().status();
  }
}
