package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.Idl;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * Judges one simulated case. A finding names the oracle's check id and says why; the campaign
 * turns findings into FAIL results and a clean run into PASS results for each id.
 */
@CheckDefinition(id = Oracles.FAILURE_MODE, title = "Instructions fail only with program errors",
    severity = Severity.HIGH, checklist = {"p1.2.fuzzing", "p2.1.edge-cases",
        "p4.2.error-handling"},
    rationale = "A panic, an access violation or running out of compute instead of a returned error "
        + "means input reached code that did not expect it; such paths often hide memory or "
        + "arithmetic bugs and make failures undiagnosable.",
    remediation = "Validate the input that reaches the faulting path and return a program error; "
        + "replay the reproducer to find the instruction and arguments.")
@CheckDefinition(id = Oracles.UNAUTHORIZED, title = "Privileged instructions need their signers",
    severity = Severity.CRITICAL, checklist = {"p1.2.fuzzing", "sec.access.1.role-based-permissions"},
    rationale = "An instruction that still succeeds when a required signer is missing or replaced "
        + "by a stranger lets anyone act with that signer's authority.",
    remediation = "Check is_signer and the signer's identity (admin list, stored authority) before "
        + "acting; count distinct admin signers for multi-signature paths.")
@CheckDefinition(id = Oracles.BOUNDS, title = "Arguments outside the policy bounds are rejected",
    severity = Severity.HIGH, checklist = {"p1.2.fuzzing", "p2.1.edge-cases",
        "p2.1.stress-tests", "sec.critical.2.parameter-bounds", "act.medium.2.duration-limits",
        "act.medium.2.max-fee"},
    rationale = "The policy states the bounds a parameter must respect (fee cap, sale durations); a "
        + "program that accepts a value outside them lets a caller set what the platform forbids.",
    remediation = "Enforce the bound in every instruction that sets the value (initialisation, "
        + "proposals and their execution).")
@CheckDefinition(id = Oracles.SUBSTITUTION, title = "Look-alike accounts are rejected",
    severity = Severity.CRITICAL, checklist = {"p1.2.fuzzing", "sec.access.1.role-based-permissions"},
    rationale = "An instruction that accepts a look-alike mint, vault or treasury, the same data "
        + "under another owner, a fake token or system program, a spoofed sysvar or a writable "
        + "account passed twice can be pointed at attacker-controlled state.",
    remediation = "Check owners, PDA derivations, stored addresses (vaults, treasury, mints) and "
        + "program ids of every account the instruction trusts.")
@CheckDefinition(id = Oracles.CONSERVATION, title = "Token value is conserved",
    severity = Severity.CRITICAL, checklist = {"p1.2.fuzzing", "p2.1.edge-cases"},
    rationale = "Token balances of the accounts a transaction touches must net to zero per mint "
        + "(minus supply changes), a declared exchange must move exactly amount x price, and "
        + "lamports may leave a program-owned account only when it is closed.",
    remediation = "Use checked arithmetic for every amount and price product; refuse instead of "
        + "wrapping.")
@CheckDefinition(id = Oracles.COMPUTE, title = "Instructions stay within the compute budget",
    severity = Severity.MEDIUM, checklist = {"p1.2.gas-optimization", "p2.1.stress-tests"},
    rationale = "A call that uses more compute units than the policy's budget can fail in busy "
        + "blocks or cost users more than planned.",
    remediation = "Reduce the instruction's compute use or raise the budget in the policy with a "
        + "reason.")
public final class Oracles {
  public static final String FAILURE_MODE = "fuzz.unexpected-failure-mode";
  public static final String UNAUTHORIZED = "fuzz.unauthorized-success";
  public static final String BOUNDS = "fuzz.bounds-accepted";
  public static final String SUBSTITUTION = "fuzz.account-substitution";
  public static final String CONSERVATION = "fuzz.conservation";
  public static final String COMPUTE = "fuzz.compute-budget";
  public static final List<String> IDS = List.of(FAILURE_MODE, UNAUTHORIZED, BOUNDS, SUBSTITUTION,
      CONSERVATION, COMPUTE);

  /** A case the oracles object to. */
  public record Verdict(String checkId, String reason) {}

  private final Idl idl;
  private final FuzzSettings settings;
  private final Map<String, OptionalLong> budgets;
  private final PublicKey programId;
  /** Every bound as CEL: {@code fuzz.bounds} (either form) and those derived from rules. */
  private final List<dev.preflight.core.expr.Bound> bounds;

  public Oracles(Idl idl, FuzzSettings settings, Map<String, OptionalLong> budgets, PublicKey programId,
                 List<dev.preflight.core.expr.Bound> bounds) {
    this.bounds = List.copyOf(bounds);
    this.idl = idl;
    this.programId = programId;
    this.settings = settings;
    this.budgets = Map.copyOf(budgets);
  }

