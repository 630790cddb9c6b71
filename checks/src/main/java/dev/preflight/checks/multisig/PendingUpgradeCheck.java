package dev.preflight.checks.multisig;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.LoaderInstruction;
import dev.preflight.core.chain.Loaders;
import dev.preflight.core.chain.SquadsAccounts;
import dev.preflight.core.chain.SquadsProposal;
import dev.preflight.core.chain.SquadsTransaction;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Early warning: a transaction waiting in the governing Squads multisig (index above the stale
 * index with its proposal active or approved, or an approved vault transaction at any index) that
 * would upgrade or close the program, change its upgrade authority, or change the multisig's own
 * configuration. Each is reported with its status,
 * approvals and the time its time lock releases it.
 */
@CheckDefinition(
    id = "multisig.pending-upgrade",
    title = "No upgrade, authority change or multisig reconfiguration is pending",
    severity = Severity.HIGH,
    checklist = {"p1.3.timelock", "p3.1.unusual-activity"},
    rationale = "An approved upgrade executes as soon as the time lock releases it; the audit's "
        + "findings then describe a program that is about to be replaced. The Drift incident of "
        + "2026-04-01 went through pre-approved admin transactions: what waits in the multisig "
        + "must be seen before it executes.",
    remediation = "Review each pending transaction listed: if it is expected, re-run the audit "
        + "after it executes (or suppress this finding for that fingerprint with a reason); if "
        + "not, reject it in Squads (or cancel it once approved) and investigate who proposed it.",
    references = {"https://docs.squads.so/main/v4/security",
        "https://github.com/Squads-Protocol/v4"},
    earlyWarning = true)
