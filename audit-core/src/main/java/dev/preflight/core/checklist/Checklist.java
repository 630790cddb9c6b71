package dev.preflight.core.checklist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A readiness checklist: phases of sections of items, and criteria that roll items up. Built by
 * {@link ChecklistLoader}, which guarantees unique ids and known references.
 */
public record Checklist(String id, String title, String source, List<Phase> phases,
                        List<Criterion> criteria) {

  public Checklist {
    phases = List.copyOf(phases);
    criteria = List.copyOf(criteria);
  }

  /** Every item, parents before their parts, in document order. */
  public List<Item> items() {
    List<Item> out = new ArrayList<>();
    for (Phase p : phases) {
      for (Section s : p.sections()) {
        for (Item i : s.items()) {
          i.collect(out);
        }
      }
    }
    return out;
  }

  /** Items that are answered directly (by checks or by a person): the units readiness counts. */
  public List<Item> leafItems() {
    return items().stream().filter(Item::isLeaf).toList();
  }

  public Optional<Item> item(String itemId) {
    return items().stream().filter(i -> i.id().equals(itemId)).findFirst();
  }

  public Optional<Phase> phase(String phaseId) {
    return phases.stream().filter(p -> p.id().equals(phaseId)).findFirst();
  }

  public Optional<Criterion> criterion(String criterionId) {
    return criteria.stream().filter(c -> c.id().equals(criterionId)).findFirst();
  }

  /** Every check id some item refers to, sorted. */
  public Set<String> checkIds() {
    Set<String> out = new TreeSet<>();
    leafItems().forEach(i -> out.addAll(i.checks()));
    return out;
  }

  /** The leaf items a check answers, in document order. */
  public List<Item> itemsAnsweredBy(String checkId) {
    return leafItems().stream().filter(i -> i.checks().contains(checkId)).toList();
  }

  /** Check id -> the items it answers, for documentation and cross-checks. */
  public Map<String, List<String>> checkToItems() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String c : checkIds()) {
      out.put(c, itemsAnsweredBy(c).stream().map(Item::id).toList());
    }
    return out;
  }
}
