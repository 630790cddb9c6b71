package dev.preflight.checks.multisig;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.core.chain.SquadsMultisig;
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
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import software.sava.core.accounts.PublicKey;

/**
 * The multisig needs enough approvals to matter and few enough to be reachable: threshold at least
 * the policy minimum and at most the members who can vote; members at least the policy minimum.
 */
@CheckDefinition(
    id = "multisig.threshold",
    title = "Multisig threshold and membership meet the policy",
    severity = Severity.HIGH,
    checklist = {"p1.3.multisig-admin", "act.high.2.multisig-admin", "act.medium.3.proposal-voting"},
    rationale = "A 1-of-n multisig is a single key with extra steps; a threshold above the "
        + "number of voters can never be met, which freezes upgrades and emergency fixes.",
    remediation = "Change the multisig configuration (a config transaction in Squads) so that the "
        + "threshold is at least the policy minimum and at most the number of voting members.",
    references = {"https://docs.squads.so/main/v4/security"})
public final class ThresholdCheck implements Check {

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
    int threshold;
    long voters;
    int members;
    List<Evidence> ev;
    String nonVoting = "";
    switch (e.view().get()) {
      case GovernanceView.Squads sq -> {
        threshold = sq.multisig().threshold();
        voters = GovernanceView.voters(sq.multisig());
        members = sq.multisig().members().size();
        ev = new ArrayList<>(sq.evidence());
        nonVoting = nonVoting(sq, ev, context);
      }
      case GovernanceView.Spl spl -> {
        threshold = spl.multisig().m();
        voters = spl.multisig().n();
        members = spl.multisig().n();
        ev = new ArrayList<>(spl.evidence());
      }
      default -> throw new IllegalStateException("unexpected governance view");
    }
    ev.add(Evidence.note("policy minimum threshold", Integer.toString(g.minThreshold())));
    String lowered = "";
    if (context.policy().mainnet() && g.minThreshold() < PolicyLoader.MAINNET_MIN_THRESHOLD) {
      lowered = " The policy lowers the mainnet baseline minThreshold from "
          + PolicyLoader.MAINNET_MIN_THRESHOLD + " to " + g.minThreshold() + ".";
      ev.add(Evidence.note("mainnet baseline lowered by the policy", "minThreshold "
          + PolicyLoader.MAINNET_MIN_THRESHOLD + " -> " + g.minThreshold()));
    }
    ev.add(Evidence.note("policy minimum members", Integer.toString(g.minMembers())));
    List<String> problems = new ArrayList<>();
    if (threshold < g.minThreshold()) {
      problems.add("threshold " + threshold + " is below the policy minimum " + g.minThreshold());
    }
    if (threshold > voters) {
      problems.add("threshold " + threshold + " exceeds the " + voters
          + " members with Vote permission, so no proposal can pass");
    }
    if (threshold < 1) {
      problems.add("threshold is 0");
    }
    if (members < g.minMembers()) {
      problems.add(members + " members, below the policy minimum " + g.minMembers());
    }
    String shape = threshold + "-of-" + members + " (" + voters + " can vote)";
    if (problems.isEmpty()) {
      return List.of(info.pass("The multisig is " + shape + ", within the policy." + lowered
              + nonVoting).evidence(ev)
          .subject(g.address(), "threshold").build());
    }
    return List.of(info.fail("The multisig is " + shape + ": " + String.join("; ", problems)
        + "." + lowered + nonVoting).evidence(ev).subject(g.address(), "threshold").build());
  }

  /**
   * Members who can propose or execute but not vote: they are not part of the quorum, yet an
   * executor can run any approved transaction once the time lock releases it. Listed, one
   * evidence row each.
   */
  private static String nonVoting(GovernanceView.Squads sq, List<Evidence> ev,
                                  AuditContext context) {
    List<String> listed = new ArrayList<>();
    for (SquadsMultisig.Member m : sq.multisig().members()) {
      if (m.has(SquadsMultisig.Permission.VOTE) || m.permissions().isEmpty()) {
        continue;
      }
      String perms = m.permissions().stream().map(p -> p.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining("+"));
      listed.add(m.key().toBase58() + " (" + perms + ")");
      ev.add(Evidence.account(context.primary(), sq.account(), "member without vote",
          m.key().toBase58() + ": " + perms));
    }
    return listed.isEmpty() ? "" : " Members who can initiate or execute but not vote: "
        + String.join(", ", listed) + ".";
  }
}
