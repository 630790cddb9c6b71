package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.expr.AccountInvariant;
import dev.preflight.core.expr.AccountLookup;
import dev.preflight.core.expr.CallContext;
import dev.preflight.core.expr.CallInvariant;
import dev.preflight.core.expr.Invariants;
import dev.preflight.core.expr.Verdict;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * The policy's invariants ({@code fuzz.invariants}, CEL) as an oracle: after every successful
 * call, each call invariant of that instruction must hold over its arguments, the accounts
 * before and after, the token and lamport changes and the clock; and each account invariant must
 * hold on every program account the call left behind. A violation is a finding under the
 * invariant's own check id. An invariant that was never evaluated (its instruction never
 * succeeded, no account of its type was reached) has no evidence: INCONCLUSIVE.
 */
final class InvariantOracle implements StepOracle {

  private final Invariants invariants;
  private final Idl idl;
  private final PublicKey programId;
  private final long worldClock;
  private final Map<String, Long> evaluated = new LinkedHashMap<>();
  private final Map<String, String> notEvaluated = new LinkedHashMap<>();

  InvariantOracle(Invariants invariants, Idl idl, PublicKey programId, long worldClock) {
    this.invariants = invariants;
    this.idl = idl;
    this.programId = programId;
    this.worldClock = worldClock;
    invariants.callInvariants().forEach(i -> evaluated.put(i.info().id(), 0L));
    invariants.accountInvariants().forEach(i -> evaluated.put(i.info().id(), 0L));
  }

  @Override
  public List<String> ids() {
    return List.copyOf(evaluated.keySet());
  }

