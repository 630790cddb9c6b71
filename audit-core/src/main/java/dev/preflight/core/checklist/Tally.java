package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import java.util.EnumMap;
import java.util.Map;

/** Counts of leaf items by status, and the readiness percentage they give. */
public record Tally(int satisfied, int failed, int inconclusive, int notRun, int manual,
                    int notApplicable) {

  public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0);

  static Tally of(Iterable<ItemStatus> statuses) {
    Map<ItemStatus, Integer> n = new EnumMap<>(ItemStatus.class);
    statuses.forEach(s -> n.merge(s, 1, Integer::sum));
    return new Tally(n.getOrDefault(ItemStatus.SATISFIED, 0),
        n.getOrDefault(ItemStatus.FAILED, 0), n.getOrDefault(ItemStatus.INCONCLUSIVE, 0),
        n.getOrDefault(ItemStatus.NOT_RUN, 0), n.getOrDefault(ItemStatus.MANUAL, 0),
        n.getOrDefault(ItemStatus.NOT_APPLICABLE, 0));
  }

  public Tally plus(Tally o) {
    return new Tally(satisfied + o.satisfied, failed + o.failed, inconclusive + o.inconclusive,
        notRun + o.notRun, manual + o.manual, notApplicable + o.notApplicable);
  }

  public int total() {
    return satisfied + failed + inconclusive + notRun + manual + notApplicable;
  }

  /** Satisfied items as a percentage of all items (0 when there are none). */
  public double percent() {
    return total() == 0 ? 0.0 : satisfied * 100.0 / total();
  }
}
