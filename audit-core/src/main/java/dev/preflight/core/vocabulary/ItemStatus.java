package dev.preflight.core.vocabulary;

import java.util.Locale;

/**
 * Where a checklist item stands after a run. Only SATISFIED counts towards readiness; every other
 * status, NOT_APPLICABLE included, counts against it, so that leaving something out of the policy
 * never raises the figure.
 */
public enum ItemStatus {
  /** Every check that answers it passed (not-applicable ones aside), or a verified attestation. */
  SATISFIED,
  /** One of its checks failed. */
  FAILED,
  /** One of its checks could not gather its evidence. */
  INCONCLUSIVE,
  /** Some of its checks produced no result in this run. */
  NOT_RUN,
  /** Answered by a person, and no valid attestation was given. */
  MANUAL,
  /** Its checks all found nothing to look at (e.g. no coverage report configured). */
  NOT_APPLICABLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status a report names by {@link #label()}. */
  public static java.util.Optional<ItemStatus> ofLabel(String label) {
    return java.util.Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
  }

  public static java.util.List<String> labels() {
    return java.util.Arrays.stream(values()).map(ItemStatus::label).toList();
  }

  /** The status of a group: all satisfied, else the most pressing status among its members. */
  public static ItemStatus combine(Iterable<ItemStatus> members) {
    boolean any = false;
    boolean allSatisfiedOrNa = true;
    boolean anySatisfied = false;
    ItemStatus worst = null;
    for (ItemStatus s : members) {
      any = true;
      anySatisfied |= s == SATISFIED;
      if (s != SATISFIED && s != NOT_APPLICABLE) {
        allSatisfiedOrNa = false;
        if (worst == null || s.ordinal() < worst.ordinal()) {
          worst = s;
        }
      }
    }
    if (!any) {
      return NOT_RUN;
    }
    if (allSatisfiedOrNa) {
      return anySatisfied ? SATISFIED : NOT_APPLICABLE;
    }
    return worst;
  }
}
