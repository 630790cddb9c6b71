package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.check.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's readiness against a checklist: the status of every item, with figures per section,
 * phase and criterion, and overall. Built by {@link ReadinessCalculator}.
 */
public record Readiness(List<PhaseReadiness> phases, List<CriterionReadiness> criteria,
                        Tally overall) {

  public Readiness {
    phases = List.copyOf(phases);
    criteria = List.copyOf(criteria);
  }

  /** Every item's readiness, parents before parts, in document order. */
  public List<ItemReadiness> items() {
    List<ItemReadiness> out = new ArrayList<>();
    for (PhaseReadiness p : phases) {
      for (SectionReadiness s : p.sections()) {
        s.items().forEach(i -> i.collect(out));
      }
    }
    return out;
  }

  public Optional<ItemReadiness> item(String itemId) {
    return items().stream().filter(i -> i.item().id().equals(itemId)).findFirst();
  }

  public Optional<PhaseReadiness> phase(String phaseId) {
    return phases.stream().filter(p -> p.phase().id().equals(phaseId)).findFirst();
  }

  public Optional<CriterionReadiness> criterion(String id) {
    return criteria.stream().filter(c -> c.criterion().id().equals(id)).findFirst();
  }

  /**
   * One item's status, why, and what it rests on: the check results that answer it and the
   * attestation verdict, if any. A parent item's status combines its parts.
   */
  public record ItemReadiness(Item item, ItemStatus status, String reason,
                              List<CheckResult> results, Optional<AttestationVerdict> attestation,
                              List<ItemReadiness> parts) {
    public ItemReadiness {
      results = List.copyOf(results);
      parts = List.copyOf(parts);
    }

    /** Leaf statuses: this item's own, or its parts'. */
    public List<ItemStatus> leafStatuses() {
      if (parts.isEmpty()) {
        return List.of(status);
      }
      return parts.stream().flatMap(p -> p.leafStatuses().stream()).toList();
    }

    void collect(List<ItemReadiness> out) {
      out.add(this);
      parts.forEach(p -> p.collect(out));
    }
  }

  public record SectionReadiness(Section section, List<ItemReadiness> items, Tally tally) {
    public SectionReadiness {
      items = List.copyOf(items);
    }
  }

  public record PhaseReadiness(Phase phase, List<SectionReadiness> sections, Tally tally) {
    public PhaseReadiness {
      sections = List.copyOf(sections);
    }
  }

  /** A criterion is met (SATISFIED) when every item it rolls up is. */
  public record CriterionReadiness(Criterion criterion, ItemStatus status,
                                   List<ItemReadiness> items, Tally tally) {
    public CriterionReadiness {
      items = List.copyOf(items);
    }

    public boolean met() {
      return status == ItemStatus.SATISFIED;
    }
  }
}
