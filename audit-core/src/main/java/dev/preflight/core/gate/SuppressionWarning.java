package dev.preflight.core.gate;

/** Something about a suppressions entry the team should fix; never changes a verdict by itself. */
public record SuppressionWarning(Kind kind, Suppression entry, String message) {

  public enum Kind {
    /** The entry's expiry date has passed; the finding it named is no longer waived. */
    EXPIRED,
    /** The entry matches no FAIL or INCONCLUSIVE result of this report. */
    UNUSED,
    /** The fingerprint matches, but the entry's checkId names another check: not applied. */
    CHECK_MISMATCH
  }
}
