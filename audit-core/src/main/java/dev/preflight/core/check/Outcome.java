package dev.preflight.core.check;

/** What a check concluded. INCONCLUSIVE is never a pass: the evidence could not be gathered. */
public enum Outcome {
  PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE, MANUAL, ATTESTED;

  /** True for outcomes that satisfy a checklist item. */
  public boolean satisfied() {
    return this == PASS || this == ATTESTED;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
