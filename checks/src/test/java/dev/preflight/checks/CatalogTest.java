package dev.preflight.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.checklist.SeedChecklist;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.ChecklistLoader;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The checks found by ServiceLoader agree with the checklist they claim to answer. */
class CatalogTest {

  @Test
  void everyBuiltInCheckIsDiscoveredWithCompleteMetadata() {
    CheckRegistry registry = CheckRegistry.load(getClass().getClassLoader());
    Set<String> ids = new TreeSet<>();
    for (CheckInfo info : registry.definitions()) {
      ids.add(info.id());
      assertTrue(!info.title().isBlank() && !info.rationale().isBlank()
          && !info.remediation().isBlank(), info.id());
    }
    System.out.println("discovered " + ids.size() + " check ids: " + ids);
    for (String id : SeedChecklist.KNOWN_CHECK_IDS) {
      if (!id.startsWith("fuzz.") && !id.startsWith("wiring.")) {
        assertTrue(ids.contains(id), "no check provides " + id);
      }
    }
  }

  @Test
  void declaredChecklistIdsMatchTheChecklist() {
    CheckRegistry registry = CheckRegistry.load(getClass().getClassLoader());
    List<String> problems = ChecklistLoader.crossCheck(SeedChecklist.load(),
        registry.definitions());
    assertEquals(List.of(), problems);
  }
}
