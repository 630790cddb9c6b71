package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.checklist.Readiness.CriterionReadiness;
import dev.preflight.core.checklist.Readiness.ItemReadiness;
import dev.preflight.core.checklist.Readiness.PhaseReadiness;
import dev.preflight.core.checklist.Readiness.SectionReadiness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a run's results and the verified attestations into {@link Readiness}.
 *
 * <p>Which results answer an item: those whose check id the item lists. A result may narrow
 * itself with its own {@link CheckResult#checklist()} ids (one result per document, each naming
 * its own item); when it names none of the items mapped to its check, it answers all of them.
 *
 * <p>A leaf item is FAILED if any of its results failed; SATISFIED if every check it lists
 * produced results and those that apply all passed (or were attested), or if it has a verified
 * attestation; else INCONCLUSIVE if a result was inconclusive, NOT_RUN if a listed check produced
 * nothing, NOT_APPLICABLE if every result was not applicable, and MANUAL otherwise. Percentages
 * count leaf items; NOT_APPLICABLE counts as not satisfied.
 */
public final class ReadinessCalculator {
  private ReadinessCalculator() {}

  public static Readiness compute(Checklist checklist, List<CheckResult> results,
                                  List<AttestationVerdict> attestations) {
    Map<String, List<CheckResult>> byItem = assign(checklist, results);
    Map<String, AttestationVerdict> verdicts = new HashMap<>();
    attestations.forEach(v -> verdicts.putIfAbsent(v.itemId(), v));

    Map<String, ItemReadiness> index = new HashMap<>();
    List<PhaseReadiness> phases = new ArrayList<>();
    Tally overall = Tally.EMPTY;
    for (Phase p : checklist.phases()) {
      List<SectionReadiness> sections = new ArrayList<>();
      Tally phaseTally = Tally.EMPTY;
      for (Section s : p.sections()) {
        List<ItemReadiness> items = new ArrayList<>();
        for (Item i : s.items()) {
          items.add(item(i, byItem, verdicts, index));
        }
        Tally t = Tally.of(items.stream().flatMap(i -> i.leafStatuses().stream()).toList());
        sections.add(new SectionReadiness(s, items, t));
        phaseTally = phaseTally.plus(t);
      }
      phases.add(new PhaseReadiness(p, sections, phaseTally));
      overall = overall.plus(phaseTally);
    }

    List<CriterionReadiness> criteria = new ArrayList<>();
    for (Criterion c : checklist.criteria()) {
      List<ItemReadiness> items = c.rollsUp().stream().map(index::get).toList();
      List<ItemStatus> leaves = items.stream().flatMap(i -> i.leafStatuses().stream()).toList();
      criteria.add(new CriterionReadiness(c, ItemStatus.combine(leaves), items,
          Tally.of(leaves)));
    }
    return new Readiness(phases, criteria, overall);
  }

  private static Map<String, List<CheckResult>> assign(Checklist checklist,
                                                       List<CheckResult> results) {
    Map<String, List<CheckResult>> byItem = new HashMap<>();
    for (CheckResult r : results) {
      List<Item> mapped = checklist.itemsAnsweredBy(r.checkId());
      List<Item> narrowed = mapped.stream().filter(i -> r.checklist().contains(i.id())).toList();
      for (Item i : narrowed.isEmpty() ? mapped : narrowed) {
        byItem.computeIfAbsent(i.id(), k -> new ArrayList<>()).add(r);
      }
    }
    return byItem;
  }

  private static ItemReadiness item(Item item, Map<String, List<CheckResult>> byItem,
                                    Map<String, AttestationVerdict> verdicts,
                                    Map<String, ItemReadiness> index) {
    ItemReadiness out;
    if (!item.isLeaf()) {
      List<ItemReadiness> parts = item.parts().stream()
          .map(p -> item(p, byItem, verdicts, index)).toList();
      List<ItemStatus> leaves = parts.stream().flatMap(p -> p.leafStatuses().stream()).toList();
      ItemStatus status = ItemStatus.combine(leaves);
      long ok = leaves.stream().filter(s -> s == ItemStatus.SATISFIED).count();
      out = new ItemReadiness(item, status, ok + " of " + leaves.size() + " parts satisfied",
          List.of(), Optional.empty(), parts);
    } else {
      List<CheckResult> rs = byItem.getOrDefault(item.id(), List.of());
      Optional<AttestationVerdict> v = Optional.ofNullable(verdicts.get(item.id()));
      StatusAndReason sr = leaf(item, rs, v);
      out = new ItemReadiness(item, sr.status, sr.reason, rs, v, List.of());
    }
    index.put(item.id(), out);
    return out;
  }

  private record StatusAndReason(ItemStatus status, String reason) {}

  private static StatusAndReason leaf(Item item, List<CheckResult> rs,
                                      Optional<AttestationVerdict> v) {
    List<CheckResult> failed = rs.stream().filter(r -> r.outcome() == Outcome.FAIL).toList();
    if (!failed.isEmpty()) {
      return new StatusAndReason(ItemStatus.FAILED, "failed: " + describe(failed));
    }
    Set<String> ran = rs.stream().map(CheckResult::checkId).collect(Collectors.toSet());
    List<String> missing = item.checks().stream().filter(c -> !ran.contains(c)).toList();
    List<CheckResult> applicable =
        rs.stream().filter(r -> r.outcome() != Outcome.NOT_APPLICABLE).toList();
    if (!item.checks().isEmpty() && missing.isEmpty() && !applicable.isEmpty()
        && applicable.stream().allMatch(r -> r.outcome().satisfied())) {
      return new StatusAndReason(ItemStatus.SATISFIED, "passed: " + String.join(", ",
          new LinkedHashSet<>(applicable.stream().map(CheckResult::checkId).toList())));
    }
    if (v.isPresent() && v.get().verified()) {
      return new StatusAndReason(ItemStatus.SATISFIED, v.get().reason());
    }
    List<CheckResult> inconclusive =
        rs.stream().filter(r -> r.outcome() == Outcome.INCONCLUSIVE).toList();
    if (!inconclusive.isEmpty()) {
      return new StatusAndReason(ItemStatus.INCONCLUSIVE, "inconclusive: "
          + describe(inconclusive));
    }
    if (!missing.isEmpty()) {
      return new StatusAndReason(ItemStatus.NOT_RUN, "no result from " + String.join(", ",
          missing));
    }
    if (!item.checks().isEmpty() && applicable.isEmpty()) {
      return new StatusAndReason(ItemStatus.NOT_APPLICABLE, "not applicable: "
          + describe(rs));
    }
    // A check that found evidence too thin to judge (a placeholder document) says why; the item
    // stays manual, with that reason, until someone attests it.
    List<CheckResult> manual = rs.stream().filter(r -> r.outcome() == Outcome.MANUAL).toList();
    String why = manual.isEmpty() ? "needs an attestation (manual item)"
        : "needs an attestation: " + describe(manual);
    return new StatusAndReason(ItemStatus.MANUAL, v.map(x -> "attestation not accepted: "
        + x.reason() + (manual.isEmpty() ? "" : "; " + describe(manual))).orElse(why));
  }

  private static String describe(List<CheckResult> rs) {
    return rs.stream().map(r -> r.checkId() + " (" + r.message() + ")").distinct()
        .collect(Collectors.joining("; "));
  }
}
