package dev.preflight.core.fuzz;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * What a sequence knows of the chain as it runs: the latest state of every account it has seen
 * and the clock. The generator draws arguments and clock moves from it: the integers the program
 * stores (limits, counters, prices, proposal ids) and the timestamps it stores (window ends,
 * proposal ETAs).
 */
final class ChainView {
  /** Timestamps are i64 fields within this distance of the clock (20 years). */
  private static final long TIME_RANGE = 20L * 365 * 86_400;
  private static final int MAX_INTS = 96;

  private final Idl idl;
  private final PublicKey programId;
  private final Map<PublicKey, Optional<AccountState>> accounts = new LinkedHashMap<>();
  private final Map<PublicKey, Optional<Idl.DecodedAccount>> decoded = new HashMap<>();
  private long clock;
  private final List<Long> fresh = new ArrayList<>();

  ChainView(Idl idl, PublicKey programId, Map<PublicKey, Optional<AccountState>> initial, long clock) {
    this.idl = idl;
    this.programId = programId;
    this.accounts.putAll(initial);
    this.clock = clock;
  }

  ChainView copy() {
    ChainView v = new ChainView(idl, programId, accounts, clock);
    v.decoded.putAll(decoded);
    return v;
  }

  long clock() {
    return clock;
  }

  void clock(long unixTimestamp) {
    this.clock = unixTimestamp;
  }

  void update(List<PublicKey> keys, List<Optional<AccountState>> states) {
    Set<Long> before = new LinkedHashSet<>(timestamps());
    for (int i = 0; i < keys.size() && i < states.size(); i++) {
      accounts.put(keys.get(i), states.get(i));
      decoded.remove(keys.get(i));
    }
    fresh.clear();
    for (long t : timestamps()) {
      if (!before.contains(t)) {
        fresh.add(t);
      }
    }
  }

  /**
   * Timestamps the last update stored that were not there before: the deadline a call just set
   * (a proposal's ETA, a new sale's window), which the next clock move most wants to probe.
   */
  List<Long> freshTimestamps() {
    return List.copyOf(fresh);
  }

  void clearFresh() {
    fresh.clear();
  }

  Optional<AccountState> account(PublicKey key) {
    return accounts.getOrDefault(key, Optional.empty());
  }

  Map<PublicKey, Optional<AccountState>> all() {
    return accounts;
  }

  /** The account decoded with the IDL, when the program owns it and it decodes. */
  Optional<Idl.DecodedAccount> decode(PublicKey key) {
    return decoded.computeIfAbsent(key, k -> account(k).filter(a -> a.owner().equals(programId))
        .flatMap(a -> {
          try {
            return idl.decodeAccount(a.data());
          } catch (RuntimeException e) {
            return Optional.empty();
          }
        }));
  }

  /** Integers stored in the program's accounts and token balances, distinct, capped. */
  List<BigInteger> integers() {
    Set<BigInteger> out = new LinkedHashSet<>();
    for (PublicKey k : accounts.keySet()) {
      Optional<AccountState> a = account(k);
      if (a.isEmpty()) {
        continue;
      }
      if (a.get().isTokenAccount(Substitutes.TOKEN)) {
        out.add(new BigInteger(Long.toUnsignedString(a.get().tokenAmount())));
      }
      decode(k).ifPresent(d -> ints(d.value(), out, false));
      if (out.size() >= MAX_INTS) {
        break;
      }
    }
    out.remove(BigInteger.ZERO);
    return new ArrayList<>(out);
  }

  /**
   * Integers of the fields named in {@code names} (the fields the policy's invariants read: the
   * limits, counters and prices a rule is about), distinct.
   */
  List<BigInteger> integers(Set<String> names) {
    Set<BigInteger> out = new LinkedHashSet<>();
    if (names.isEmpty()) {
      return List.of();
    }
    for (PublicKey k : accounts.keySet()) {
      decode(k).ifPresent(d -> named(d.value(), "", names, out));
    }
    out.remove(BigInteger.ZERO);
    return new ArrayList<>(out);
  }

  private static void named(IdlValue v, String name, Set<String> names, Set<BigInteger> out) {
    switch (v) {
      case IdlValue.IntValue i -> {
        if (names.contains(name)) {
          out.add(i.value());
        }
      }
      case IdlValue.StructValue s -> s.fields().forEach(f -> named(f.value(), f.name(), names, out));
      case IdlValue.OptionValue o -> o.value().ifPresent(x -> named(x, name, names, out));
      default -> { }
    }
  }

  /** Signed 64-bit fields near the clock: the times the program compares the clock with. */
  List<Long> timestamps() {
    Set<BigInteger> out = new LinkedHashSet<>();
    for (PublicKey k : accounts.keySet()) {
      decode(k).ifPresent(d -> ints(d.value(), out, true));
    }
    List<Long> ts = new ArrayList<>();
    for (BigInteger b : out) {
      long v = b.longValue();
      if (v > 0 && Math.abs(v - clock) <= TIME_RANGE) {
        ts.add(v);
      }
    }
    return ts;
  }

  private static void ints(IdlValue v, Set<BigInteger> out, boolean signed64Only) {
    switch (v) {
      case IdlValue.IntValue i -> {
        if (!signed64Only || i.kind() == PrimitiveKind.I64) {
          out.add(i.value());
        }
      }
      case IdlValue.StructValue s -> s.fields().forEach(f -> ints(f.value(), out, signed64Only));
      case IdlValue.EnumValue e -> e.payload().ifPresent(p -> ints(p, out, signed64Only));
      case IdlValue.TupleValue t -> t.elements().forEach(x -> ints(x, out, signed64Only));
      case IdlValue.SeqValue q -> {
        if (q.elements().size() <= 16) {
          q.elements().forEach(x -> ints(x, out, signed64Only));
        }
      }
      case IdlValue.OptionValue o -> o.value().ifPresent(x -> ints(x, out, signed64Only));
      default -> { }
    }
  }
}
