package dev.preflight.checks.multisig;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/** What the three multisig checks share: reading the named multisig and the common outcomes. */
final class MultisigChecks {
  private MultisigChecks() {}

  static Set<PublicKey> needs(AuditContext context) {
    return GovernanceView.address(context.policy()).map(Set::of).orElse(Set.of());
  }

  /**
   * The decoded multisig, or the finished result when there is none to judge (no governance in
   * the policy, unreadable, or not a multisig).
   */
  static Either read(CheckInfo info, AuditContext context) {
    Optional<Policy.Governance> g = context.policy().governance();
    ClusterSnapshot cluster = context.primary();
    if (g.isEmpty()) {
      return new Either(Optional.empty(), Optional.of(info.notApplicable("The policy names no "
          + "multisig (governance.multisig).").subject("governance", "multisig").build()));
    }
    GovernanceView gv = GovernanceView.resolve(g.get(), cluster, SquadsV4.load());
    return switch (gv) {
      case GovernanceView.Unreadable u -> new Either(Optional.empty(),
          Optional.of(info.inconclusive(u.reason()).subject(g.get().address(), "multisig")
              .genesisHash(cluster.genesisHash()).build()));
      case GovernanceView.Invalid inv -> new Either(Optional.empty(),
          Optional.of(info.fail(inv.reason() + ".").evidence(inv.evidence())
              .subject(g.get().address(), "multisig").build()));
      default -> new Either(Optional.of(gv), Optional.empty());
    };
  }

  record Either(Optional<GovernanceView> view, Optional<CheckResult> done) {
    List<CheckResult> doneList() {
      return List.of(done.orElseThrow());
    }
  }
}
