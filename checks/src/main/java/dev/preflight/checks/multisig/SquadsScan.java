package dev.preflight.checks.multisig;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.core.chain.SquadsAccounts;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Which of a Squads multisig's transaction indexes the governance checks read. Proposals and
 * transactions are PDAs of the index, so they are read by address in the snapshot's rounds (no
 * program-wide scan): the multisig in one round, its transactions in the next.
 */
final class SquadsScan {
  /**
   * At most this many indexes are read per multisig (the most recent ones): two accounts each, a
   * few getMultipleAccounts calls. A longer history is reported as not fully read.
   */
  static final int MAX_INDEXES = 256;

  private SquadsScan() {}

  /** The governing Squads multisig, when the policy names one and the snapshot has decoded it. */
  static Optional<Squads> of(AuditContext context, ClusterSnapshot cluster) {
    Optional<Policy.Governance> g = context.policy().governance();
    if (g.isEmpty() || !GovernanceView.SQUADS_V4.equals(g.get().kind())) {
      return Optional.empty();
    }
    return GovernanceView.resolve(g.get(), cluster, SquadsV4.load()) instanceof GovernanceView.Squads sq
        ? Optional.of(new Squads(sq.account().address(), sq.multisig(), sq))
        : Optional.empty();
  }

  /** A decoded multisig with its address and the view (for evidence). */
  record Squads(PublicKey address, SquadsMultisig multisig, GovernanceView.Squads view) {

    /**
     * True when the indexes are beyond what a Java long holds (u64 above 2^63): no real multisig
     * gets there, so the account is treated as unreadable rather than scanned.
     */
    boolean implausible() {
      return multisig.transactionIndex() < 0 || multisig.staleTransactionIndex() < 0;
    }

    /** First index still open for a vote: just above the stale index. */
    long firstOpen() {
      return Math.max(multisig.staleTransactionIndex() + 1,
          multisig.transactionIndex() - MAX_INDEXES + 1);
    }

    /** True when more open indexes exist than are read. */
    boolean openTruncated() {
      return multisig.transactionIndex() - multisig.staleTransactionIndex() > MAX_INDEXES;
    }

    /** First index of the whole history that is read. */
    long firstEver() {
      return Math.max(1, multisig.transactionIndex() - MAX_INDEXES + 1);
    }

    boolean historyTruncated() {
      return multisig.transactionIndex() > MAX_INDEXES;
    }

    long last() {
      return multisig.transactionIndex();
    }

    /** Transaction and proposal addresses for indexes {@code from..last}. */
    Set<PublicKey> accounts(long from, boolean proposals) {
      Set<PublicKey> out = new LinkedHashSet<>();
      if (implausible()) {
        return out;
      }
      for (long i = from; i <= last(); i++) {
        out.add(SquadsAccounts.transactionAddress(address, i));
        if (proposals) {
          out.add(SquadsAccounts.proposalAddress(address, i));
        }
      }
      return out;
    }
  }
}
