package dev.preflight.checks.multisig;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.SquadsAccounts;
import dev.preflight.core.chain.SquadsSpendingLimit;
import dev.preflight.core.chain.SquadsTransaction;
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
import java.util.stream.Collectors;
import software.sava.core.accounts.PublicKey;

/**
 * Spending limits on the governing Squads multisig, each with what it lets a single member move
 * without a vote. A spending limit's address is seeded by a create key that only its config
 * transaction names, so the check reads the multisig's config transactions (by index, in the
 * snapshot's rounds) and then the limits they added. A closed or unreadable transaction leaves the
 * answer open: inconclusive, never a pass.
 */
@CheckDefinition(
    id = "multisig.spending-limits",
    title = "No spending limit lets a single member move vault funds without a vote",
    severity = Severity.MEDIUM,
    checklist = {"p1.3.multisig-admin", "p3.1.unusual-activity"},
    rationale = "A Squads spending limit lets each of its members move up to its amount per "
        + "period out of a vault alone, bypassing threshold and time lock. After the 2026 admin "
        + "multisig incidents the baseline is that every movement of governed funds needs the "
        + "quorum.",
    remediation = "Remove the spending limit with a config transaction (RemoveSpendingLimit) or, "
        + "if it is intended, suppress this finding with the reason and an owner. When the "
        + "result is inconclusive because transactions were closed, check the multisig's "
        + "spending limits in the Squads app and suppress the result with what you found.",
    references = {"https://docs.squads.so/main/v4/security",
        "https://github.com/Squads-Protocol/v4"})