  public static CheckInfo info(String id) {
    return CheckInfo.fromAnnotations(Oracles.class).stream().filter(i -> i.id().equals(id))
        .findFirst().orElseThrow();
  }

  public Optional<Verdict> judge(FuzzCase c, CallTemplate template, CaseRunner.Call call,
                                 List<PublicKey> watch, Simulation sim,
                                 Map<PublicKey, Optional<AccountState>> pre) {
    switch (sim.failureMode()) {
      case RUNTIME_FAULT, COMPUTE_EXHAUSTED -> {
        return Optional.of(new Verdict(FAILURE_MODE, sim.failureMode() + ": " + sim.errorText()));
      }
      case PROGRAM_ERROR, TRANSACTION -> {
        return Optional.empty();
      }
      case NONE -> { }
    }
    // the stranger signing for an account of its own (a look-alike it owns) is its own authority
    boolean strangersOwn = c.mutations().stream().anyMatch(m -> m instanceof Mutation.Substitute s
        && s.kind().startsWith("look-alike token account owned by the stranger"));
    for (Mutation m : c.mutations()) {
      if (m instanceof Mutation.DuplicateSigner && distinctSigners(call.accounts()) >= distinctSigners(template.accounts())) {
        // duplicates that only reorder the signers (a passed as b and b as a) take nobody away
        continue;
      }
      if (m.strikesSigner() && !(strangersOwn && m instanceof Mutation.ReplaceSigner)) {
        return Optional.of(new Verdict(UNAUTHORIZED, "succeeded with " + m.describe()));
      }
    }
    for (Mutation m : c.mutations()) {
      boolean strangerSigns = c.mutations().stream().anyMatch(x -> x instanceof Mutation.ReplaceSigner);
      boolean ownedByStranger = m instanceof Mutation.Substitute s
          && s.kind().startsWith("look-alike token account owned by the stranger");
      if (m.substitutes() && !(strangerSigns && ownedByStranger) && !benign(m, call, pre, template)
          && !signersOwn(m, call, pre)
          && !settings.callerChosen(call.instruction(), substituted(m, template))) {
        return Optional.of(new Verdict(SUBSTITUTION, "succeeded with " + m.describe()));
      }
    }
    for (dev.preflight.core.expr.Bound b : bounds) {
      if (!b.appliesTo(call.instruction())) {
        continue;
      }
      if (b.check(call.instruction(), call.args()) instanceof dev.preflight.core.expr.Verdict.Violated v) {
        return Optional.of(new Verdict(BOUNDS, call.instruction() + " accepted arguments outside "
            + b.describe() + ": " + v.detail()));
      }
    }
    OptionalLong budget = budgets.getOrDefault(call.instruction(), OptionalLong.empty());
    if (budget.isPresent() && sim.unitsConsumed() > budget.getAsLong()) {
      return Optional.of(new Verdict(COMPUTE, call.instruction() + " used " + sim.unitsConsumed()
          + " compute units, above the budget of " + budget.getAsLong()));
    }
    return conservation(call, watch, sim, pre);
  }

  /**
   * A token account swapped for one of the same mint owned by someone else is the caller's own
   * choice when the original belongs to a signer of the call (a buyer may receive into any
   * account); everything else the program must pin.
   */
  private static boolean benign(Mutation m, CaseRunner.Call call, Map<PublicKey, Optional<AccountState>> pre,
                                 CallTemplate template) {
    int replaced;
    if (m instanceof Mutation.Substitute s && s.kind().startsWith("look-alike token account")) {
      replaced = s.index();
    } else if (m instanceof Mutation.Duplicate d) {
      replaced = d.target();
    } else {
      return false;
    }
    PublicKey original = template.accounts().get(replaced).key();
    Optional<AccountState> orig = pre.getOrDefault(original, Optional.empty())
        .filter(a -> a.isTokenAccount(Substitutes.TOKEN));
    return orig.isPresent() && call.accounts().stream()
        .anyMatch(a -> a.signer() && a.key().equals(orig.get().tokenOwner()));
  }

  /**
   * The case without its account substitutions: the control a substitution's success is compared
   * with. Empty when the case substitutes nothing.
   */
  static Optional<FuzzCase> withoutSubstitutions(FuzzCase c) {
    List<Mutation> kept = c.mutations().stream().filter(m -> !m.substitutes()).toList();
    return kept.size() == c.mutations().size() ? Optional.empty() : Optional.of(new FuzzCase(c.template(), kept));
  }

