package dev.preflight.core.expr;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccount;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlTypeDef;
import dev.preflight.core.policy.Expression;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.policy.Suggestions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every expression of a policy compiled against the program's IDL: config rules, fuzz bounds
 * (declared, translated from {@code arg/min/max}, and derived from rules), account invariants and
 * call invariants. Compiling checks every name against the IDL: an unknown variable, field,
 * instruction or account type is a {@link PolicyException} located at the file's line and column,
 * with a suggestion.
 */
public final class Invariants {
  /** Checklist items every declared invariant answers. */
  public static final List<String> CHECKLIST = List.of("p1.2.fuzzing", "p2.1.edge-cases");
  /** Check ids of invariants are this prefix and the policy's id. */
  public static final String CHECK_PREFIX = "invariant.";

  private final List<RuleExpression> rules;
  private final List<AccountInvariant> accounts;
  private final List<CallInvariant> calls;
  private final List<Bound> bounds;

  private Invariants(List<RuleExpression> rules, List<AccountInvariant> accounts,
                     List<CallInvariant> calls, List<Bound> bounds) {
    this.rules = List.copyOf(rules);
    this.accounts = List.copyOf(accounts);
    this.calls = List.copyOf(calls);
    this.bounds = List.copyOf(bounds);
  }

  public List<RuleExpression> rules() {
    return rules;
  }

  public List<AccountInvariant> accountInvariants() {
    return accounts;
  }

  public List<CallInvariant> callInvariants() {
    return calls;
  }

  /** Every bound: {@code fuzz.bounds} in order, then those derived from config rules. */
  public List<Bound> bounds() {
    return bounds;
  }

  /** The check metadata of every invariant, for the registry and the catalog. */
  public List<CheckInfo> definitions() {
    List<CheckInfo> out = new ArrayList<>();
    accounts.forEach(a -> out.add(a.info()));
    calls.forEach(c -> out.add(c.info()));
    return out;
  }

  /** The integer constants of every expression: boundary values for the generator. */
  public List<BigInteger> literals() {
    Set<BigInteger> out = new LinkedHashSet<>();
    rules.forEach(r -> out.addAll(r.expression().literals()));
    bounds.forEach(b -> out.addAll(b.literals()));
    accounts.forEach(a -> out.addAll(a.expression().literals()));
    calls.forEach(c -> out.addAll(c.expression().literals()));
    return List.copyOf(out);
  }

