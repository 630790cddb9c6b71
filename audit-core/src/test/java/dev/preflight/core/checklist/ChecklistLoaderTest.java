package dev.preflight.core.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.SourceProblem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecklistLoaderTest {
  static final String SMALL = """
      id: small
      title: Small
      phases:
        - id: p1
          kind: roadmap
          title: One
          sections:
            - id: p1.1
              title: First
              items:
                - id: p1.1.a
                  text: A
                  checks: [x.one]
                - id: p1.1.b
                  text: B
                  manual: true
                - id: p1.1.g
                  text: G
                  parts:
                    - {id: p1.1.g1, text: G1, checks: [x.two]}
                    - {id: p1.1.g2, text: G2, manual: true}
      criteria:
        - id: crit.1
          text: C
          rollsUp: [p1.1.a, p1.1.g]
      """;

  @Test
  void readsTheModel() {
    Checklist c = ChecklistLoader.parse(SMALL, "small.yaml", Set.of("x.one", "x.two"));
    assertEquals(List.of("p1.1.a", "p1.1.b", "p1.1.g", "p1.1.g1", "p1.1.g2"),
        c.items().stream().map(Item::id).toList());
    assertEquals(List.of("p1.1.a", "p1.1.b", "p1.1.g1", "p1.1.g2"),
        c.leafItems().stream().map(Item::id).toList());
    assertEquals(Set.of("x.one", "x.two"), c.checkIds());
    assertEquals(Phase.Kind.ROADMAP, c.phases().getFirst().kind());
    assertEquals(List.of("p1.1.a", "p1.1.g"), c.criterion("crit.1").orElseThrow().rollsUp());
  }

  @Test
  void reportsUnknownChecksItemsDuplicatesAndShapes() {
    String broken = SMALL
        .replace("checks: [x.two]", "checks: [x.tow]")
        .replace("id: p1.1.b\n", "id: p1.1.a\n")
        .replace("rollsUp: [p1.1.a, p1.1.g]", "rollsUp: [p1.1.a, p1.1.gg, p1.1.zzzzzz]")
        .replace("      text: G\n", "      txt: G\n");
    ChecklistException e = assertThrows(ChecklistException.class,
        () -> ChecklistLoader.parse(broken, "small.yaml", Set.of("x.one", "x.two")));
    assertEquals(List.of(
        "small.yaml:14:17 phases[0].sections[0].items[1].id: duplicate id 'p1.1.a' (also at "
            + "phases[0].sections[0].items[0]); ids must be unique",
        "small.yaml:17:13 phases[0].sections[0].items[2]: missing required key 'text'",
        "small.yaml:18:13 phases[0].sections[0].items[2].txt: unknown key 'txt'; did you mean "
            + "'text'?",
        "small.yaml:20:50 phases[0].sections[0].items[2].parts[0].checks[0]: unknown check id "
            + "'x.tow'; did you mean 'x.two'?",
        "small.yaml:25:23 criteria[0].rollsUp[1]: unknown item id 'p1.1.gg'; did you mean "
            + "'p1.1.g'?",
        "small.yaml:25:32 criteria[0].rollsUp[2]: unknown item id 'p1.1.zzzzzz'"),
        e.problems().stream().map(SourceProblem::render).toList());
  }

  @Test
  void itemsNeedExactlyOneWayToBeAnswered() {
    String both = SMALL.replace("text: B\n            manual: true\n",
        "text: B\n            manual: true\n            checks: [x.one]\n");
    ChecklistException e = assertThrows(ChecklistException.class,
        () -> ChecklistLoader.parse(both, "small.yaml", Set.of("x.one", "x.two")));
    assertEquals(List.of("small.yaml:14:13 phases[0].sections[0].items[1]: item 'p1.1.b' must "
        + "have exactly one of: a non-empty 'checks' list, 'manual: true', or 'parts'"),
        e.problems().stream().map(SourceProblem::render).toList());
  }

  @Test
  void crossCheckFindsDeclarationsTheChecklistDoesNotBackUp() {
    Checklist c = ChecklistLoader.parse(SMALL, "small.yaml", Set.of("x.one", "x.two"));
    CheckInfo good = new CheckInfo("x.one", "One", Severity.LOW, List.of("p1.1.a"), "r", "m",
        List.of());
    CheckInfo bad = new CheckInfo("x.two", "Two", Severity.LOW, List.of("p1.1.a", "p1.1.q"), "r",
        "m", List.of());
    assertEquals(List.of(
        "check x.two names checklist item 'p1.1.a', but that item does not list it under checks",
        "check x.two names checklist item 'p1.1.q', which does not exist; did you mean 'p1.1.a'?"),
        ChecklistLoader.crossCheck(c, List.of(good, bad)));
  }
}
