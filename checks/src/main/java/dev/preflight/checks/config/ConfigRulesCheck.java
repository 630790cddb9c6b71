package dev.preflight.checks.config;

import dev.preflight.checks.support.Idls;
import dev.preflight.checks.support.Seeds;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.expr.AccountLookup;
import dev.preflight.core.expr.Invariants;
import dev.preflight.core.expr.RuleExpression;
import dev.preflight.core.expr.Verdict;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.snapshot.AccountRecord;
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
 * Evaluates the policy's config rules: each reads one account, decodes it with the program's IDL
 * and evaluates its CEL expression (rules written in the older field/op/value form arrive
 * translated). Evidence rows carry the decoded value of every field the expression reads. The
 * preset ids are declared here, once (the preset supplies only conditions and parameters); a
 * user's own rules carry the id, title and severity they were given in the policy.
 */
// tag::preset[]
@CheckDefinition(id = "config.fee-cap", title = "Platform fee is within the cap (<= 10 %)",
    severity = Severity.HIGH, checklist = {"act.medium.2.max-fee", "sec.critical.2.parameter-bounds"},
    rationale = "The roadmap caps the platform fee at 1000 bps (10 %): a higher fee, set by "
        + "mistake or by a compromised admin, takes buyers' money.",
    remediation = "Propose and execute a config update that sets the fee at or below the cap; "
        + "enforce the cap in the program so no update can exceed it.")
// end::preset[]
@CheckDefinition(id = "config.duration-bounds",
    title = "Sale duration bounds are within 1 hour and 30 days",
    severity = Severity.MEDIUM,
    checklist = {"act.medium.2.duration-limits", "sec.critical.2.parameter-bounds"},
    rationale = "MIN_SALE_DURATION = 1 h and MAX_SALE_DURATION = 30 d in the roadmap: sales that "
        + "end in minutes or run for years trap buyers' funds or tokens.",
    remediation = "Set min_sale_duration >= 3600 and max_sale_duration <= 2592000 through the "
        + "timelocked update path.")
@CheckDefinition(id = "config.emergency-stop",
    title = "Emergency stop exists and is disengaged",
    severity = Severity.HIGH,
    checklist = {"p1.3.emergency-stop", "act.high.3.emergency-stop"},
    rationale = "The roadmap requires a global emergency stop; an engaged stop at launch means "
        + "the program is not operating, a missing one means there is no brake.",
    remediation = "Add the emergency_stop flag to the global config, or resume operations "
        + "through the governed path before launch.")
@CheckDefinition(id = "config.circuit-breaker",
    title = "Circuit breaker is configured and not tripped",
    severity = Severity.MEDIUM,
    checklist = {"sec.critical.3.circuit-breaker", "p4.2.rate-limiting"},
    rationale = "A daily volume limit bounds the loss from a bug; a limit of 0 disables it and a "
        + "tripped breaker halts trading.",
    remediation = "Set max_daily_volume to a positive limit and reset a tripped breaker after "
        + "investigating why it tripped.")
@CheckDefinition(id = "config.admin-set", title = "Admin set is m-of-n with m >= 2",
    severity = Severity.HIGH, checklist = {"p1.3.multisig-admin", "act.high.2.multisig-admin"},
    rationale = "The roadmap's AdminConfig has several admins and a signature threshold; one "
        + "admin signature must not be enough to change parameters.",
    remediation = "Set min_signatures to at least 2 and at most the number of admins through the "
        + "timelocked admin-set update.")