public final class SpendingLimitsCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>(MultisigChecks.needs(context));
    SquadsScan.of(context, cluster).ifPresent(s -> {
      out.addAll(s.accounts(s.firstEver(), false));
      out.addAll(history(s, cluster).limitAddresses());
    });
    return out;
  }

  /** What the read transactions say about spending limits. */
  private record History(Set<PublicKey> limitAddresses, List<String> gaps, List<Evidence> evidence) {}

  private static History history(SquadsScan.Squads s, ClusterSnapshot cluster) {
    SquadsAccounts accounts = new SquadsAccounts(SquadsV4.load());
    Set<PublicKey> limits = new LinkedHashSet<>();
    List<String> gaps = new ArrayList<>();
    List<Long> closed = new ArrayList<>();
    List<Evidence> ev = new ArrayList<>();
    if (s.historyTruncated()) {
      gaps.add("transactions 1 to " + (s.firstEver() - 1) + " were not read (only the last "
          + SquadsScan.MAX_INDEXES + " are)");
    }
    for (long i = s.firstEver(); i <= s.last(); i++) {
      PublicKey t = SquadsAccounts.transactionAddress(s.address(), i);
      switch (cluster.lookup(t)) {
        case Lookup.Unavailable u -> gaps.add("transaction #" + i + " not read: " + u.reason());
        case Lookup.Absent a -> closed.add(i);
        case Lookup.Present p -> {
          try {
            if (SquadsV4.ownerProblem(p.account().owner()).isPresent()) {
              gaps.add("transaction #" + i + " is not owned by Squads v4");
              continue;
            }
            if (accounts.decodeTransaction(p.account().data()) instanceof SquadsTransaction.Config c) {
              for (SquadsTransaction.ConfigAction a : c.actions()) {
                a.spendingLimitCreateKey().ifPresent(k -> {
                  limits.add(SquadsAccounts.spendingLimitAddress(s.address(), k));
                  ev.add(Evidence.account(cluster, p.account(), "config transaction #" + c.index(),
                      a.description()));
                });
              }
            }
          } catch (PreflightException e) {
            gaps.add("transaction #" + i + " does not decode: " + e.getMessage());
          }
        }
      }
    }
    if (!closed.isEmpty()) {
      gaps.add(closed.size() + " transaction account(s) closed (#" + closed.stream()
          .limit(10).map(String::valueOf).collect(Collectors.joining(", #"))
          + (closed.size() > 10 ? ", ..." : "") + "): a spending limit they added cannot be "
          + "ruled out");
    }
    return new History(limits, gaps, ev);
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
      return List.of(info.notApplicable("An SPL Token multisig has no spending limits.")
          .subject(g.address(), "spending limits").build());
    }
    SquadsScan.Squads s = scan.get();
    List<Evidence> ev = new ArrayList<>(s.view().evidence());
    if (s.implausible()) {
      return List.of(info.inconclusive("Multisig " + g.address() + " claims transaction index "
              + Long.toUnsignedString(s.multisig().transactionIndex()) + ", beyond what can be "
              + "scanned; its spending limits were not looked for.").evidence(ev)
          .subject(g.address(), "spending limits").genesisHash(cluster.genesisHash()).build());
    }
    History h = history(s, cluster);
    ev.addAll(h.evidence());
    List<String> gaps = new ArrayList<>(h.gaps());
    List<String> live = new ArrayList<>();
    SquadsAccounts accounts = new SquadsAccounts(SquadsV4.load());
    for (PublicKey addr : h.limitAddresses()) {
      switch (cluster.lookup(addr)) {
        case Lookup.Unavailable u -> gaps.add("spending limit " + addr.toBase58() + " not read: "
            + u.reason());
        case Lookup.Absent a -> ev.add(Evidence.absent(cluster, addr.toBase58(),
            "spending limit (removed)"));
        case Lookup.Present p -> {
          try {
            SquadsSpendingLimit sl = accounts.decodeSpendingLimit(p.account().data());
            String what = describe(sl);
            ev.add(Evidence.account(cluster, p.account(), "spending limit", what));
            live.add(addr.toBase58() + ": " + what);
          } catch (PreflightException ex) {
            gaps.add("spending limit " + addr.toBase58() + " does not decode: " + ex.getMessage());
          }
        }
      }
    }
    ev.add(Evidence.note("transaction indexes read", s.firstEver() > s.last() ? "none (no transactions)"
        : s.firstEver() + " to " + s.last()));
    if (!live.isEmpty()) {
      return List.of(info.fail(live.size() + " spending limit(s) on multisig " + g.address()
              + " let a single member move funds without a vote: " + String.join("; ", live)
              + (gaps.isEmpty() ? "" : ". Not read: " + String.join("; ", gaps)) + ".")
          .evidence(ev).subject(g.address(), "spending limits").build());
    }
    if (!gaps.isEmpty()) {
      return List.of(info.inconclusive("Whether multisig " + g.address() + " has spending limits "
              + "cannot be told: " + String.join("; ", gaps) + ".").evidence(ev)
          .subject(g.address(), "spending limits").genesisHash(cluster.genesisHash()).build());
    }
    return List.of(info.pass("Multisig " + g.address() + " has no spending limit: every "
            + "transaction it ever held was read" + (h.evidence().isEmpty() ? "" : " and every limit "
            + "it added has been removed") + ".").evidence(ev)
        .subject(g.address(), "spending limits").build());
  }

  /** What one member of the limit can move alone. */
  static String describe(SquadsSpendingLimit sl) {
    String asset = sl.sol() ? "lamports (SOL)" : "base units of mint " + sl.mint().toBase58();
    String per = switch (sl.period()) {
      case ONE_TIME -> "once";
      case DAY -> "per day";
      case WEEK -> "per week";
      case MONTH -> "per month";
    };
    String who = sl.members().stream().map(PublicKey::toBase58).collect(Collectors.joining(", "));
    String to = sl.destinations().isEmpty() ? "to any address"
        : "to " + sl.destinations().stream().map(PublicKey::toBase58).collect(Collectors.joining(", "));
    return "each of " + sl.members().size() + " member(s) [" + who + "] can move up to "
        + Long.toUnsignedString(sl.amount()) + " " + asset + " " + per + " from vault "
        + sl.vaultIndex() + " " + to + " (remaining now " + Long.toUnsignedString(sl.remainingAmount())
        + ")";
  }
}
