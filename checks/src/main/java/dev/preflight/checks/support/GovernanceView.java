package dev.preflight.checks.support;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.SplMultisig;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/** The multisig the policy names, as read from one cluster. */
public sealed interface GovernanceView {

  String SQUADS_V4 = "squads-v4";
  String SPL_TOKEN = "spl-token";

  static Optional<PublicKey> address(Policy policy) {
    return policy.governance().map(g -> PublicKey.fromBase58Encoded(g.address()));
  }

  /** Reads the multisig named by {@code g}; {@code squads} decodes Squads accounts. */
  static GovernanceView resolve(Policy.Governance g, ClusterSnapshot cluster, SquadsV4 squads) {
    PublicKey address = PublicKey.fromBase58Encoded(g.address());
    return switch (cluster.lookup(address)) {
      case Lookup.Unavailable u -> new Unreadable("multisig " + g.address() + " could not be read: "
          + u.reason());
      case Lookup.Absent a -> new Invalid("no account exists at the multisig address "
          + g.address(), List.of(Evidence.absent(cluster, g.address(), "multisig account")));
      case Lookup.Present p -> decode(g, cluster, p.account(), squads);
    };
  }

  private static GovernanceView decode(Policy.Governance g, ClusterSnapshot cluster,
                                       AccountRecord account, SquadsV4 squads) {
    Evidence owner = Evidence.account(cluster, account, "owner", account.owner().toBase58());
    try {
      if (SQUADS_V4.equals(g.kind())) {
        Optional<String> problem = SquadsV4.ownerProblem(account.owner());
        if (problem.isPresent()) {
          return new Invalid("the multisig account " + g.address() + " " + problem.get(),
              List.of(owner));
        }
        SquadsMultisig ms = squads.decodeMultisig(account.data());
        PublicKey vault = SquadsV4.vaultAddress(account.address(), g.vaultIndex());
        List<Evidence> ev = new ArrayList<>();
        ev.add(owner);
        ev.add(Evidence.account(cluster, account, "threshold", Integer.toString(ms.threshold())));
        ev.add(Evidence.account(cluster, account, "members", Integer.toString(ms.members().size())
            + " (" + voters(ms) + " with Vote)"));
        ev.add(Evidence.account(cluster, account, "time_lock", ms.timeLockSeconds() + " s"));
        ev.add(Evidence.account(cluster, account, "config_authority",
            isUnset(ms.configAuthority()) ? "none (autonomous)" : ms.configAuthority().toBase58()));
        ev.add(Evidence.account(cluster, account, "vault[" + g.vaultIndex() + "] (derived)",
            vault.toBase58()));
        return new Squads(account, ms, vault, ev);
      }
      if (SPL_TOKEN.equals(g.kind())) {
        if (!TokenMints.isTokenProgram(account.owner())) {
          return new Invalid("the multisig account " + g.address() + " is owned by "
              + account.owner().toBase58() + ", not by a token program", List.of(owner));
        }
        SplMultisig ms = SplMultisig.decode(account.data(), g.address());
        List<Evidence> ev = new ArrayList<>();
        ev.add(owner);
        ev.add(Evidence.account(cluster, account, "m (threshold)", Integer.toString(ms.m())));
        ev.add(Evidence.account(cluster, account, "n (signers)", Integer.toString(ms.n())));
        ev.add(Evidence.account(cluster, account, "is_initialized",
            Boolean.toString(ms.initialized())));
        return new Spl(account, ms, ev);
      }
      return new Invalid("governance.multisig.kind '" + g.kind() + "' is not supported",
          List.of());
    } catch (PreflightException e) {
      return new Invalid("the multisig account " + g.address() + " does not decode: "
          + e.getMessage(), List.of(owner));
    }
  }

  static boolean isUnset(PublicKey key) {
    return key.equals(PublicKey.NONE);
  }

  static long voters(SquadsMultisig ms) {
    return ms.members().stream().filter(m -> m.has(SquadsMultisig.Permission.VOTE)).count();
  }

  /** The multisig could not be read (RPC); a check must be inconclusive. */
  record Unreadable(String reason) implements GovernanceView {}

  /** Read, but it is not the multisig the policy says. */
  record Invalid(String reason, List<Evidence> evidence) implements GovernanceView {}

  /** A Squads v4 multisig and the vault that must hold authority. */
  record Squads(AccountRecord account, SquadsMultisig multisig, PublicKey vault,
                List<Evidence> evidence) implements GovernanceView {}

  /** An SPL Token native multisig. */
  record Spl(AccountRecord account, SplMultisig multisig, List<Evidence> evidence)
      implements GovernanceView {}
}
