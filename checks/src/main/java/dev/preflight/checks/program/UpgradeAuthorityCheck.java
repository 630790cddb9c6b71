package dev.preflight.checks.program;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.checks.support.ProgramChain;
import dev.preflight.core.chain.SplMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Who can replace the program's code. Passes when nobody can (immutable or finalized) or when the
 * authority is the multisig the policy names: the vault PDA of a Squads v4 multisig, or an SPL
 * Token native multisig. A single key fails under a mainnet policy.
 */
@CheckDefinition(
    id = "program.upgrade-authority",
    title = "Upgrade authority is immutable or governed by the named multisig",
    severity = Severity.CRITICAL,
    checklist = {"p1.3.multisig-admin", "act.medium.3.proposal-voting"},
    rationale = "Whoever holds the upgrade authority can replace the program and take every token "
        + "it controls. One leaked key must not be enough.",
    remediation = "Transfer the upgrade authority to the vault of a Squads v4 multisig with a "
        + "time lock (solana program set-upgrade-authority <PROGRAM> --new-upgrade-authority "
        + "<VAULT>), or make the program immutable once it is final.",
    references = {"https://docs.squads.so/main/navigating-your-squad/developers-assets/programs",
        "https://docs.anza.xyz/cli/examples/deploy-a-program#set-a-programs-upgrade-authority"})
public final class UpgradeAuthorityCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>(ProgramChain.needs(context.programId(), cluster));
    GovernanceView.address(context.policy()).ifPresent(out::add);
    return out;
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    ClusterSnapshot cluster = context.primary();
    return List.of(evaluate(context, cluster));
  }

  CheckResult evaluate(AuditContext context, ClusterSnapshot cluster) {
    CheckInfo info = info();
    String program = context.programId().toBase58();
    ProgramChain chain = ProgramChain.resolve(context.programId(), cluster);
    return switch (chain) {
      case ProgramChain.Unknown u -> info.inconclusive(u.reason()).evidence(u.evidence())
          .subject(program, "upgrade_authority").genesisHash(cluster.genesisHash()).build();
      case ProgramChain.PendingProgramData p -> info.inconclusive(p.reason())
          .evidence(p.evidence()).subject(program, "upgrade_authority")
          .genesisHash(cluster.genesisHash()).build();
      case ProgramChain.Missing m -> info.fail("No program is deployed at " + program + " on "
          + cluster.name() + ".").evidence(m.evidence()).subject(program, "upgrade_authority")
          .build();
      case ProgramChain.NotAProgram n -> info.fail("The account at " + program + " is not a "
          + "program that can be audited: " + n.reason()).evidence(n.evidence())
          .subject(program, "upgrade_authority").build();
      case ProgramChain.Immutable im -> info.pass("The program is immutable: deployed with "
          + im.loader() + ", which has no upgrade authority.").evidence(im.evidence())
          .subject(program, "upgrade_authority").build();
      case ProgramChain.Upgradeable up -> judge(context, cluster, program, up.authority(),
          up.authorityAccount(), up.evidence());
      case ProgramChain.V4 v4 -> judge(context, cluster, program, v4.authority(),
          v4.authorityAccount(), v4.evidence());
    };
  }

  private CheckResult judge(AuditContext context, ClusterSnapshot cluster, String program,
                            Optional<PublicKey> authority, Optional<Lookup> authorityAccount,
                            List<Evidence> chainEvidence) {
    CheckInfo info = info();
    List<Evidence> ev = new ArrayList<>(chainEvidence);
    if (authority.isEmpty()) {
      return info.pass("The program is immutable: its upgrade authority is none.").evidence(ev)
          .subject(program, "upgrade_authority").build();
    }
    PublicKey auth = authority.get();
    Policy policy = context.policy();
    if (policy.governance().isPresent()) {
      Policy.Governance g = policy.governance().get();
      GovernanceView gv = GovernanceView.resolve(g, cluster, SquadsV4.load());
      switch (gv) {
        case GovernanceView.Unreadable u -> {
          return info.inconclusive(u.reason()).evidence(ev).subject(program, "upgrade_authority")
              .genesisHash(cluster.genesisHash()).build();
        }
        case GovernanceView.Invalid inv -> {
          ev.addAll(inv.evidence());
          return info.fail("The upgrade authority " + auth.toBase58() + " cannot be shown to be "
                  + "governed: " + inv.reason() + ".").evidence(ev)
              .subject(program, "upgrade_authority").build();
        }
        case GovernanceView.Squads sq -> {
          ev.addAll(sq.evidence());
          if (sq.vault().equals(auth)) {
            return info.pass("Upgrades need the Squads v4 multisig " + g.address() + " ("
                    + sq.multisig().threshold() + " of " + sq.multisig().members().size()
                    + "): the upgrade authority is its vault " + g.vaultIndex() + ", "
                    + auth.toBase58() + ".").evidence(ev).subject(program, "upgrade_authority")
                .build();
          }
          return info.fail("The upgrade authority " + auth.toBase58() + " is not the vault "
                  + g.vaultIndex() + " (" + sq.vault().toBase58() + ") of the multisig "
                  + g.address() + " the policy names.").evidence(ev)
              .subject(program, "upgrade_authority").build();
        }
        case GovernanceView.Spl spl -> {
          ev.addAll(spl.evidence());
          if (spl.account().address().equals(auth) && spl.multisig().initialized()) {
            return info.pass("The upgrade authority is the SPL Token multisig " + g.address()
                    + " (" + spl.multisig().m() + " of " + spl.multisig().n() + ").")
                .evidence(ev).subject(program, "upgrade_authority").build();
          }
          return info.fail("The upgrade authority " + auth.toBase58() + " is not the SPL Token "
                  + "multisig " + g.address() + " the policy names.").evidence(ev)
              .subject(program, "upgrade_authority").build();
        }
      }
    }
    // No multisig named: recognise an SPL Token multisig, otherwise it is one key.
    if (authorityAccount.orElse(null) instanceof Lookup.Unavailable u) {
      return info.inconclusive("The authority account " + auth.toBase58() + " could not be read: "
          + u.reason()).evidence(ev).subject(program, "upgrade_authority")
          .genesisHash(cluster.genesisHash()).build();
    }
    if (authorityAccount.orElse(null) instanceof Lookup.Present p
        && SplMultisig.isMultisig(p.account().owner(), p.account().data())) {
      SplMultisig ms = SplMultisig.decode(p.account().data(), auth.toBase58());
      if (ms.initialized() && ms.m() >= 2) {
        return info.pass("The upgrade authority is an SPL Token multisig (" + ms.m() + " of "
                + ms.n() + ").").evidence(ev).subject(program, "upgrade_authority").build();
      }
    }
    String msg = "The program can be upgraded by a single key, " + auth.toBase58() + ".";
    if (policy.mainnet()) {
      return info.fail(msg + " A mainnet policy requires a multisig or an immutable program.")
          .evidence(ev).subject(program, "upgrade_authority").build();
    }
    return info.fail(msg + " Tolerated at low severity because the policy is not for mainnet.")
        .severity(Severity.LOW).evidence(ev).subject(program, "upgrade_authority").build();
  }
}
