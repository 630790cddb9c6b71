package dev.preflight.core.fuzz;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlFields;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlTypeDef;
import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import software.sava.core.accounts.PublicKey;

/**
 * Derives case number {@code n} of a campaign from the seed alone, so one seed reproduces a whole
 * campaign and any single case. Arguments are drawn toward boundaries: 0, 1, the type's limits and
 * their neighbours, powers of two and their neighbours, the policy's bound values +-1, the
 * template's own values +-1 and other arguments plus a boundary value (which is how a duration
 * {@code end - start} gets tested), values just past the overflow of a product with another
 * argument; random values fill the rest. Account mutations come from the
 * {@link Substitutes} prepared for the template.
 */
public final class CaseGenerator {

  private final Idl idl;
  private final List<CallTemplate> templates;
  private final Substitutes substitutes;
  private final List<BigInteger> boundary;
  private final List<String> permissionless;
  private final long seed;
  /** Integers read from the current chain state (stateful steps only; empty for single cases). */
  private List<BigInteger> stateInts = List.of();
  /** Integers of the fields the policy's invariants read (stateful steps only). */
  private List<BigInteger> focusInts = List.of();
  /** The few values one sequence keeps coming back to (stateful steps only). */
  private List<BigInteger> themeInts = List.of();
  /** Same-type accounts for swaps (stateful steps only). */
  private AccountPool pool;

  public CaseGenerator(Idl idl, List<CallTemplate> templates, Substitutes substitutes,
                       List<BigInteger> boundary, List<String> permissionless, long seed) {
    this.idl = idl;
    this.templates = List.copyOf(templates);
    this.substitutes = substitutes;
    this.boundary = List.copyOf(boundary);
    this.permissionless = List.copyOf(permissionless);
    this.seed = seed;
  }

