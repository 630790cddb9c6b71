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
                - id: p1.1.b
                  text: B
                  manual: true
                - id: p1.1.g
                  text: G
                  parts:
                    - {id: p1.1.g1, text: G1}
                    - {id: p1.1.g2, text: G2, manual: true}
      criteria:
        - id: crit.1
          text: C
          rollsUp: [p1.1.a, p1.1.g]
      """;

  /** x.one answers p1.1.a, x.two answers p1.1.g1: declared on the checks, as in the registry. */
  static final List<CheckInfo> DEFS = List.of(def("x.one", "p1.1.a"), def("x.two", "p1.1.g1"));

  static CheckInfo def(String id, String... items) {
    return new CheckInfo(id, id, Severity.LOW, List.of(items), "r", "m", List.of());
  }

  @Test
  void readsTheModel() {
    Checklist c = ChecklistLoader.parse(SMALL, "small.yaml", DEFS);
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
        .replace("id: p1.1.b\n", "id: p1.1.a\n")
        .replace("rollsUp: [p1.1.a, p1.1.g]", "rollsUp: [p1.1.a, p1.1.gg, p1.1.zzzzzz]")
        .replace("      text: G\n", "      txt: G\n");
    ChecklistException e = assertThrows(ChecklistException.class,
        () -> ChecklistLoader.parse(broken, "small.yaml", DEFS));
    assertEquals(List.of(
        "small.yaml:13:17 phases[0].sections[0].items[1].id: duplicate id 'p1.1.a' (also at "
            + "phases[0].sections[0].items[0]); ids must be unique",
        "small.yaml:16:13 phases[0].sections[0].items[2]: missing required key 'text'",
        "small.yaml:17:13 phases[0].sections[0].items[2].txt: unknown key 'txt'; did you mean "
            + "'text'?",
        "small.yaml:24:23 criteria[0].rollsUp[1]: unknown item id 'p1.1.gg'; did you mean "
            + "'p1.1.g'?",
        "small.yaml:24:32 criteria[0].rollsUp[2]: unknown item id 'p1.1.zzzzzz'"),
        e.problems().stream().map(SourceProblem::render).toList());
  }

  @Test
  void anItemIsAttestedOrGroupsPartsNotBoth() {
    String both = SMALL.replace("text: G\n", "text: G\n            manual: true\n");
    ChecklistException e = assertThrows(ChecklistException.class,
        () -> ChecklistLoader.parse(both, "small.yaml", DEFS));
    assertEquals(List.of("small.yaml:16:13 phases[0].sections[0].items[2]: item 'p1.1.g' is "
        + "either attested ('manual: true') or groups 'parts', not both"),
        e.problems().stream().map(SourceProblem::render).toList());
  }

  @Test
  void theMappingIsDerivedFromTheChecksDeclarations() {
    Checklist c = ChecklistLoader.parse(SMALL, "small.yaml",
        List.of(def("x.one", "p1.1.a"), def("x.two", "p1.1.g1", "p1.1.a")));
    assertEquals(List.of("x.one", "x.two"), c.item("p1.1.a").orElseThrow().checks());
    assertEquals(List.of("x.two"), c.item("p1.1.g1").orElseThrow().checks());
    assertEquals(List.of(), c.item("p1.1.b").orElseThrow().checks());
  }

  @Test
  void aCheckNamingANonAutomatedItemOrAnAutomatedItemNoCheckNamesIsAnError() {
    ChecklistException e = assertThrows(ChecklistException.class,
        () -> ChecklistLoader.parse(SMALL, "small.yaml", List.of(def("x.one", "p1.1.a"),
            def("x.two", "p1.1.q", "p1.1.b", "p1.1.g"))));
    assertEquals(List.of(
        "small.yaml check x.two names checklist item 'p1.1.q', which does not exist; did you mean "
            + "'p1.1.a'?",
        "small.yaml check x.two names checklist item 'p1.1.b', which a person attests (manual: "
            + "true); name an automated item",
        "small.yaml check x.two names checklist item 'p1.1.g', which groups parts; name the parts "
            + "it answers",
        "small.yaml checklist item 'p1.1.g1' is answered by no check on the class path: declare "
            + "it in a check's checklist items, or mark it 'manual: true'"),
        e.problems().stream().map(SourceProblem::render).toList());
  }
}
