package dev.preflight.core.idl;

import dev.preflight.core.idl.IdlType.ArrayLength;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import software.sava.core.accounts.PublicKey;

/**
 * Makes values of any IDL type from a seed: the same seed, IDL and calls give the same values.
 *
 * <p>Integers come from the whole range of their kind, with the edges (min, max, 0, 1) drawn often;
 * floats are never NaN (Borsh refuses NaN); strings mix ASCII with multi-byte UTF-8; sequence and
 * string lengths stay within {@link Limits}. Below {@link Limits#softDepth()} options become
 * {@code None}, vectors empty and enums pick their smallest variant, so recursive types end.
 */
public final class IdlValueGenerator {

  /** Size limits of generated values. */
  public record Limits(int maxVecLength, int maxStringLength, int maxBytesLength, int softDepth) {
    public static final Limits DEFAULT = new Limits(3, 12, 16, 8);
  }

  private static final String ALPHABET = "abcXYZ019 _-./é日本€ß";

  private final Idl idl;
  private final SplittableRandom random;
  private final Limits limits;

  public IdlValueGenerator(Idl idl, long seed) {
    this(idl, seed, Limits.DEFAULT);
  }

  public IdlValueGenerator(Idl idl, long seed, Limits limits) {
    this.idl = idl;
    this.random = new SplittableRandom(seed);
    this.limits = limits;
  }

  /** A value of {@code type} (generic parameters must already be substituted). */
  public IdlValue generate(IdlType type) {
    return gen(type, 0);
  }

  /** Arguments for an instruction, as the struct {@link Idl#encodeInstruction(IdlInstruction, IdlValue.StructValue)} takes. */
  public IdlValue.StructValue generateArgs(IdlInstruction ix) {
    return (IdlValue.StructValue) fields(ix.argsAsFields(), 0);
  }

