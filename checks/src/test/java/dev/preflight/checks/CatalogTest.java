package dev.preflight.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.checklist.SeedChecklist;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.Checklist;
import dev.preflight.core.checklist.Item;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.upgrade.UpgradeDiff;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The registry holds every id a run can report, each with complete metadata, and the checklist's
 * mapping is the registry's: every item an id names answers to it and every automated item is
 * answered by the ids that name it (an id may name none: upgrade.diff is evidence for a manual
 * item, not its answer).
 */
class CatalogTest {
  final CheckRegistry registry = CheckRegistry.load(getClass().getClassLoader());

  @Test
  void everyIdIsDiscoveredWithCompleteMetadata() {
    for (CheckInfo info : registry.definitions()) {
      assertTrue(!info.title().isBlank() && !info.rationale().isBlank()
          && !info.remediation().isBlank(), info.id());
    }
    System.out.println("discovered " + registry.ids().size() + " check ids: " + registry.ids());
    // The fuzz oracles are in the registry beside the state checks: one place for every id.
    assertTrue(registry.ids().containsAll(
        FuzzCampaign.definitions().stream().map(CheckInfo::id).toList()));
    assertFalse(registry.checks().isEmpty());
    // so is the upgrade diff, declared by its own package
    assertTrue(registry.definition(UpgradeDiff.ID).orElseThrow().checklist().isEmpty());
  }

  @Test
  void theChecklistMappingIsTheRegistrys() {
    Checklist c = SeedChecklist.load();
    Set<String> answering = new TreeSet<>();
    for (CheckInfo info : registry.definitions()) {
      for (String item : info.checklist()) {
        assertTrue(c.item(item).orElseThrow().checks().contains(info.id()), info.id() + " " + item);
      }
      if (!info.checklist().isEmpty()) {
        answering.add(info.id());
      }
    }
    assertEquals(answering, c.checkIds());
    for (Item i : c.leafItems()) {
      for (String id : i.checks()) {
        assertTrue(registry.definition(id).orElseThrow().checklist().contains(i.id()));
      }
    }
  }
}