  @Override
  public Optional<CheckInfo> info(String id) {
    for (CallInvariant c : invariants.callInvariants()) {
      if (c.info().id().equals(id)) {
        return Optional.of(c.info());
      }
    }
    for (AccountInvariant a : invariants.accountInvariants()) {
      if (a.info().id().equals(id)) {
        return Optional.of(a.info());
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> evidenceGap(String id, InstructionStats stats) {
    if (evaluated.getOrDefault(id, 0L) > 0) {
      return Optional.empty();
    }
    for (CallInvariant c : invariants.callInvariants()) {
      if (c.info().id().equals(id)) {
        String why = c.instruction().map(ix -> stats.succeeded(ix)
                ? ix + " succeeded but the expression could not be evaluated"
                + Optional.ofNullable(notEvaluated.get(id)).map(r -> " (" + r + ")").orElse("")
                : ix + " never succeeded (" + stats.topFailure(ix) + ")")
            .orElse("no call succeeded");
        return Optional.of("never evaluated: " + why);
      }
    }
    for (AccountInvariant a : invariants.accountInvariants()) {
      if (a.info().id().equals(id)) {
        return Optional.of("never evaluated: no " + a.accountType() + " account was reached"
            + Optional.ofNullable(notEvaluated.get(id)).map(r -> " that it could be evaluated on (" + r + ")")
                .orElse(""));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Oracles.Verdict> judge(Context ctx) {
    if (!ctx.simulation().success()) {
      return Optional.empty();
    }
    CaseRunner.Call call = ctx.call();
    Map<String, IdlValue> pre = new LinkedHashMap<>();
    Map<String, IdlValue> post = new LinkedHashMap<>();
    Map<String, BigInteger> delta = new LinkedHashMap<>();
    Map<String, BigInteger> lamports = new LinkedHashMap<>();
    List<String> signers = new ArrayList<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    for (CallTemplate.Account a : call.accounts()) {
      addresses.putIfAbsent(a.name(), a.key().toBase58());
      if (a.signer() && !signers.contains(a.name())) {
        signers.add(a.name());
      }
      Optional<AccountState> before = ctx.pre().getOrDefault(a.key(), Optional.empty());
      Optional<AccountState> after = ctx.watch().contains(a.key()) ? ctx.after(a.key()) : before;
      decode(before).ifPresent(v -> pre.putIfAbsent(a.name(), v));
      decode(after).ifPresent(v -> post.putIfAbsent(a.name(), v));
      boolean token = before.map(s -> s.isTokenAccount(Substitutes.TOKEN)).orElse(false)
          || after.map(s -> s.isTokenAccount(Substitutes.TOKEN)).orElse(false);
      if (token) {
        delta.putIfAbsent(a.name(), amount(after).subtract(amount(before)));
      }
      lamports.putIfAbsent(a.name(), BigInteger.valueOf(after.map(AccountState::lamports).orElse(0L)
          - before.map(AccountState::lamports).orElse(0L)));
    }
    // an account passed in two roles nets its movements: its change belongs to neither name, so
    // an expression that reads it is not evaluated (as the conservation oracle does)
    for (CallTemplate.Account a : call.accounts()) {
      if (call.accounts().stream().filter(b -> b.key().equals(a.key())).count() > 1) {
        delta.remove(a.name());
        lamports.remove(a.name());
      }
    }
    AccountLookup lookup = address -> lookup(ctx, address);
    long clock = ctx.clock() == Long.MIN_VALUE ? worldClock : ctx.clock();
    CallContext cc = new CallContext(call.instruction(), call.args(), pre, post, delta, lamports,
        clock, ctx.slot(), signers, lookup, addresses);
    for (CallInvariant inv : invariants.callInvariants()) {
      if (!inv.appliesTo(call.instruction())) {
        continue;
      }
      Optional<Oracles.Verdict> v = verdict(inv.info().id(), inv.check(cc),
          call.instruction() + " broke " + inv.expression().text());
      if (v.isPresent()) {
        return v;
      }
    }
    // every program account the call left behind
    for (PublicKey k : ctx.watch()) {
      Optional<AccountState> after = ctx.after(k);
      Optional<Idl.DecodedAccount> d = after.filter(s -> s.owner().equals(programId)).flatMap(this::decodeAccount);
      if (d.isEmpty()) {
        continue;
      }
      for (AccountInvariant inv : invariants.accountInvariants()) {
        if (!inv.accountType().equals(d.get().name())) {
          continue;
        }
        Optional<Oracles.Verdict> v = verdict(inv.info().id(), inv.check(d.get().value(), lookup),
            "after " + call.instruction() + ", " + d.get().name() + " " + k.toBase58() + " breaks "
                + inv.expression().text());
        if (v.isPresent()) {
          return v;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Oracles.Verdict> verdict(String id, Verdict v, String what) {
    switch (v) {
      case Verdict.Holds h -> evaluated.merge(id, 1L, Long::sum);
      case Verdict.Violated x -> {
        evaluated.merge(id, 1L, Long::sum);
        return Optional.of(new Oracles.Verdict(id, what + ": " + x.detail()));
      }
      case Verdict.NotEvaluated n -> notEvaluated.putIfAbsent(id, n.reason());
    }
    return Optional.empty();
  }

  /** The state after the call where the call touched it, else what the sequence knows. */
  private Optional<Idl.DecodedAccount> lookup(Context ctx, String address) {
    PublicKey k;
    try {
      k = PublicKey.fromBase58Encoded(address);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Optional<AccountState> s = ctx.watch().contains(k) ? ctx.after(k)
        : ctx.view() != null ? ctx.view().account(k) : ctx.pre().getOrDefault(k, Optional.empty());
    return s.filter(a -> a.owner().equals(programId)).flatMap(this::decodeAccount);
  }

  private Optional<IdlValue> decode(Optional<AccountState> s) {
    return s.filter(a -> a.owner().equals(programId)).flatMap(this::decodeAccount).map(Idl.DecodedAccount::value);
  }

  private Optional<Idl.DecodedAccount> decodeAccount(AccountState s) {
    try {
      return idl.decodeAccount(s.data());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static BigInteger amount(Optional<AccountState> s) {
    return s.filter(a -> a.isTokenAccount(Substitutes.TOKEN))
        .map(a -> new BigInteger(Long.toUnsignedString(a.tokenAmount()))).orElse(BigInteger.ZERO);
  }
}
