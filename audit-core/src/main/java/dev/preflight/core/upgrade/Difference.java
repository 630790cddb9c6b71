package dev.preflight.core.upgrade;

/**
 * One way a step behaved differently on the candidate: what differs ({@code kind}), where (the
 * instruction and, for state, the account's name in the call and the field), and the deployed and
 * candidate values side by side. The identity of a difference leaves the values out: the same
 * behaviour change seen with other arguments is the same difference.
 *
 * @param instruction the instruction of the step ({@code (clock)} or {@code (transfer)} for the
 *     sequence steps that are no call of the program)
 * @param where the account and field ({@code sale.sold}), empty for the outcome, the error and
 *     compute units
 */
public record Difference(String instruction, Kind kind, String where, String deployed, String candidate) {

  /** What differs. */
  public enum Kind {
    /** One binary succeeds where the other fails. */
    OUTCOME("outcome"),
    /** Both fail, with different errors. */
    ERROR("error"),
    /** An account ends in another state: a decoded field, its owner, its existence, or its bytes. */
    STATE("state"),
    /** A token account's balance moves by another amount. */
    TOKEN_DELTA("token delta"),
    /** An account's lamports move by another amount. */
    LAMPORT_DELTA("lamport delta"),
    /** Compute units moved beyond the tolerance. */
    COMPUTE("compute units");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The stable part: instruction, kind and place; what the fingerprint is made of. */
  public String key() {
    return instruction + "|" + kind.name().toLowerCase(java.util.Locale.ROOT) + (where.isEmpty() ? "" : "|" + where);
  }

  /** For people: {@code buy_tokens: outcome}, {@code buy_tokens: state of sale.sold}. */
  public String title() {
    return instruction + ": " + kind.label + (where.isEmpty() ? "" : " of " + where);
  }
}