  private IdlValue gen(IdlType type, int depth) {
    if (depth > BorshCodec.MAX_DEPTH) {
      throw new IllegalStateException("type " + type + " nests deeper than " + BorshCodec.MAX_DEPTH);
    }
    boolean deep = depth >= limits.softDepth();
    return switch (type) {
      case IdlType.Primitive p -> p.wire().equals(IdlType.Wire.BORSH) ? primitive(p.kind()) : wirePrimitive(p);
      case IdlType.Option o when o.tag() instanceof IdlType.OptionTag.Zeroable z -> {
        if (deep || !random.nextBoolean()) {
          yield IdlValue.OptionValue.none();
        }
        // A value that is written as the zero value would read back as none: draw none instead.
        IdlValue v = gen(o.inner(), depth + 1);
        byte[] bytes = idl.codec().encode(o.inner(), v, "generated value");
        byte[] zero = z.zero().length == 0 ? new byte[bytes.length] : z.zero();
        yield java.util.Arrays.equals(bytes, zero) ? IdlValue.OptionValue.none() : IdlValue.OptionValue.some(v);
      }
      case IdlType.Option o -> !deep && random.nextBoolean()
          ? IdlValue.OptionValue.some(gen(o.inner(), depth + 1)) : IdlValue.OptionValue.none();
      case IdlType.COption o -> !deep && random.nextBoolean()
          ? IdlValue.OptionValue.some(gen(o.inner(), depth + 1)) : IdlValue.OptionValue.none();
      case IdlType.Vec v -> {
        int n = deep ? 0 : random.nextInt(limits.maxVecLength() + 1);
        List<IdlValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(gen(v.inner(), depth + 1));
        }
        yield new IdlValue.SeqValue(out);
      }
      case IdlType.Array a -> {
        if (!(a.length() instanceof ArrayLength.Fixed f)) {
          throw new IllegalStateException("unsubstituted array length " + a.length());
        }
        List<IdlValue> out = new ArrayList<>(f.value());
        for (int i = 0; i < f.value(); i++) {
          out.add(gen(a.inner(), depth + 1));
        }
        yield new IdlValue.SeqValue(out);
      }
      case IdlType.Defined d -> defined(d, depth);
      case IdlType.GenericParam g -> throw new IllegalStateException("unsubstituted generic " + g.name());
    };
  }

  private IdlValue defined(IdlType.Defined d, int depth) {
    TypeResolver.Resolved res = idl.codec().resolver().resolve(d);
    return switch (res.body()) {
      case IdlTypeDef.Alias a -> gen(a.target(), depth + 1);
      case IdlTypeDef.Struct s -> fields(s.fields(), depth);
      case IdlTypeDef.Enum e -> {
        if (e.variants().isEmpty()) {
          throw new IllegalStateException("enum " + d.name() + " has no variants");
        }
        int idx;
        if (depth >= limits.softDepth()) {
          idx = 0;
          long best = Long.MAX_VALUE;
          for (int i = 0; i < e.variants().size(); i++) {
            long size = 0;
            for (IdlType t : Layouts.fieldTypes(e.variants().get(i).fields())) {
              size += idl.codec().minSize(t);
            }
            if (size < best) {
              best = size;
              idx = i;
            }
          }
        } else {
          idx = random.nextInt(e.variants().size());
        }
        IdlTypeDef.EnumVariant v = e.variants().get(idx);
        Optional<IdlValue> payload = v.fields() instanceof IdlFields.None ? Optional.empty()
            : Optional.of(fields(v.fields(), depth));
        yield new IdlValue.EnumValue(v.name(), idx, payload);
      }
    };
  }

  private IdlValue fields(IdlFields fields, int depth) {
    return switch (fields) {
      case IdlFields.None n -> new IdlValue.StructValue(List.of());
      case IdlFields.Named n -> {
        IdlValue.StructValue.Builder b = IdlValue.StructValue.builder();
        for (IdlField f : n.fields()) {
          b.put(f.name(), gen(f.type(), depth + 1));
        }
        yield b.build();
      }
      case IdlFields.Tuple t -> {
        List<IdlValue> out = new ArrayList<>();
        for (IdlType ty : t.types()) {
          out.add(gen(ty, depth + 1));
        }
        yield new IdlValue.TupleValue(out);
      }
    };
  }

  private IdlValue primitive(PrimitiveKind k) {
    return switch (k) {
      case BOOL -> new IdlValue.BoolValue(random.nextBoolean());
      case U8, I8, U16, I16, U32, I32, U64, I64, U128, I128, U256, I256 -> new IdlValue.IntValue(k, integer(k));
      case F32 -> {
        float f = Float.intBitsToFloat(random.nextInt());
        yield IdlValue.FloatValue.ofF32(Float.isNaN(f) ? 1.5f : f);
      }
      case F64 -> {
        double d = Double.longBitsToDouble(random.nextLong());
        yield IdlValue.FloatValue.ofF64(Double.isNaN(d) ? -2.25 : d);
      }
      case STRING -> {
        int n = random.nextInt(limits.maxStringLength() + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
          sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        yield new IdlValue.StringValue(sb.toString());
      }
      case BYTES -> {
        byte[] b = new byte[random.nextInt(limits.maxBytesLength() + 1)];
        random.nextBytes(b);
        yield new IdlValue.BytesValue(b);
      }
      case PUBKEY -> {
        byte[] b = new byte[32];
        random.nextBytes(b);
        yield new IdlValue.PubkeyValue(PublicKey.createPubKey(b));
      }
    };
  }

  /** Strings and bytes of a Codama layout: a fixed size is filled exactly, base-encoded text is drawn as bytes. */
  private IdlValue wirePrimitive(IdlType.Primitive p) {
    PrimitiveKind k = p.kind();
    if (k != PrimitiveKind.STRING && k != PrimitiveKind.BYTES) {
      return primitive(k);
    }
    OptionalInt fixed = p.wire().size() instanceof IdlType.Size.Fixed f ? OptionalInt.of(f.bytes()) : OptionalInt.empty();
    if (k == PrimitiveKind.BYTES || p.wire().text() != IdlType.Text.UTF8) {
      byte[] b = new byte[fixed.orElseGet(() -> random.nextInt(limits.maxBytesLength() + 1))];
      random.nextBytes(b);
      return switch (k == PrimitiveKind.BYTES ? null : p.wire().text()) {
        case null -> new IdlValue.BytesValue(b);
        case BASE16 -> new IdlValue.StringValue(java.util.HexFormat.of().formatHex(b));
        case BASE58 -> new IdlValue.StringValue(software.sava.core.encoding.Base58.encode(b));
        case BASE64 -> new IdlValue.StringValue(java.util.Base64.getEncoder().encodeToString(b));
        case UTF8 -> throw new IllegalStateException("unreachable");
      };
    }
    IdlValue.StringValue s = (IdlValue.StringValue) primitive(k);
    if (fixed.isPresent()) {
      // Shorten until it fits the fixed size (padding is added by the codec and dropped when read).
      String v = s.value();
      while (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > fixed.getAsInt()) {
        v = v.substring(0, v.length() - 1);
      }
      return new IdlValue.StringValue(v);
    }
    return s;
  }

  private BigInteger integer(PrimitiveKind k) {
    switch (random.nextInt(8)) {
      case 0:
        return IntRange.min(k);
      case 1:
        return IntRange.max(k);
      case 2:
        return BigInteger.valueOf(random.nextInt(2));
      default:
        byte[] b = new byte[k.size()];
        random.nextBytes(b);
        return k.isSigned() ? new BigInteger(b) : new BigInteger(1, b);
    }
  }
}