  /**
   * Whether a substituted account made a difference: the control (the same call with the real
   * accounts) failed; or it changed the real account that the case swapped out (the change went
   * elsewhere); or the case wrote the account swapped in; or any other account ended in another
   * state. A call that ignores the account it was given (a circuit breaker that trips before
   * reading it) accepted nothing it should not have.
   */
  static boolean substitutionMattered(CaseRunner.Call call, List<PublicKey> watch, Simulation sim,
                                      CaseRunner.Call control, List<PublicKey> controlWatch,
                                      Simulation controlSim,
                                      Map<PublicKey, Optional<AccountState>> pre) {
    if (!controlSim.success()) {
      return true;
    }
    java.util.Set<PublicKey> swapped = new java.util.HashSet<>();
    for (int i = 0; i < call.accounts().size() && i < control.accounts().size(); i++) {
      if (!call.accounts().get(i).key().equals(control.accounts().get(i).key())) {
        swapped.add(call.accounts().get(i).key());
        PublicKey original = control.accounts().get(i).key();
        swapped.add(original);
        // the control changed the real account: the substituted call sent that change elsewhere
        int j = controlWatch.indexOf(original);
        Optional<AccountState> before = pre.getOrDefault(original, Optional.empty());
        Optional<AccountState> after = j >= 0 && j < controlSim.accounts().size()
            ? controlSim.accounts().get(j) : before;
        if (before.isPresent() != after.isPresent() || before.isPresent()
            && (before.get().lamports() != after.get().lamports()
            || !java.util.Arrays.equals(before.get().data(), after.get().data()))) {
          return true;
        }
      }
    }
    for (int i = 0; i < watch.size() && i < sim.accounts().size(); i++) {
      PublicKey k = watch.get(i);
      if (swapped.contains(k)) {
        // the call wrote the account swapped in: it used it
        Optional<AccountState> before = pre.getOrDefault(k, Optional.empty());
        Optional<AccountState> after = sim.accounts().get(i);
        if (call.accounts().stream().anyMatch(a -> a.key().equals(k))
            && !control.accounts().stream().anyMatch(a -> a.key().equals(k))
            && (before.isPresent() != after.isPresent() || before.isPresent()
                && (before.get().lamports() != after.get().lamports()
                || !java.util.Arrays.equals(before.get().data(), after.get().data())))) {
          return true;
        }
        continue;
      }
      int j = controlWatch.indexOf(k);
      Optional<AccountState> a = sim.accounts().get(i);
      Optional<AccountState> b = j >= 0 && j < controlSim.accounts().size() ? controlSim.accounts().get(j) : Optional.empty();
      if (a.isPresent() != b.isPresent() || a.isPresent() && (a.get().lamports() != b.get().lamports()
          || !java.util.Arrays.equals(a.get().data(), b.get().data()) || !a.get().owner().equals(b.get().owner()))) {
        return true;
      }
    }
    return false;
  }

  private static long distinctSigners(List<CallTemplate.Account> accounts) {
    return accounts.stream().filter(CallTemplate.Account::signer).map(CallTemplate.Account::key).distinct().count();
  }

  /**
   * A same-type swap is the caller's own choice when the account swapped in names one of the
   * call's signers (a seller cancelling another of their own sales): the program may accept it.
   */
  private boolean signersOwn(Mutation m, CaseRunner.Call call, Map<PublicKey, Optional<AccountState>> pre) {
    if (!(m instanceof Mutation.Swap s)) {
      return false;
    }
    Optional<AccountState> st = pre.getOrDefault(s.replacement(), Optional.empty());
    if (st.isEmpty()) {
      return false;
    }
    java.util.Set<PublicKey> keys = new java.util.HashSet<>();
    try {
      idl.decodeAccount(st.get().data()).ifPresent(d -> pubkeys(d.value(), keys));
    } catch (RuntimeException e) {
      return false;
    }
    return call.accounts().stream().anyMatch(a -> a.signer() && keys.contains(a.key()));
  }

  private static void pubkeys(dev.preflight.core.idl.IdlValue v, java.util.Set<PublicKey> out) {
    switch (v) {
      case dev.preflight.core.idl.IdlValue.PubkeyValue p -> out.add(p.value());
      case dev.preflight.core.idl.IdlValue.StructValue s -> s.fields().forEach(f -> pubkeys(f.value(), out));
      case dev.preflight.core.idl.IdlValue.SeqValue q -> q.elements().forEach(x -> pubkeys(x, out));
      case dev.preflight.core.idl.IdlValue.TupleValue t -> t.elements().forEach(x -> pubkeys(x, out));
      case dev.preflight.core.idl.IdlValue.OptionValue o -> o.value().ifPresent(x -> pubkeys(x, out));
      case dev.preflight.core.idl.IdlValue.EnumValue e -> e.payload().ifPresent(x -> pubkeys(x, out));
      default -> { }
    }
  }

  private static String substituted(Mutation m, CallTemplate template) {
    int i = CaseGenerator.index(m);
    return i >= 0 && i < template.accounts().size() ? template.accounts().get(i).name() : "";
  }

