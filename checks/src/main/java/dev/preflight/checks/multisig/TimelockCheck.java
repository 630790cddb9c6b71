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
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/** Approved changes wait at least the policy's time lock, so users can react to an upgrade. */
@CheckDefinition(
    id = "multisig.timelock",
    title = "Multisig time lock meets the policy minimum",
    severity = Severity.HIGH,
    checklist = {"p1.3.timelock", "act.medium.3.timelocked-upgrades", "sec.access.2.time-locked-operations"},
    rationale = "The roadmap asks for time-locked upgrades (24-48 h): without a delay a "
        + "compromised quorum upgrades the program before anyone can withdraw.",
    remediation = "Set the multisig's time lock to at least the policy minimum (Squads: a config "
        + "transaction SetTimeLock), e.g. 86400 s for 24 h.",
    references = {"https://docs.squads.so/main/v4/security"})
public final class TimelockCheck implements Check {

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
    Evidence min = Evidence.note("policy minimum time lock", g.minTimelockSeconds() + " s"
        + lowered(context, g));
    return switch (e.view().get()) {
      case GovernanceView.Squads sq -> {
        List<Evidence> ev = new ArrayList<>(sq.evidence());
        ev.add(min);
        long lock = sq.multisig().timeLockSeconds();
        yield List.of(lock >= g.minTimelockSeconds()
            ? info.pass("Time lock " + human(lock) + " meets the minimum "
                + human(g.minTimelockSeconds()) + lowered(context, g) + ".").evidence(ev)
                .subject(g.address(), "time_lock").build()
            : info.fail("Time lock " + human(lock) + " is below the minimum "
                + human(g.minTimelockSeconds()) + lowered(context, g) + ".").evidence(ev)
                .subject(g.address(), "time_lock").build());
      }
      case GovernanceView.Spl spl -> {
        List<Evidence> ev = new ArrayList<>(spl.evidence());
        ev.add(min);
        yield List.of(g.minTimelockSeconds() == 0
            ? info.pass("The policy asks for no time lock; an SPL Token multisig has none.")
                .evidence(ev).subject(g.address(), "time_lock").build()
            : info.fail("An SPL Token multisig has no time lock; the policy asks for "
                + human(g.minTimelockSeconds()) + ".").evidence(ev)
                .subject(g.address(), "time_lock").build());
      }
      default -> throw new IllegalStateException("unexpected governance view");
    };
  }

  /** Says so when a mainnet policy sets the minimum below the baseline. */
  private static String lowered(AuditContext context, Policy.Governance g) {
    return context.policy().mainnet() && g.minTimelockSeconds() < PolicyLoader.MAINNET_MIN_TIMELOCK
        ? " (the policy lowers the mainnet baseline of " + human(PolicyLoader.MAINNET_MIN_TIMELOCK)
            + ")" : "";
  }

  static String human(long seconds) {
    if (seconds % 86400 == 0 && seconds > 0) {
      return seconds + " s (" + seconds / 86400 + " d)";
    }
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds + " s (" + seconds / 3600 + " h)";
    }
    return seconds + " s";
  }
}
