package dev.preflight.core.checklist;

import java.util.List;

/**
 * One checklist entry: {@code manual} (a person attests it), or {@code parts} (it groups sub-items
 * and its status is theirs), or else answered by {@code checks}, the automated check ids whose own
 * declaration names this item (derived by the loader from the check registry). {@code related}
 * names items a metric depends on; it is shown, not computed.
 */
public record Item(String id, String text, List<String> checks, boolean manual, List<Item> parts,
                   List<String> related) {

  public Item {
    checks = List.copyOf(checks);
    parts = List.copyOf(parts);
    related = List.copyOf(related);
  }

  public boolean isLeaf() {
    return parts.isEmpty();
  }

  /** This item's leaves: itself when it is a leaf, else its parts' leaves. */
  public List<Item> leaves() {
    if (isLeaf()) {
      return List.of(this);
    }
    return parts.stream().flatMap(p -> p.leaves().stream()).toList();
  }

  void collect(List<Item> out) {
    out.add(this);
    parts.forEach(p -> p.collect(out));
  }
}