  private Optional<Verdict> conservation(CaseRunner.Call call, List<PublicKey> watch, Simulation sim,
                                         Map<PublicKey, Optional<AccountState>> pre) {
    Map<PublicKey, BigInteger> net = new HashMap<>();
    Map<PublicKey, BigInteger> deltas = new HashMap<>();
    for (int i = 0; i < watch.size(); i++) {
      PublicKey k = watch.get(i);
      Optional<AccountState> before = pre.getOrDefault(k, Optional.empty());
      Optional<AccountState> after = i < sim.accounts().size() ? sim.accounts().get(i) : Optional.empty();
      Optional<AccountState> any = after.isPresent() ? after : before;
      if (any.isEmpty()) {
        continue;
      }
      AccountState a = any.get();
      if (a.isTokenAccount(Substitutes.TOKEN)) {
        BigInteger d = amount(after).subtract(amount(before));
        deltas.put(k, d);
        net.merge(a.tokenMint(), d, BigInteger::add);
      } else if (a.owner().equals(Substitutes.TOKEN) && a.data().length == 82) {
        BigInteger supply = supply(after).subtract(supply(before));
        net.merge(k, supply.negate(), BigInteger::add);
      }
    }
    // lamports leaving an account the program owns and keeps: only closing an account may
    // take its rent out
    for (int i = 0; i < watch.size(); i++) {
      Optional<AccountState> before = pre.getOrDefault(watch.get(i), Optional.empty());
      Optional<AccountState> after = i < sim.accounts().size() ? sim.accounts().get(i) : Optional.empty();
      if (before.isPresent() && after.isPresent() && before.get().owner().equals(programId)
          && after.get().owner().equals(programId) && after.get().lamports() < before.get().lamports()) {
        return Optional.of(new Verdict(CONSERVATION, "program account " + watch.get(i).toBase58()
            + " lost " + (before.get().lamports() - after.get().lamports()) + " lamports and stayed open"));
      }
    }
    for (var e : net.entrySet()) {
      if (e.getValue().signum() != 0) {
        return Optional.of(new Verdict(CONSERVATION, "token balances of mint " + e.getKey().toBase58()
            + " changed by " + e.getValue() + " in total (expected 0)"));
      }
    }
    for (FuzzSettings.Exchange x : settings.exchanges()) {
      if (!x.instruction().equals(call.instruction())) {
        continue;
      }
      Optional<PublicKey> paid = key(call, x.paid());
      Optional<PublicKey> received = key(call, x.received());
      Optional<PublicKey> priceAcc = key(call, x.priceAccount());
      if (paid.isEmpty() || received.isEmpty() || priceAcc.isEmpty()
          || occurrences(call, paid.get()) > 1 || occurrences(call, received.get()) > 1) {
        // an account passed in two roles nets its movements: the exchange cannot be measured
        continue;
      }
      Optional<AccountState> priceState = pre.getOrDefault(priceAcc.get(), Optional.empty());
      Optional<BigInteger> price = priceState.flatMap(s -> idl.decodeAccount(s.data()))
          .flatMap(d -> Values.integerAt(d.value(), x.priceField()));
      if (price.isEmpty()) {
        continue;
      }
      BigInteger out = deltas.getOrDefault(paid.get(), BigInteger.ZERO).negate();
      BigInteger in = deltas.getOrDefault(received.get(), BigInteger.ZERO);
      BigInteger expected = in.multiply(price.get());
      if (!out.equals(expected)) {
        return Optional.of(new Verdict(CONSERVATION, call.instruction() + ": " + x.paid() + " paid "
            + out + " for " + in + " received at price " + price.get() + " (expected " + expected + ")"));
      }
    }
    return Optional.empty();
  }

  private static long occurrences(CaseRunner.Call call, PublicKey key) {
    return call.accounts().stream().filter(a -> a.key().equals(key)).count();
  }

  private static Optional<PublicKey> key(CaseRunner.Call call, String name) {
    return call.accounts().stream().filter(a -> a.name().equals(name)).findFirst().map(CallTemplate.Account::key);
  }

  private static BigInteger amount(Optional<AccountState> s) {
    return s.filter(a -> a.isTokenAccount(Substitutes.TOKEN))
        .map(a -> new BigInteger(Long.toUnsignedString(a.tokenAmount()))).orElse(BigInteger.ZERO);
  }

  private static BigInteger supply(Optional<AccountState> s) {
    return s.filter(a -> a.data().length == 82).map(a -> {
      long v = 0;
      for (int i = 7; i >= 0; i--) {
        v = (v << 8) | (a.data()[36 + i] & 0xFF);
      }
      return new BigInteger(Long.toUnsignedString(v));
    }).orElse(BigInteger.ZERO);
  }
}
