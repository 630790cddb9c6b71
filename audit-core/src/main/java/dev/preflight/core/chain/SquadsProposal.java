package dev.preflight.core.chain;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * A Squads v4 {@code Proposal} account: the vote on the transaction at the same index (layout per
 * the bundled IDL of {@code @sqds/multisig} 2.1.4).
 *
 * @param status where the vote stands
 * @param statusTimestamp when the status was set (unix seconds); absent for {@code Executing}
 * @param approved members who approved
 */
public record SquadsProposal(PublicKey multisig, long transactionIndex, Status status,
                             OptionalLong statusTimestamp, int bump, List<PublicKey> approved,
                             List<PublicKey> rejected, List<PublicKey> cancelled) {

  public SquadsProposal {
    Objects.requireNonNull(multisig, "multisig");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusTimestamp, "statusTimestamp");
    approved = List.copyOf(approved);
    rejected = List.copyOf(rejected);
    cancelled = List.copyOf(cancelled);
  }

  /** {@code ProposalStatus}, in the IDL's variant order (the Borsh tag is the ordinal). */
  public enum Status {
    DRAFT, ACTIVE, REJECTED, APPROVED, EXECUTING, EXECUTED, CANCELLED;

    /** The variant name as the IDL spells it. */
    public String idlName() {
      String n = name().toLowerCase(java.util.Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /** Still open: a vote is running or the transaction may be executed. */
    public boolean pending() {
      return this == ACTIVE || this == APPROVED || this == EXECUTING;
    }
  }
}
