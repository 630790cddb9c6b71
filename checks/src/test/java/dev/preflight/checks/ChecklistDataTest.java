package dev.preflight.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.Checklist;
import dev.preflight.core.checklist.ChecklistLoader;
import dev.preflight.core.checklist.Item;
import dev.preflight.core.checklist.Phase;
import dev.preflight.core.checklist.Section;
import dev.preflight.core.upgrade.UpgradeDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped checklist against the seed roadmap it encodes: the seed's markdown is parsed here,
 * independently of the YAML, and every phase, section, item, action, security improvement,
 * metric and criterion must be present with the same text in the same order.
 */
class ChecklistDataTest {
  private static final String SEED = "000_5252b46a7f5c1f72.txt";

  private static Checklist checklist() {
    ClassLoader loader = ChecklistDataTest.class.getClassLoader();
    return ChecklistLoader.builtin(loader, CheckRegistry.load(loader).definitions());
  }

  /** A group of the seed: a heading and its entries, each with its sub-entries. */
  record SeedGroup(String title, List<SeedEntry> entries) {}

  record SeedEntry(String text, List<String> parts) {}

  /** The seed, looked up beside the repository (shared/seed) or at -Dpreflight.seed. */
  private static Optional<Path> seedFile() {
    String explicit = System.getProperty("preflight.seed");
    if (explicit != null) {
      return Optional.of(Path.of(explicit));
    }
    Path dir = Path.of(System.getProperty("preflight.root", ".")).toAbsolutePath();
    for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
      Path p = dir.resolve("shared/seed").resolve(SEED);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String clean(String s) {
    // Drop markdown bold, check marks and trailing emoji: the seed decorates its headings.
    String t = s.replace("**", "").replace("✅", "").strip();
    t = t.replaceAll("[^\\p{ASCII}]+$", "").strip();
    t = t.replaceAll("^[^\\p{ASCII}]+", "").strip();
    return t;
  }

  /** Parses the seed markdown into ordered groups keyed by part of the document. */
  static Map<String, List<SeedGroup>> parseSeed(List<String> lines) {
    Map<String, List<SeedGroup>> parts = new LinkedHashMap<>();
    Pattern phase = Pattern.compile("^### Phase \\d+: (.+)$");
    Pattern section = Pattern.compile("^- \\[ ] \\*\\*(\\d+\\.\\d+) (.+)\\*\\*$");
    Pattern item = Pattern.compile("^  - \\[ ] (.+)$");
    Pattern h2 = Pattern.compile("^## (.+)$");
    Pattern h3 = Pattern.compile("^### (.+)$");
    Pattern numbered = Pattern.compile("^\\d+\\. \\*\\*(.+?)\\*\\*$");
    Pattern bullet = Pattern.compile("^   - (.+)$");
    Pattern box = Pattern.compile("^- \\[ ] (.+)$");
    Pattern criterion = Pattern.compile("^\\d+\\. ✅ (.+)$");

    String part = "";
    List<SeedGroup> groups = null;
    List<SeedEntry> entries = null;
    List<String> sub = null;
    for (String line : lines) {
      Matcher m;
      if ((m = h2.matcher(line)).matches()) {
        String title = clean(m.group(1));
        part = title.startsWith("Production Readiness Checklist") ? "roadmap"
            : title.startsWith("Immediate Action Items") ? "act"
            : title.startsWith("Security Improvements") ? "sec"
            : title.startsWith("Success Metrics") ? "metrics"
            : title.startsWith("Production Ready Criteria") ? "criteria" : "";
        groups = part.isEmpty() ? null : parts.computeIfAbsent(part, k -> new ArrayList<>());
        if ("criteria".equals(part)) {
          entries = new ArrayList<>();
          groups.add(new SeedGroup("criteria", entries));
        }
        continue;
      }
      if (groups == null) {
        continue;
      }
      if (part.equals("roadmap")) {
        if ((m = phase.matcher(line)).matches()) {
          groups.add(new SeedGroup("phase:" + clean(m.group(1)), new ArrayList<>()));
        } else if ((m = section.matcher(line)).matches()) {
          entries = new ArrayList<>();
          groups.add(new SeedGroup(m.group(1) + " " + clean(m.group(2)), entries));
        } else if ((m = item.matcher(line)).matches() && entries != null) {
          entries.add(new SeedEntry(clean(m.group(1)), List.of()));
        }
      } else if (part.equals("criteria")) {
        if ((m = criterion.matcher(line)).matches()) {
          entries.add(new SeedEntry(clean(m.group(1)), List.of()));
        }
      } else {
        if ((m = h3.matcher(line)).matches()) {
          entries = new ArrayList<>();
          groups.add(new SeedGroup(clean(m.group(1)), entries));
        } else if (entries != null && (m = numbered.matcher(line)).matches()) {
          sub = new ArrayList<>();
          entries.add(new SeedEntry(clean(m.group(1)), sub));
        } else if (sub != null && (m = bullet.matcher(line)).matches()) {
          sub.add(clean(m.group(1)));
        } else if (entries != null && (m = box.matcher(line)).matches()) {
          entries.add(new SeedEntry(clean(m.group(1)), List.of()));
        }
      }
    }
    return parts;
  }

  @Test
  void everySeedItemIsInTheChecklistWithItsText() throws IOException {
    Optional<Path> seed = seedFile();
    // CI runs with shared/ beside the clone: there the comparison must run, never skip.
    if (seed.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("seed " + SEED + " not found beside the repository; "
          + "CI must compare the checklist with it (set -Dpreflight.seed=<path>)");
    }
    Assumptions.assumeTrue(seed.isPresent(), "seed " + SEED + " not found beside the repository;"
        + " set -Dpreflight.seed=<path> to compare the checklist with it");
    Map<String, List<SeedGroup>> parsed = parseSeed(Files.readAllLines(seed.get()));
    assertEquals(List.of("roadmap", "act", "sec", "metrics", "criteria"),
        List.copyOf(parsed.keySet()), "the seed's parts were all found");
    Checklist c = checklist();

    // Roadmap: four phases, their numbered sections and every checkbox.
    List<SeedGroup> roadmap = parsed.get("roadmap");
    List<String> seedPhases = roadmap.stream().map(SeedGroup::title)
        .filter(t -> t.startsWith("phase:")).map(t -> t.substring(6)).toList();
    List<Phase> phases = c.phases().stream().filter(p -> p.kind() == Phase.Kind.ROADMAP).toList();
    assertEquals(seedPhases, phases.stream().map(Phase::title).toList());
    List<SeedGroup> seedSections = roadmap.stream()
        .filter(g -> !g.title().startsWith("phase:")).toList();
    List<Section> sections = phases.stream().flatMap(p -> p.sections().stream()).toList();
    assertEquals(seedSections.stream().map(SeedGroup::title).toList(), sections.stream()
        .map(s -> s.id().substring(1) + " " + s.title()).toList());
    for (int i = 0; i < sections.size(); i++) {
      assertEquals(seedSections.get(i).entries().stream().map(SeedEntry::text).toList(),
          sections.get(i).items().stream().map(Item::text).toList(),
          "items of " + sections.get(i).id());
    }

    // Immediate actions, security improvements and metrics: heading -> entries -> sub-entries.
    for (String kind : List.of("act", "sec", "metrics")) {
      List<SeedGroup> seedGroups = parsed.get(kind);
      Phase phase = c.phase(kind).orElseThrow();
      assertEquals(seedGroups.stream().map(SeedGroup::title).toList(),
          phase.sections().stream().map(Section::title).toList(), "sections of " + kind);
      for (int i = 0; i < seedGroups.size(); i++) {
        List<SeedEntry> want = seedGroups.get(i).entries();
        List<Item> got = phase.sections().get(i).items();
        assertEquals(want.stream().map(SeedEntry::text).toList(),
            got.stream().map(Item::text).toList(), "entries of " + phase.sections().get(i).id());
        for (int j = 0; j < want.size(); j++) {
          assertEquals(want.get(j).parts(), got.get(j).parts().stream().map(Item::text).toList(),
              "parts of " + got.get(j).id());
        }
      }
    }

    // The seven production-ready criteria.
    assertEquals(parsed.get("criteria").getFirst().entries().stream().map(SeedEntry::text)
        .toList(), c.criteria().stream().map(cr -> cr.text()).toList());

    // Count: everything the seed lists, parents and parts alike.
    long seedCount = parsed.values().stream().flatMap(List::stream)
        .flatMap(g -> g.entries().stream()).mapToLong(e -> 1 + e.parts().size()).sum();
    assertEquals(seedCount, c.items().size() + c.criteria().size());
  }

  @Test
  void shapeAndMappingHoldWithoutTheSeed() {
    Checklist c = checklist();
    List<Phase> roadmap = c.phases().stream().filter(p -> p.kind() == Phase.Kind.ROADMAP).toList();
    assertEquals(List.of("p1", "p2", "p3", "p4"), roadmap.stream().map(Phase::id).toList());
    assertEquals(List.of("p1.1", "p1.2", "p1.3", "p2.1", "p2.2", "p2.3", "p3.1", "p3.2", "p3.3",
        "p4.1", "p4.2"), roadmap.stream().flatMap(p -> p.sections().stream()).map(Section::id)
        .toList());
    assertEquals(7, c.criteria().size());
    // Every registered id answers at least one item, and nothing else is referenced; but for
    // upgrade.diff, evidence for the manual item of upgrade procedures rather than its answer.
    CheckRegistry registry = CheckRegistry.load(getClass().getClassLoader());
    Set<String> answering = new TreeSet<>(registry.ids());
    answering.remove(UpgradeDiff.ID);
    assertEquals(answering, c.checkIds());
    assertEquals(List.of(), registry.definition(UpgradeDiff.ID).orElseThrow().checklist());
    // Every criterion rolls up only roadmap items.
    c.criteria().forEach(cr -> cr.rollsUp().forEach(id ->
        assertTrue(id.startsWith("p"), cr.id() + " rolls up " + id)));
  }

  @Test
  void theRegisteredChecksAgreeWithTheChecklist() {
    CheckRegistry registry = CheckRegistry.load(ChecklistDataTest.class.getClassLoader());
    List<CheckInfo> defs = registry.definitions();
    assertTrue(defs.stream().anyMatch(d -> d.id().equals("evidence.test-coverage")));
    assertTrue(defs.stream().anyMatch(d -> d.id().equals("evidence.documents")));
    Checklist c = checklist();
    for (CheckInfo d : defs) {
      d.checklist().forEach(item ->
          assertTrue(c.item(item).orElseThrow().checks().contains(d.id()), d.id()));
    }
  }

  @Test
  void theGovernanceChecksAnswerItems13And31AndTheExplorerItem() {
    Checklist c = checklist();
    Map<String, List<String>> byItem = new LinkedHashMap<>();
    for (String item : List.of("p1.3.multisig-admin", "p1.3.timelock", "p3.1.unusual-activity",
        "p4.1.verify-explorers")) {
      byItem.put(item, c.item(item).orElseThrow().checks());
    }
    assertTrue(byItem.get("p1.3.multisig-admin").contains("multisig.spending-limits"), byItem.toString());
    assertTrue(byItem.get("p1.3.timelock").contains("multisig.pending-upgrade"), byItem.toString());
    assertEquals(List.of("multisig.pending-upgrade", "multisig.spending-limits"),
        byItem.get("p3.1.unusual-activity"));
    assertTrue(byItem.get("p4.1.verify-explorers").contains("program.verified-build"),
        byItem.toString());
    // The checks declare the same items (what the catalog and SARIF show).
    Map<String, List<String>> declared = new LinkedHashMap<>();
    for (CheckInfo d : CheckRegistry.load(getClass().getClassLoader()).definitions()) {
      declared.put(d.id(), d.checklist());
    }
    assertTrue(declared.get("multisig.pending-upgrade").containsAll(
        List.of("p1.3.timelock", "p3.1.unusual-activity")));
    assertTrue(declared.get("multisig.spending-limits").containsAll(
        List.of("p1.3.multisig-admin", "p3.1.unusual-activity")));
    assertTrue(declared.get("program.verified-build").contains("p4.1.verify-explorers"));
  }
}