  /** Case {@code n}: a function of the seed and n only. */
  public FuzzCase generate(long n) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, n));
    int t = rnd.nextInt(templates.size());
    CallTemplate tpl = templates.get(t);
    IdlInstruction ix = idl.instruction(tpl.instruction()).orElseThrow();
    List<Mutation> ms = new ArrayList<>();
    int roll = rnd.nextInt(10);
    boolean args = roll < 5 || roll == 9 || rnd.nextInt(3) == 0;
    boolean accounts = roll >= 5;
    if (args && !ix.args().isEmpty()) {
      int count = rnd.nextInt(4) == 0 ? 2 : 1;
      for (int i = 0; i < count; i++) {
        IdlField f = ix.args().get(rnd.nextInt(ix.args().size()));
        ms.removeIf(m -> m instanceof Mutation.SetArg s && s.arg().equals(f.name()));
        ms.add(new Mutation.SetArg(f.name(), value(f.type(), tpl, rnd, 0)));
      }
    }
    if (accounts) {
      int count = roll == 9 ? 2 : 1;
      for (int i = 0; i < count; i++) {
        accountMutation(tpl, rnd).ifPresent(m -> {
          if (ms.stream().noneMatch(x -> index(x) == index(m) && index(m) >= 0)) {
            ms.add(m);
          }
        });
      }
    }
    return new FuzzCase(t, ms);
  }

  /**
   * A sequence step's call of template {@code t}: most steps are the call as given or with
   * arguments drawn from the current state (its integers, their differences and quotients, +-1),
   * so state builds up; some carry an account mutation, a same-type swap or a duplicated signer.
   */
  FuzzCase stateful(SplittableRandom rnd, int t, List<BigInteger> state, List<BigInteger> focus,
                    List<BigInteger> theme, AccountPool accounts) {
    this.stateInts = List.copyOf(state);
    this.focusInts = List.copyOf(focus);
    this.themeInts = List.copyOf(theme);
    this.pool = accounts;
    try {
      CallTemplate tpl = templates.get(t);
      IdlInstruction ix = idl.instruction(tpl.instruction()).orElseThrow();
      List<Mutation> ms = new ArrayList<>();
      // most steps are valid calls so that state builds up; some vary arguments or accounts
      int roll = rnd.nextInt(20);
      if (roll >= 13 && !ix.args().isEmpty()) {
        int count = rnd.nextInt(3) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) {
          IdlField f = ix.args().get(rnd.nextInt(ix.args().size()));
          ms.removeIf(m -> m instanceof Mutation.SetArg s && s.arg().equals(f.name()));
          ms.add(new Mutation.SetArg(f.name(), value(f.type(), tpl, rnd, 0)));
        }
      }
      if (roll >= 17) {
        Optional<Mutation> swap = rnd.nextBoolean() ? swap(tpl, rnd) : Optional.empty();
        (swap.isPresent() ? swap : accountMutation(tpl, rnd)).ifPresent(ms::add);
      }
      return new FuzzCase(t, ms);
    } finally {
      this.stateInts = List.of();
      this.focusInts = List.of();
      this.themeInts = List.of();
      this.pool = null;
    }
  }

  /** A same-type swap of one of the template's accounts, when the pool has another of its type. */
  private Optional<Mutation> swap(CallTemplate tpl, SplittableRandom rnd) {
    List<Mutation> options = new ArrayList<>();
    for (int i = 0; i < tpl.accounts().size(); i++) {
      CallTemplate.Account a = tpl.accounts().get(i);
      if (!a.signer()) {
        for (PublicKey other : pool.others(a.key())) {
          options.add(new Mutation.Swap(i, a.name(), pool.typeOf(a.key()).orElse("?"), other));
        }
      }
    }
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(rnd.nextInt(options.size())));
  }

  static int index(Mutation m) {
    return switch (m) {
      case Mutation.SetArg s -> -1;
      case Mutation.DropSigner d -> d.index();
      case Mutation.ReplaceSigner r -> r.index();
      case Mutation.RemoveAccount r -> r.index();
      case Mutation.Substitute s -> s.index();
      case Mutation.Duplicate d -> d.target();
      case Mutation.Swap s -> s.index();
      case Mutation.DuplicateSigner d -> d.index();
    };
  }

  Optional<Mutation> accountMutation(CallTemplate tpl, SplittableRandom rnd) {
    List<Mutation> options = new ArrayList<>();
    List<CallTemplate.Account> accs = tpl.accounts();
    boolean open = permissionless.contains(tpl.instruction());
    for (int i = 0; i < accs.size(); i++) {
      CallTemplate.Account a = accs.get(i);
      if (a.signer() && !open) {
        if (a.remaining()) {
          options.add(new Mutation.RemoveAccount(i, a.name()));
        } else {
          options.add(new Mutation.DropSigner(i, a.name()));
        }
        options.add(new Mutation.ReplaceSigner(i, a.name(), substitutes.stranger()));
      }
      if (a.signer() && a.remaining() && !open) {
        for (int j = 0; j < accs.size(); j++) {
          CallTemplate.Account b = accs.get(j);
          if (j != i && b.signer() && b.remaining() && !b.key().equals(a.key())) {
            options.add(new Mutation.DuplicateSigner(i, a.name(), j, b.name()));
          }
        }
      }
      if (!a.signer() && pool != null) {
        for (PublicKey other : pool.others(a.key())) {
          options.add(new Mutation.Swap(i, a.name(), pool.typeOf(a.key()).orElse("?"), other));
        }
      }
      if (!a.signer()) {
        for (Substitutes.Prepared p : substitutes.forAccount(a.key())) {
          options.add(new Mutation.Substitute(i, a.name(), p.kind(), p.address()));
        }
        if (a.writable()) {
          for (int j = 0; j < accs.size(); j++) {
            CallTemplate.Account b = accs.get(j);
            if (j != i && b.writable() && !b.signer() && !b.key().equals(a.key())) {
              options.add(new Mutation.Duplicate(j, b.name(), i, a.name()));
            }
          }
        }
      }
    }
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(rnd.nextInt(options.size())));
  }

  // ---- argument values ---------------------------------------------------------------------

  IdlValue value(IdlType type, CallTemplate tpl, SplittableRandom rnd, int depth) {
    return switch (type) {
      case IdlType.Primitive p -> primitive(p.kind(), tpl, rnd);
      case IdlType.Option o -> rnd.nextInt(3) == 0 || depth > 4 ? IdlValue.OptionValue.none()
          : IdlValue.OptionValue.some(value(o.inner(), tpl, rnd, depth + 1));
      case IdlType.COption o -> rnd.nextInt(3) == 0 || depth > 4 ? IdlValue.OptionValue.none()
          : IdlValue.OptionValue.some(value(o.inner(), tpl, rnd, depth + 1));
      case IdlType.Vec v -> {
        int n = depth > 4 ? 0 : pickLength(rnd);
        List<IdlValue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(value(v.inner(), tpl, rnd, depth + 1));
        }
        yield new IdlValue.SeqValue(out);
      }
      case IdlType.Array a -> {
        int n = a.length() instanceof IdlType.ArrayLength.Fixed f ? f.value() : 0;
        List<IdlValue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(value(a.inner(), tpl, rnd, depth + 1));
        }
        yield new IdlValue.SeqValue(out);
      }
      case IdlType.Defined d -> defined(d, tpl, rnd, depth);
      case IdlType.GenericParam g -> throw new IllegalStateException("unsubstituted generic " + g.name());
    };
  }

  private static int pickLength(SplittableRandom rnd) {
    int[] lengths = {0, 1, 2, 3, 8, 9, 10, 11};
    return lengths[rnd.nextInt(lengths.length)];
  }

  private IdlValue defined(IdlType.Defined d, CallTemplate tpl, SplittableRandom rnd, int depth) {
    IdlTypeDef def = idl.type(d.name()).orElseThrow(() -> new IllegalStateException("type " + d.name() + " not in IDL"));
    return switch (def.body()) {
      case IdlTypeDef.Alias a -> value(a.target(), tpl, rnd, depth + 1);
      case IdlTypeDef.Struct s -> fields(s.fields(), tpl, rnd, depth);
      case IdlTypeDef.Enum e -> {
        int idx = rnd.nextInt(e.variants().size());
        IdlTypeDef.EnumVariant v = e.variants().get(idx);
        yield new IdlValue.EnumValue(v.name(), idx, v.fields() instanceof IdlFields.None
            ? Optional.empty() : Optional.of(fields(v.fields(), tpl, rnd, depth)));
      }
    };
  }

  private IdlValue fields(IdlFields fields, CallTemplate tpl, SplittableRandom rnd, int depth) {
    return switch (fields) {
      case IdlFields.None n -> new IdlValue.StructValue(List.of());
      case IdlFields.Named n -> {
        IdlValue.StructValue.Builder b = IdlValue.StructValue.builder();
        for (IdlField f : n.fields()) {
          b.put(f.name(), value(f.type(), tpl, rnd, depth + 1));
        }
        yield b.build();
      }
      case IdlFields.Tuple t -> new IdlValue.TupleValue(t.types().stream()
          .map(ty -> value(ty, tpl, rnd, depth + 1)).toList());
    };
  }

  private IdlValue primitive(PrimitiveKind k, CallTemplate tpl, SplittableRandom rnd) {
    return switch (k) {
      case BOOL -> new IdlValue.BoolValue(rnd.nextBoolean());
      case PUBKEY -> {
        List<PublicKey> pool = new ArrayList<>(tpl.accounts().stream().map(CallTemplate.Account::key).toList());
        pool.add(substitutes.stranger());
        yield new IdlValue.PubkeyValue(pool.get(rnd.nextInt(pool.size())));
      }
      case STRING -> new IdlValue.StringValue("x".repeat(rnd.nextInt(3) == 0 ? 40 : rnd.nextInt(8)));
      case BYTES -> {
        byte[] b = new byte[rnd.nextInt(3) == 0 ? 64 : rnd.nextInt(8)];
        rnd.nextBytes(b);
        yield new IdlValue.BytesValue(b);
      }
      case F32 -> IdlValue.FloatValue.ofF32((float) rnd.nextDouble(-1e6, 1e6));
      case F64 -> IdlValue.FloatValue.ofF64(rnd.nextDouble(-1e12, 1e12));
      default -> new IdlValue.IntValue(k, integer(k, tpl, rnd));
    };
  }

  private BigInteger integer(PrimitiveKind k, CallTemplate tpl, SplittableRandom rnd) {
    BigInteger min = min(k);
    BigInteger max = max(k);
    BigInteger v;
    int bits = k.size() * 8;
    if (!themeInts.isEmpty() && rnd.nextInt(3) == 0) {
      v = themeInts.get(rnd.nextInt(themeInts.size()));
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        v = v.compareTo(min) < 0 ? min : max;
      }
      return v;
    }
    if (!stateInts.isEmpty() && rnd.nextInt(2) == 0) {
      v = fromState(rnd);
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        v = v.compareTo(min) < 0 ? min : max;
      }
      return v;
    }
    switch (rnd.nextInt(10)) {
      case 0 -> v = List.of(BigInteger.ZERO, BigInteger.ONE, max, max.subtract(BigInteger.ONE), min,
          min.add(BigInteger.ONE), BigInteger.TWO).get(rnd.nextInt(7));
      case 1 -> {
        BigInteger p = BigInteger.ONE.shiftLeft(rnd.nextInt(bits));
        v = p.add(BigInteger.valueOf(rnd.nextInt(3) - 1));
      }
      case 2, 3 -> {
        if (boundary.isEmpty()) {
          v = BigInteger.valueOf(rnd.nextInt(1000));
        } else {
          v = boundary.get(rnd.nextInt(boundary.size())).add(BigInteger.valueOf(rnd.nextInt(3) - 1));
        }
      }
      case 4, 5 -> {
        // another integer argument of the template plus a boundary value: relative quantities
        // such as end_time - start_time land on and around their bounds
        List<BigInteger> ints = new ArrayList<>();
        collectInts(tpl.args(), ints);
        BigInteger base = ints.isEmpty() ? BigInteger.ZERO : ints.get(rnd.nextInt(ints.size()));
        BigInteger delta = boundary.isEmpty() || rnd.nextInt(4) == 0
            ? BigInteger.valueOf(List.of(1, 60, 86_400, -1).get(rnd.nextInt(4)))
            : boundary.get(rnd.nextInt(boundary.size())).add(BigInteger.valueOf(rnd.nextInt(3) - 1));
        v = base.add(delta);
      }
      case 6 -> {
        List<BigInteger> ints = new ArrayList<>();
        collectInts(tpl.args(), ints);
        BigInteger base = ints.isEmpty() ? BigInteger.ZERO : ints.get(rnd.nextInt(ints.size()));
        v = base.add(BigInteger.valueOf(rnd.nextInt(3) - 1));
      }
      case 7 -> v = BigInteger.valueOf(rnd.nextInt(10_000));
      case 8 -> {
        // just past the overflow of a product with another argument (amount x price):
        // 2^bits / w + {0, 1, 2}
        List<BigInteger> ints = new ArrayList<>();
        collectInts(tpl.args(), ints);
        ints.removeIf(x -> x.signum() <= 0);
        BigInteger w = ints.isEmpty() ? BigInteger.TWO : ints.get(rnd.nextInt(ints.size()));
        v = BigInteger.ONE.shiftLeft(bits).divide(w).add(BigInteger.valueOf(rnd.nextInt(3)));
      }
      default -> {
        byte[] b = new byte[k.size()];
        rnd.nextBytes(b);
        v = k.isSigned() ? new BigInteger(b) : new BigInteger(1, b);
      }
    }
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      v = v.compareTo(min) < 0 ? min : max;
    }
    return v;
  }

  /**
   * A sequence's theme: two values drawn from the state as {@link #fromState} draws them, which the
   * sequence's calls keep using, so that the same amount bought by two buyers, or twice, adds up
   * toward a limit.
   */
  List<BigInteger> theme(SplittableRandom rnd, List<BigInteger> state, List<BigInteger> focus) {
    if (state.isEmpty()) {
      return List.of();
    }
    this.stateInts = List.copyOf(state);
    this.focusInts = List.copyOf(focus);
    try {
      return List.of(fromState(rnd), fromState(rnd));
    } finally {
      this.stateInts = List.of();
      this.focusInts = List.of();
    }
  }

  /**
   * A value the state suggests: a field's value +-1, the difference of two (what is left below a
   * limit) or their quotient +0/+1 (how many units of a price fit in a limit), so cumulative
   * limits and exact boundaries are reached within a few steps.
   */
  private BigInteger fromState(SplittableRandom rnd) {
    if (!focusInts.isEmpty() && rnd.nextBoolean()) {
      // the limits and prices the invariants are about: what is left below a limit, how many
      // units of a price fit in it, just past the overflow of a product with it
      BigInteger a = focusInts.get(rnd.nextInt(focusInts.size()));
      BigInteger b = focusInts.get(rnd.nextInt(focusInts.size()));
      return switch (rnd.nextInt(8)) {
        case 0 -> a;
        case 7 -> a.shiftRight(1 + rnd.nextInt(2)).add(BigInteger.valueOf(rnd.nextInt(2)));
        case 1 -> a.add(BigInteger.valueOf(rnd.nextInt(3) - 1));
        case 2 -> a.subtract(b).abs().add(BigInteger.valueOf(rnd.nextInt(2)));
        case 3, 4 -> b.signum() > 0 ? a.divide(b).add(BigInteger.valueOf(rnd.nextInt(2))) : a;
        case 5 -> {
          // the room left below a limit, in units of a third value (a price)
          BigInteger c = focusInts.get(rnd.nextInt(focusInts.size()));
          yield a.subtract(b).abs().divide(c.signum() > 0 ? c : BigInteger.ONE).add(BigInteger.valueOf(rnd.nextInt(2)));
        }
        default -> b.signum() > 0 ? BigInteger.ONE.shiftLeft(64).divide(b).add(BigInteger.valueOf(rnd.nextInt(2))) : a;
      };
    }
    BigInteger a = stateInts.get(rnd.nextInt(stateInts.size()));
    BigInteger b = stateInts.get(rnd.nextInt(stateInts.size()));
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> a;
      case 2 -> a.add(BigInteger.valueOf(rnd.nextInt(3) - 1));
      case 3 -> a.subtract(b).abs().add(BigInteger.valueOf(rnd.nextInt(2)));
      case 4 -> b.signum() > 0 ? a.divide(b).add(BigInteger.valueOf(rnd.nextInt(2))) : a;
      default -> a.shiftRight(1 + rnd.nextInt(3));
    };
  }

  private static void collectInts(IdlValue v, List<BigInteger> out) {
    switch (v) {
      case IdlValue.IntValue i -> out.add(i.value());
      case IdlValue.StructValue s -> s.fields().forEach(f -> collectInts(f.value(), out));
      case IdlValue.EnumValue e -> e.payload().ifPresent(p -> collectInts(p, out));
      case IdlValue.TupleValue t -> t.elements().forEach(x -> collectInts(x, out));
      case IdlValue.OptionValue o -> o.value().ifPresent(x -> collectInts(x, out));
      default -> { }
    }
  }

  static BigInteger min(PrimitiveKind k) {
    return k.isSigned() ? BigInteger.ONE.shiftLeft(k.size() * 8 - 1).negate() : BigInteger.ZERO;
  }

  static BigInteger max(PrimitiveKind k) {
    return k.isSigned() ? BigInteger.ONE.shiftLeft(k.size() * 8 - 1).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(k.size() * 8).subtract(BigInteger.ONE);
  }

  /** SplitMix64 finaliser over seed and case number. */
  static long mix(long seed, long n) {
    long z = seed + 0x9E3779B97F4A7C15L * (n + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
