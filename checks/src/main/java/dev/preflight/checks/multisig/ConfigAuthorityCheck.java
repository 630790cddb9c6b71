package dev.preflight.checks.multisig;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * A Squads config authority can add members, change the threshold or drop the time lock without a
 * vote; it must be unset unless the policy allows it.
 */
@CheckDefinition(
    id = "multisig.config-authority",
    title = "Multisig has no config authority (autonomous)",
    severity = Severity.HIGH,
    checklist = {"p1.3.multisig-admin"},
    rationale = "A controlled multisig's config authority rewrites membership, threshold and time "
        + "lock on its own, which voids every other multisig guarantee.",
    remediation = "Create the multisig as autonomous (config authority = default key) or remove "
        + "the config authority; if a controlled multisig is intended, set "
        + "governance.allowConfigAuthority: true in the policy and document why.",
    references = {"https://docs.squads.so/main/v4/security"})
public final class ConfigAuthorityCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return MultisigChecks.needs(context);
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    MultisigChecks.Either e = MultisigChecks.read(info, context);
    if (e.view().isEmpty()) {
      return e.doneList();
    }
    Policy.Governance g = context.policy().governance().orElseThrow();
    return switch (e.view().get()) {
      case GovernanceView.Squads sq -> {
        List<Evidence> ev = new ArrayList<>(sq.evidence());
        ev.add(Evidence.note("policy allows a config authority",
            Boolean.toString(g.allowConfigAuthority())));
        PublicKey ca = sq.multisig().configAuthority();
        if (GovernanceView.isUnset(ca)) {
          yield List.of(info.pass("The multisig is autonomous: no config authority.").evidence(ev)
              .subject(g.address(), "config_authority").build());
        }
        if (g.allowConfigAuthority()) {
          yield List.of(info.pass("The multisig has config authority " + ca.toBase58()
              + ", which the policy allows.").evidence(ev)
              .subject(g.address(), "config_authority").build());
        }
        yield List.of(info.fail("The multisig has config authority " + ca.toBase58()
            + ", which can change members, threshold and time lock without a vote.")
            .evidence(ev).subject(g.address(), "config_authority").build());
      }
      case GovernanceView.Spl spl -> List.of(info.notApplicable("An SPL Token multisig has no "
          + "config authority.").evidence(spl.evidence())
          .subject(g.address(), "config_authority").build());
      default -> throw new IllegalStateException("unexpected governance view");
    };
  }
}