  /**
   * Compiles every expression of {@code policy} against {@code idl}.
   *
   * @throws PolicyException with every problem found, each located in the policy file
   */
  public static Invariants compile(Policy policy, Idl idl) {
    ExprEnv env = new ExprEnv(idl);
    Scopes scopes = new Scopes(env.types());
    List<SourceProblem> problems = new ArrayList<>();
    List<RuleExpression> rules = new ArrayList<>();
    for (Policy.ConfigRule r : policy.rules()) {
      if (r.missing().isEmpty()) {
        compileRule(r, env, scopes, problems).ifPresent(rules::add);
      }
    }
    List<Bound> bounds = new ArrayList<>();
    for (Policy.BoundSpec b : policy.bounds()) {
      Optional<IdlInstruction> ix = instruction(idl, b.instruction(), b.instructionAt(),
          problems);
      if (b.instruction().isPresent() && ix.isEmpty()) {
        continue;
      }
      env.compile(b.expr(), scopes.callVars(ix, true), problems)
          .ifPresent(e -> bounds.add(new Bound(b.instruction(), e, b.source(), scopes)));
    }
    for (RuleExpression r : rules) {
      bounds.addAll(derivedBounds(r.rule(), idl, env, scopes));
    }
    List<AccountInvariant> accounts = new ArrayList<>();
    for (Policy.AccountInvariantSpec a : policy.accountInvariants()) {
      Optional<IdlAccount> account = idl.account(a.account());
      if (account.isEmpty()) {
        problems.add(a.accountAt().problem("unknown account type '" + a.account() + "'"
            + suggest(a.account(), idl.accounts().stream().map(IdlAccount::name).toList())));
        continue;
      }
      env.compile(a.expr(), scopes.accountVars(a.account(), a.variable()), problems)
          .ifPresent(e -> accounts.add(new AccountInvariant(a.id(), a.account(), a.variable(),
              e, info(a.id(), a.title(), a.severity(), a.description(), a.remediation(),
                  "Every " + a.account() + " account satisfies " + e.text().strip()), scopes)));
    }
    List<CallInvariant> calls = new ArrayList<>();
    for (Policy.CallInvariantSpec c : policy.callInvariants()) {
      Optional<IdlInstruction> ix = instruction(idl, c.instruction(), c.instructionAt(),
          problems);
      if (c.instruction().isPresent() && ix.isEmpty()) {
        continue;
      }
      env.compile(c.expr(), scopes.callVars(ix, false), problems)
          .ifPresent(e -> calls.add(new CallInvariant(c.id(), c.instruction(), e,
              info(c.id(), c.title(), c.severity(), c.description(), c.remediation(),
                  c.instruction().map(i -> "Every successful " + i)
                      .orElse("Every successful call") + " satisfies " + e.text().strip()),
              scopes)));
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return new Invariants(rules, accounts, calls, bounds);
  }

  /**
   * Compiles the policy's expressions against the IDL it names ({@code program.idl}), so that a
   * mistake in one stops the run as a policy error before anything is read. Empty when the policy
   * names no IDL or it cannot be read: the checks that need the IDL report that themselves.
   *
   * @throws PolicyException with every problem found, each located in the policy file
   */
  public static Optional<Invariants> forPolicy(Policy policy) {
    Optional<java.nio.file.Path> file = policy.program().idl()
        .filter(java.nio.file.Files::isRegularFile);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Idl idl;
    try {
      idl = Idl.load(file.get());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(compile(policy, idl));
  }

  /**
   * Compiles one config rule against {@code idl}.
   *
   * @throws PolicyException when the rule's expression does not compile
   */
  public static RuleExpression compileRule(Policy.ConfigRule rule, Idl idl) {
    ExprEnv env = new ExprEnv(idl);
    List<SourceProblem> problems = new ArrayList<>();
    Optional<RuleExpression> r = compileRule(rule, env, new Scopes(env.types()), problems);
    if (r.isEmpty()) {
      throw new PolicyException(problems);
    }
    return r.get();
  }

  private static Optional<RuleExpression> compileRule(Policy.ConfigRule r, ExprEnv env,
                                                      Scopes scopes,
                                                      List<SourceProblem> problems) {
    Idl idl = env.types().idl();
    String type = r.account().type();
    if (idl.account(type).isEmpty() && idl.type(type).isEmpty()) {
      problems.add(r.expr().problemAt(0, "rule '" + r.id() + "' reads an account of type '"
          + type + "', which the IDL does not declare"
          + suggest(type, idl.accounts().stream().map(IdlAccount::name).toList())));
      return Optional.empty();
    }
    return env.compile(r.expr(), scopes.accountVars(type, r.variable()), problems)
        .map(e -> new RuleExpression(r, e, scopes));
  }

  private static Optional<IdlInstruction> instruction(Idl idl, Optional<String> name,
                                                      Optional<Policy.Where> at,
                                                      List<SourceProblem> problems) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<IdlInstruction> ix = idl.instruction(name.get());
    if (ix.isEmpty()) {
      String message = "unknown instruction '" + name.get() + "'" + suggest(name.get(),
          idl.instructions().stream().map(IdlInstruction::name).toList());
      problems.add(at.map(w -> w.problem(message))
          .orElse(new SourceProblem("policy", 0, 0, "", message)));
    }
    return ix;
  }

  private static String suggest(String word, List<String> candidates) {
    String s = Suggestions.didYouMean(word, candidates);
    return s.isEmpty() ? "; the IDL has " + String.join(", ", candidates) : s;
  }

  private static CheckInfo info(String id, Optional<String> title,
                                dev.preflight.core.vocabulary.Severity severity,
                                Optional<String> description, Optional<String> remediation,
                                String defaultTitle) {
    return new CheckInfo(CHECK_PREFIX + id, title.orElse(defaultTitle), severity, CHECKLIST,
        description.map(d -> d + " (declared in the policy)").orElse("Declared in the policy: "
            + "a property the program promises."),
        remediation.orElse("Find the sequence of calls in the reproducer that breaks the "
            + "property and fix the program's check that should have prevented it."),
        List.of());
  }

  /**
   * A rule's comparisons of a field with a constant ({@code platform_fee_bps <= 1000}) bound the
   * arguments of the same name in every instruction ({@code args.update.platform_fee_bps}, the
   * payload field of an enum variant included), as the config they end up in must stay inside
   * the rule.
   */
  private static List<Bound> derivedBounds(Policy.ConfigRule rule, Idl idl, ExprEnv env,
                                           Scopes scopes) {
    List<Bound> out = new ArrayList<>();
    String prefix = rule.variable() + ".";
    List<Expression.Comparison> comparisons = rule.expr().comparisons();
    for (IdlInstruction ix : idl.instructions()) {
      Map<String, List<String>> paths = argPaths(ix, idl);
      List<String> parts = new ArrayList<>();
      for (Expression.Comparison c : comparisons) {
        if (c.op().equals("==") || c.op().equals("!=")) {
          continue;
        }
        String field = c.field().startsWith(prefix) ? c.field().substring(prefix.length())
            : c.field();
        String last = field.substring(field.lastIndexOf('.') + 1);
        for (String p : paths.getOrDefault(last, List.of())) {
          parts.add("args." + p + " " + c.op() + " " + c.constant());
        }
      }
      if (parts.isEmpty()) {
        continue;
      }
      for (String part : parts) {
        Expression e = Expression.translated(part, rule.expr().file(), rule.expr().path(),
            rule.expr().markAt(0));
        List<SourceProblem> ignored = new ArrayList<>();
        env.compile(e, scopes.callVars(Optional.of(ix), true), ignored)
            .ifPresent(c -> out.add(new Bound(Optional.of(ix.name()), c, "rule " + rule.id(),
                scopes)));
      }
    }
    return out;
  }

  /** Argument paths by their last name: {@code fee_bps -> [update.fee_bps]}. */
  private static Map<String, List<String>> argPaths(IdlInstruction ix, Idl idl) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ix.args().forEach(a -> collect(a.name(), a.type(), idl, out, 0));
    return out;
  }

  private static void collect(String path, IdlType t, Idl idl, Map<String, List<String>> out,
                              int depth) {
    IdlType x = t instanceof IdlType.Option o ? o.inner() : t;
    if (x instanceof IdlType.Primitive p && p.kind().isInteger()) {
      out.computeIfAbsent(path.substring(path.lastIndexOf('.') + 1), k -> new ArrayList<>())
          .add(path);
      return;
    }
    if (depth > 4 || !(x instanceof IdlType.Defined d)) {
      return;
    }
    Optional<IdlTypeDef> def = idl.type(d.name());
    if (def.isEmpty()) {
      return;
    }
    switch (def.get().body()) {
      case IdlTypeDef.Struct s -> IdlCel.fieldsOf(s.fields())
          .forEach((n, ft) -> collect(path + "." + n, ft, idl, out, depth + 1));
      case IdlTypeDef.Enum e -> {
        for (IdlTypeDef.EnumVariant v : e.variants()) {
          IdlCel.fieldsOf(v.fields())
              .forEach((n, ft) -> collect(path + "." + n, ft, idl, out, depth + 1));
        }
      }
      case IdlTypeDef.Alias a -> collect(path, a.target(), idl, out, depth + 1);
    }
  }
}