public final class PendingUpgradeCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>(MultisigChecks.needs(context));
    SquadsScan.of(context, cluster).ifPresent(s -> out.addAll(s.accounts(s.firstEver(), true)));
    return out;
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    MultisigChecks.Either e = MultisigChecks.read(info, context);
    if (e.view().isEmpty()) {
      return e.doneList();
    }
    Policy.Governance g = context.policy().governance().orElseThrow();
    ClusterSnapshot cluster = context.primary();
    Optional<SquadsScan.Squads> scan = SquadsScan.of(context, cluster);
    if (scan.isEmpty()) {
      return List.of(info.notApplicable("An SPL Token multisig has no proposals or time lock: "
          + "nothing can be pending in it.").subject(g.address(), "pending").build());
    }
    SquadsScan.Squads sq = scan.get();
    List<Evidence> ev = new ArrayList<>(sq.view().evidence());
    if (sq.implausible()) {
      return List.of(info.inconclusive("Multisig " + g.address() + " claims transaction index "
              + Long.toUnsignedString(sq.multisig().transactionIndex()) + " (stale "
              + Long.toUnsignedString(sq.multisig().staleTransactionIndex()) + "), beyond what "
              + "can be scanned; its pending transactions were not read.").evidence(ev)
          .subject(g.address(), "pending transactions").genesisHash(cluster.genesisHash()).build());
    }
    ev.add(Evidence.account(cluster, sq.view().account(), "transaction_index / stale_transaction_index",
        Long.toUnsignedString(sq.multisig().transactionIndex()) + " / "
            + Long.toUnsignedString(sq.multisig().staleTransactionIndex())));
    PublicKey program = context.programId();
    PublicKey programData = UpgradeableLoaderState.programDataAddress(program);
    SquadsAccounts accounts = new SquadsAccounts(SquadsV4.load());
    List<String> findings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (sq.openTruncated()) {
      unknown.add("indexes " + (sq.multisig().staleTransactionIndex() + 1) + " to "
          + (sq.firstOpen() - 1) + " were not read (only the last " + SquadsScan.MAX_INDEXES
          + " are)");
    }
    // Staleness stops votes and config transactions, not an approved vault transaction: Squads v4
    // executes it after a config change all the same. So indexes at or below the stale index are
    // read too, and their approved vault transactions count.
    for (long i = sq.firstEver(); i <= sq.last(); i++) {
      boolean stale = Long.compareUnsigned(i, sq.multisig().staleTransactionIndex()) <= 0;
      PublicKey pAddr = SquadsAccounts.proposalAddress(sq.address(), i);
      PublicKey tAddr = SquadsAccounts.transactionAddress(sq.address(), i);
      Lookup pl = cluster.lookup(pAddr);
      if (pl instanceof Lookup.Unavailable u) {
        unknown.add("proposal #" + i + " (" + pAddr.toBase58() + ") not read: " + u.reason());
        continue;
      }
      if (!(pl instanceof Lookup.Present pp)) {
        continue; // no proposal: nothing can be voted on or executed at this index
      }
      SquadsProposal proposal;
      try {
        requireSquads(pp.account());
        proposal = accounts.decodeProposal(pp.account().data());
      } catch (PreflightException ex) {
        unknown.add("proposal #" + i + " (" + pAddr.toBase58() + ") does not decode: " + ex.getMessage());
        continue;
      }
      if (!proposal.status().pending() || stale && proposal.status() == SquadsProposal.Status.ACTIVE) {
        continue;
      }
      String state = describe(proposal, sq, context.now()) + (stale ? ", stale but still "
          + "executable" : "");
      ev.add(Evidence.account(cluster, pp.account(), "proposal #" + i, state));
      Lookup tl = cluster.lookup(tAddr);
      if (!(tl instanceof Lookup.Present tp)) {
        unknown.add("transaction #" + i + " (" + tAddr.toBase58() + ") of a " + state
            + " proposal " + (tl instanceof Lookup.Unavailable u ? "not read: " + u.reason()
            : "does not exist"));
        continue;
      }
      SquadsTransaction tx;
      try {
        requireSquads(tp.account());
        tx = accounts.decodeTransaction(tp.account().data());
      } catch (PreflightException ex) {
        unknown.add("transaction #" + i + " (" + tAddr.toBase58() + ") does not decode: "
            + ex.getMessage());
        continue;
      }
      if (stale && !(tx instanceof SquadsTransaction.Vault)) {
        continue; // a stale config transaction or batch can no longer execute
      }
      switch (tx) {
        case SquadsTransaction.Config c -> {
          List<String> acts = c.actions().stream().map(SquadsTransaction.ConfigAction::description).toList();
          ev.add(Evidence.account(cluster, tp.account(), "config transaction #" + i,
              String.join("; ", acts)));
          findings.add("transaction #" + i + " changes the multisig's configuration ("
              + String.join("; ", acts) + "), proposal " + state);
        }
        case SquadsTransaction.Vault v -> {
          List<String> hits = new ArrayList<>();
          int k = 0;
          for (SquadsTransaction.Instruction ix : v.instructions()) {
            inspect(v, ix, k++, program, programData).ifPresent(r -> {
              if (r.startsWith("?")) {
                unknown.add("transaction #" + v.index() + ": " + r.substring(1));
              } else {
                hits.add(r);
              }
            });
          }
          ev.add(Evidence.account(cluster, tp.account(), "vault transaction #" + i,
              v.instructions().size() + " instruction(s), vault " + v.vaultIndex()
                  + (hits.isEmpty() ? "" : ": " + String.join("; ", hits))));
          if (!hits.isEmpty()) {
            findings.add("transaction #" + i + " (vault " + v.vaultIndex() + ") would "
                + String.join(" and ", hits) + ", proposal " + state);
          }
        }
        case SquadsTransaction.Other o -> unknown.add("transaction #" + i + " is a " + o.accountType()
            + " whose inner transactions are not read, proposal " + state);
      }
    }
    String range = sq.firstEver() > sq.last() ? "no transaction yet"
        : "indexes " + sq.firstEver() + " to " + sq.last();
    ev.add(Evidence.note("transaction indexes read", range));
    if (sq.historyTruncated() && !sq.openTruncated()) {
      ev.add(Evidence.note("not read", "approved vault transactions below index " + sq.firstEver()
          + " (only the last " + SquadsScan.MAX_INDEXES + " indexes are read)"));
    }
    if (!findings.isEmpty()) {
      return List.of(info.fail("Early warning: pending in multisig " + g.address() + ": "
              + String.join("; ", findings)
              + (unknown.isEmpty() ? "" : ". Also not inspected: " + String.join("; ", unknown))
              + ".").evidence(ev).subject(g.address(), "pending transactions").build());
    }
    if (!unknown.isEmpty()) {
      return List.of(info.inconclusive("Pending transactions of multisig " + g.address()
              + " could not all be inspected: " + String.join("; ", unknown) + ".").evidence(ev)
          .subject(g.address(), "pending transactions").genesisHash(cluster.genesisHash()).build());
    }
    return List.of(info.pass("Nothing pending in multisig " + g.address() + " upgrades the "
            + "program, changes its authority or reconfigures the multisig (" + range + ").")
        .evidence(ev).subject(g.address(), "pending transactions").build());
  }

  /**
   * What one instruction of a vault transaction does to the program: a phrase, a phrase starting
   * with {@code ?} when it cannot be told (an account from a lookup table), or empty.
   */
  private static Optional<String> inspect(SquadsTransaction.Vault v, SquadsTransaction.Instruction ix,
                                          int k, PublicKey program, PublicKey programData) {
    Optional<PublicKey> pid = v.key(ix.programIdIndex());
    if (pid.isEmpty()) {
      return Optional.of("?instruction " + k + " calls a program loaded from an address lookup table");
    }
    if (!pid.get().equals(Loaders.BPF_LOADER_UPGRADEABLE)) {
      return Optional.empty();
    }
    Optional<LoaderInstruction> li = LoaderInstruction.of(ix.data());
    if (li.isEmpty()) {
      return Optional.empty();
    }
    byte[] idx = ix.accountIndexes();
    List<Integer> positions = new ArrayList<>();
    positions.add(li.get().programDataAccount());
    li.get().programAccount().ifPresent(positions::add);
    for (int pos : positions) {
      if (pos >= idx.length) {
        continue;
      }
      Optional<PublicKey> acct = v.key(Byte.toUnsignedInt(idx[pos]));
      if (acct.isEmpty()) {
        return Optional.of("?instruction " + k + " (" + li.get().label() + ") names an account "
            + "from an address lookup table");
      }
      if (acct.get().equals(programData) || acct.get().equals(program)) {
        return Optional.of(switch (li.get()) {
          case UPGRADE -> "upgrade the program (loader Upgrade)";
          case SET_AUTHORITY, SET_AUTHORITY_CHECKED -> "change the program's upgrade authority"
              + newAuthority(v, idx) + " (loader " + li.get().label() + ")";
          case CLOSE -> "close the program (loader Close)";
        });
      }
    }
    return Optional.empty();
  }

  private static String newAuthority(SquadsTransaction.Vault v, byte[] idx) {
    if (idx.length < 3) {
      return " to none (immutable)";
    }
    return v.key(Byte.toUnsignedInt(idx[2])).map(k -> " to " + k.toBase58())
        .orElse(" to a key from a lookup table");
  }

  private static String describe(SquadsProposal p, SquadsScan.Squads sq, Instant now) {
    StringBuilder s = new StringBuilder(p.status().idlName());
    s.append(", ").append(p.approved().size()).append(" of ").append(sq.multisig().threshold())
        .append(" approvals");
    if (p.status() == SquadsProposal.Status.APPROVED && p.statusTimestamp().isPresent()) {
      Instant release = Instant.ofEpochSecond(p.statusTimestamp().getAsLong())
          .plusSeconds(sq.multisig().timeLockSeconds());
      s.append(", time lock releases ").append(release);
      if (!release.isAfter(now)) {
        s.append(" (released: executable now)");
      } else {
        Duration d = Duration.between(now, release);
        s.append(" (in ").append(d.toHours()).append(" h ").append(d.toMinutesPart()).append(" min)");
      }
    } else {
      s.append(", time lock ").append(sq.multisig().timeLockSeconds())
          .append(" s after approval");
    }
    return s.toString();
  }

  private static void requireSquads(AccountRecord a) {
    SquadsV4.ownerProblem(a.owner()).ifPresent(problem -> {
      throw new PreflightException("the account " + problem);
    });
  }
}