public final class ConfigRulesCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>();
    for (Policy.ConfigRule rule : context.policy().rules()) {
      if (rule.missing().isEmpty()) {
        try {
          out.add(Seeds.address(rule.account(), context.programId()));
        } catch (PreflightException e) {
          // Reported by evaluate with the rule's id; nothing to read.
        }
      }
    }
    return out;
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    List<CheckResult> out = new ArrayList<>();
    Optional<Idl> idl = Optional.empty();
    String idlProblem = null;
    try {
      idl = Idls.of(context);
    } catch (PreflightException e) {
      idlProblem = e.getMessage();
    }
    for (Policy.ConfigRule rule : context.policy().rules()) {
      out.add(evaluate(context, context.primary(), rule, idl, idlProblem));
    }
    return out;
  }

  /**
   * A preset's rule is one of the ids declared above, with their metadata; a rule the project
   * wrote itself is its own check and carries its own (a declared id keeps the rationale and
   * references it was declared with).
   */
  private CheckInfo infoFor(Policy.ConfigRule rule) {
    Optional<CheckInfo> declared = definitions().stream().filter(i -> i.id().equals(rule.id()))
        .findFirst();
    if (rule.own().isEmpty()) {
      return declared.orElseThrow(() -> new PreflightException("The rule " + rule.id()
          + " of preset " + rule.preset().orElse("?") + " has no declaration in "
          + getClass().getSimpleName() + "; a preset may only supply ids a check declares."));
    }
    Policy.ConfigRule.Own own = rule.own().get();
    return new CheckInfo(rule.id(), own.title(), own.severity(), own.checklist(),
        declared.map(CheckInfo::rationale).orElse("A rule of this project's policy."),
        own.remediation().orElse(declared.map(CheckInfo::remediation)
            .orElse("Bring the account's value within the rule, or revisit the rule.")),
        declared.map(CheckInfo::references).orElse(List.of()));
  }

  /** Evaluates one rule on one cluster (also used by the cluster-consistency check). */
  public CheckResult evaluate(AuditContext context, ClusterSnapshot cluster, Policy.ConfigRule rule,
                              Optional<Idl> idl, String idlProblem) {
    CheckInfo info;
    try {
      info = infoFor(rule);
    } catch (PreflightException e) {
      // Fails closed on this rule alone: the others still evaluate.
      return new CheckInfo(rule.id(), rule.id(), Severity.HIGH,
          List.of(), "", "", List.of()).inconclusive(e.getMessage()).subject(rule.id(), "rule")
          .build();
    }
    if (rule.missing().isPresent()) {
      return info.fail(rule.missing().get()).subject(rule.id(), "mapping").build();
    }
    PublicKey address;
    try {
      address = Seeds.address(rule.account(), context.programId());
    } catch (PreflightException e) {
      return info.inconclusive(e.getMessage()).subject(rule.id(), "account").build();
    }
    String where = address.toBase58();
    if (idl.isEmpty()) {
      return info.inconclusive(idlProblem != null ? idlProblem : "The policy names no IDL "
              + "(program.idl), so " + rule.account().type() + " at " + where
              + " cannot be decoded.").subject(where, fields(rule))
          .genesisHash(cluster.genesisHash()).build();
    }
    Lookup l = cluster.lookup(address);
    if (l instanceof Lookup.Unavailable u) {
      return info.inconclusive(rule.account().type() + " at " + where + " could not be read: "
          + u.reason()).subject(where, fields(rule)).genesisHash(cluster.genesisHash()).build();
    }
    if (l instanceof Lookup.Absent) {
      return info.fail("No " + rule.account().type() + " account exists at " + where + " on "
          + cluster.name() + ".").evidence(Evidence.absent(cluster, where, rule.account().type()))
          .subject(where, fields(rule)).build();
    }
    AccountRecord account = ((Lookup.Present) l).account();
    if (!account.owner().equals(context.programId()) && rule.account().address().isEmpty()
        && rule.account().programId().isEmpty()) {
      return info.fail(rule.account().type() + " at " + where + " is owned by "
              + account.owner().toBase58() + ", not by the program: it is not the program's "
              + "account.").evidence(Evidence.account(cluster, account, "owner",
              account.owner().toBase58())).subject(where, fields(rule)).build();
    }
    IdlValue value;
    try {
      value = idl.get().decodeAccount(rule.account().type(), account.data()).value();
    } catch (PreflightException e) {
      return info.inconclusive("Cannot decode " + rule.account().type() + " at " + where + ": "
          + e.getMessage()).evidence(Evidence.account(cluster, account, "type",
          rule.account().type())).subject(where, fields(rule)).build();
    }
    RuleExpression compiled;
    try {
      compiled = Invariants.compileRule(rule, idl.get());
    } catch (PolicyException e) {
      return info.inconclusive("The rule's expression '" + rule.expr().text() + "' does not "
              + "compile against the IDL: " + e.problems().stream().map(SourceProblem::render)
              .collect(Collectors.joining("; ")))
          .subject(where, fields(rule)).genesisHash(cluster.genesisHash()).build();
    }
    List<Evidence> ev = new ArrayList<>();
    compiled.values(value).forEach(f ->
        ev.add(Evidence.account(cluster, account, f.field(), f.value())));
    String expr = rule.expr().text().strip();
    return switch (compiled.check(value, lookup(cluster, idl.get()))) {
      case Verdict.Holds h -> info.pass(expr + " holds on " + rule.account().type() + " " + where
          + ".").evidence(ev).subject(where, fields(rule)).build();
      case Verdict.Violated v -> info.fail("Not satisfied on " + rule.account().type() + " "
          + where + ": " + expr + " (" + v.detail() + ").").evidence(ev)
          .subject(where, fields(rule)).build();
      case Verdict.NotEvaluated n -> info.inconclusive(expr + " could not be evaluated on "
          + rule.account().type() + " " + where + ": " + n.reason() + ".").evidence(ev)
          .subject(where, fields(rule)).build();
    };
  }

  /**
   * {@code account(pubkey)} in a rule reads from the snapshot: accounts another check (or this
   * one) already fetched. An account not in the snapshot leaves the rule not evaluated.
   */
  private static AccountLookup lookup(ClusterSnapshot cluster, Idl idl) {
    return address -> {
      try {
        if (cluster.lookup(PublicKey.fromBase58Encoded(address)) instanceof Lookup.Present p) {
          return idl.decodeAccount(p.account().data());
        }
      } catch (RuntimeException e) {
        // not a public key, or undecodable: not evaluated
      }
      return Optional.empty();
    };
  }

  private static String fields(Policy.ConfigRule rule) {
    return String.join(",", rule.fields());
  }
}
