package dev.preflight.core.idl;

import dev.preflight.core.idl.IdlType.ArrayLength;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Size arithmetic for the codec: fixed Borsh sizes, lower bounds of encoded sizes (used to refuse
 * lengths that the remaining bytes cannot hold before allocating) and {@code #[repr(C)]} layouts of
 * zero-copy types.
 */
final class Layouts {

  /** Size and alignment of a type in C layout. */
  record Layout(int size, int align) {}

  /** Field offsets, size and alignment of a struct in C layout. */
  record StructLayout(int[] offsets, int size, int align) {}

  /** Being inside a zero-copy type; {@code packed} is the packing of the struct being laid out. */
  record CContext(boolean packed) {
    static CContext of(IdlTypeDef def) {
      return new CContext(def.repr().map(IdlTypeDef.Repr::packed).orElse(false));
    }

    CContext enter(IdlTypeDef def) {
      return of(def);
    }
  }

  private final TypeResolver resolver;
  private final Map<IdlType, Long> minSizes = new ConcurrentHashMap<>();
  private final Map<IdlType.Defined, StructLayout> structs = new ConcurrentHashMap<>();

  Layouts(TypeResolver resolver) {
    this.resolver = resolver;
  }

  static List<IdlType> fieldTypes(IdlFields fields) {
    return switch (fields) {
      case IdlFields.None n -> List.of();
      case IdlFields.Named n -> n.fields().stream().map(IdlField::type).toList();
      case IdlFields.Tuple t -> t.types();
    };
  }

  // ---- C layout -----------------------------------------------------------------------------

  /** Size and alignment of a type inside a zero-copy struct. */
  Layout cLayout(IdlType type) {
    return cLayoutAt(type, 0);
  }

  private Layout cLayoutAt(IdlType type, int depth) {
    if (depth > BorshCodec.MAX_DEPTH) {
      throw new IdlException("layout", "", "type " + type + " nests deeper than " + BorshCodec.MAX_DEPTH + " levels",
          "Check the IDL for a recursive zero-copy type");
    }
    if (type instanceof IdlType.Primitive p && !p.wire().equals(IdlType.Wire.BORSH)) {
      throw noCLayout(type);
    }
    return switch (type) {
      case IdlType.Primitive p -> switch (p.kind()) {
        case BOOL, U8, I8 -> new Layout(1, 1);
        case U16, I16 -> new Layout(2, 2);
        case U32, I32, F32 -> new Layout(4, 4);
        case U64, I64, F64 -> new Layout(8, 8);
        // SBF keeps 8-byte alignment for 128-bit integers (and wider ones built from them).
        case U128, I128 -> new Layout(16, 8);
        case U256, I256 -> new Layout(32, 8);
        case PUBKEY -> new Layout(32, 1);
        case STRING, BYTES -> throw noCLayout(type);
      };
      case IdlType.Array a -> {
        Layout inner = cLayoutAt(a.inner(), depth + 1);
        if (!(a.length() instanceof ArrayLength.Fixed f)) {
          throw noCLayout(type);
        }
        long size = (long) inner.size() * f.value();
        if (size > Integer.MAX_VALUE) {
          throw new IdlException("layout", "", "array " + type + " is larger than 2 GiB", "Fix the IDL");
        }
        yield new Layout((int) size, inner.align());
      }
      case IdlType.Defined d -> {
        StructLayout s = cStructAt(d, depth + 1);
        yield new Layout(s.size(), s.align());
      }
      case IdlType.Option o -> throw noCLayout(type);
      case IdlType.COption o -> throw noCLayout(type);
      case IdlType.Vec v -> throw noCLayout(type);
      case IdlType.GenericParam g -> throw noCLayout(type);
    };
  }

  /** Field offsets, size and alignment of a zero-copy struct, by its own {@code repr} (packed or not). */
  StructLayout cStruct(IdlType.Defined d) {
    return cStructAt(d, 0);
  }

  private StructLayout cStructAt(IdlType.Defined d, int depth) {
    StructLayout hit = structs.get(d);
    if (hit != null) {
      return hit;
    }
    TypeResolver.Resolved res = resolver.resolve(d);
    IdlTypeDef def = res.def();
    boolean packed = def.repr().map(IdlTypeDef.Repr::packed).orElse(false);
    int declaredAlign = def.repr().flatMap(IdlTypeDef.Repr::align).orElse(1);
    StructLayout out;
    switch (res.body()) {
      case IdlTypeDef.Alias a -> {
        Layout l = cLayoutAt(a.target(), depth + 1);
        out = new StructLayout(new int[] {0}, l.size(), l.align());
      }
      case IdlTypeDef.Enum e -> throw new IdlException("layout", "", "enum '" + def.name()
          + "' has no zero-copy (C) layout", "Zero-copy types may only contain integers, bools, public keys, "
          + "arrays and other zero-copy structs");
      case IdlTypeDef.Struct s -> {
        List<IdlType> types = fieldTypes(s.fields());
        int[] offsets = new int[types.size()];
        long off = 0;
        int align = 1;
        for (int i = 0; i < types.size(); i++) {
          Layout l = cLayoutAt(types.get(i), depth + 1);
          int a = packed ? 1 : l.align();
          off = alignUp(off, a);
          offsets[i] = (int) off;
          off += l.size();
          align = Math.max(align, a);
        }
        align = Math.max(align, declaredAlign);
        long size = alignUp(off, align);
        if (size > Integer.MAX_VALUE) {
          throw new IdlException("layout", "", "type '" + def.name() + "' is larger than 2 GiB", "Fix the IDL");
        }
        out = new StructLayout(offsets, (int) size, align);
      }
    }
    structs.put(d, out);
    return out;
  }

  private static long alignUp(long off, int align) {
    return (off + align - 1) / align * align;
  }

  private static IdlException noCLayout(IdlType type) {
    return new IdlException("layout", "", type + " has no zero-copy (C) layout",
        "Zero-copy types may only contain integers, bools, public keys, arrays and other zero-copy structs");
  }

  // ---- Borsh sizes --------------------------------------------------------------------------

  /** Fixed encoded size, or -1 when values of the type vary in size. */
  int borshFixedSize(IdlType type, int depth) {
    if (depth > BorshCodec.MAX_DEPTH) {
      return -1;
    }
    return switch (type) {
      case IdlType.Primitive p -> primitiveFixedSize(p);
      case IdlType.Option o -> switch (o.tag()) {
        case IdlType.OptionTag.Prefixed pt when pt.fixed() -> {
          int inner = borshFixedSize(o.inner(), depth + 1);
          yield inner < 0 ? -1 : inner + pt.prefix().size();
        }
        case IdlType.OptionTag.Zeroable z -> borshFixedSize(o.inner(), depth + 1);
        default -> -1;
      };
      case IdlType.Vec v -> -1;
      case IdlType.COption o -> {
        int inner = borshFixedSize(o.inner(), depth + 1);
        yield inner < 0 ? -1 : inner + 4;
      }
      case IdlType.Array a -> {
        int inner = borshFixedSize(a.inner(), depth + 1);
        if (inner < 0 || !(a.length() instanceof ArrayLength.Fixed f)) {
          yield -1;
        }
        long s = (long) inner * f.value();
        yield s > Integer.MAX_VALUE ? -1 : (int) s;
      }
      case IdlType.Defined d -> definedFixedSize(d, depth);
      case IdlType.GenericParam g -> -1;
    };
  }

  private static int primitiveFixedSize(IdlType.Primitive p) {
    if (p.kind() != IdlType.PrimitiveKind.STRING && p.kind() != IdlType.PrimitiveKind.BYTES) {
      return p.kind().size();
    }
    return p.wire().size() instanceof IdlType.Size.Fixed f ? f.bytes() : -1;
  }

  private static long primitiveMinSize(IdlType.Primitive p) {
    if (p.kind().size() >= 0) {
      return p.kind().size();
    }
    return switch (p.wire().size()) {
      case IdlType.Size.Prefixed sp -> sp.prefix().size();
      case IdlType.Size.Fixed f -> f.bytes();
      case IdlType.Size.Remainder r -> 0;
    };
  }

  private int definedFixedSize(IdlType.Defined d, int depth) {
    TypeResolver.Resolved res = resolver.resolve(d);
    if (res.def().isZeroCopy()) {
      return cStructAt(d, depth + 1).size();
    }
    int inner = switch (res.body()) {
      case IdlTypeDef.Alias a -> borshFixedSize(a.target(), depth + 1);
      case IdlTypeDef.Struct s -> fieldsFixedSize(s.fields(), depth);
      case IdlTypeDef.Enum e -> {
        int common = -2;
        for (IdlTypeDef.EnumVariant v : e.variants()) {
          int s = Framing.fixedSize(v.frames(), fieldsFixedSize(v.fields(), depth));
          if (s < 0 || (common != -2 && common != s)) {
            yield -1;
          }
          common = s;
        }
        yield common < 0 ? e.tag().size() : common + e.tag().size();
      }
    };
    return Framing.fixedSize(res.def().frames(), inner);
  }

  private int fieldsFixedSize(IdlFields fields, int depth) {
    long sum = 0;
    for (IdlType t : fieldTypes(fields)) {
      int s = borshFixedSize(t, depth + 1);
      if (s < 0) {
        return -1;
      }
      sum += s;
    }
    return sum > Integer.MAX_VALUE ? -1 : (int) sum;
  }

  /** A lower bound of the encoded size of any value of the type. */
  long minSize(IdlType type) {
    Long hit = minSizes.get(type);
    if (hit != null) {
      return hit;
    }
    long v = minSize(type, new HashSet<>(), 0);
    minSizes.put(type, v);
    return v;
  }

  private long minSize(IdlType type, Set<IdlType.Defined> visiting, int depth) {
    if (depth > BorshCodec.MAX_DEPTH) {
      return 0;
    }
    return switch (type) {
      case IdlType.Primitive p -> primitiveMinSize(p);
      case IdlType.Option o -> switch (o.tag()) {
        case IdlType.OptionTag.Prefixed pt -> pt.fixed() ? Math.max(borshFixedSize(type, depth), pt.prefix().size())
            : pt.prefix().size();
        case IdlType.OptionTag.Zeroable z -> Math.max(borshFixedSize(o.inner(), depth + 1), 0);
        case IdlType.OptionTag.Remainder r -> 0;
      };
      case IdlType.Vec v -> v.count() instanceof IdlType.Count.Prefixed cp ? cp.prefix().size() : 0;
      case IdlType.COption o -> {
        int inner = borshFixedSize(o.inner(), depth + 1);
        yield 4 + Math.max(inner, 0);
      }
      case IdlType.Array a -> {
        if (!(a.length() instanceof ArrayLength.Fixed f)) {
          yield 0;
        }
        long inner = minSize(a.inner(), visiting, depth + 1);
        yield saturatingMultiply(inner, f.value());
      }
      case IdlType.Defined d -> {
        if (!visiting.add(d)) {
          yield 0; // recursive through an enum or an option: 0 is a safe lower bound
        }
        try {
          TypeResolver.Resolved res = resolver.resolve(d);
          if (res.def().isZeroCopy()) {
            yield cStructAt(d, depth + 1).size();
          }
          long inner = switch (res.body()) {
            case IdlTypeDef.Alias a -> minSize(a.target(), visiting, depth + 1);
            case IdlTypeDef.Struct s -> fieldsMin(s.fields(), visiting, depth);
            case IdlTypeDef.Enum e -> {
              long min = Long.MAX_VALUE;
              for (IdlTypeDef.EnumVariant v : e.variants()) {
                min = Math.min(min, Framing.minSize(v.frames(), fieldsMin(v.fields(), visiting, depth)));
              }
              yield e.tag().size() + (min == Long.MAX_VALUE ? 0 : min);
            }
          };
          yield Framing.minSize(res.def().frames(), inner);
        } finally {
          visiting.remove(d);
        }
      }
      case IdlType.GenericParam g -> 0;
    };
  }

  private long fieldsMin(IdlFields fields, Set<IdlType.Defined> visiting, int depth) {
    long sum = 0;
    for (IdlType t : fieldTypes(fields)) {
      sum = saturatingAdd(sum, minSize(t, visiting, depth + 1));
    }
    return sum;
  }

  private static long saturatingMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
