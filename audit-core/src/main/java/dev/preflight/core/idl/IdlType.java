package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;

/**
 * A type as an Anchor IDL writes it, in one model for the legacy (pre-0.30) and the 0.30+ spec formats.
 *
 * <p>Types may still contain generic parameters ({@link GenericParam}, {@link ArrayLength.Generic});
 * the codec substitutes them when it enters a {@link Defined} type with generic arguments.
 */
public sealed interface IdlType
    permits IdlType.Primitive, IdlType.Option, IdlType.COption, IdlType.Vec, IdlType.Array,
        IdlType.Defined, IdlType.GenericParam {

  /** Leaf types. Integers carry their width and signedness; {@code bytes} is a Borsh {@code Vec<u8>}. */
  enum PrimitiveKind {
    BOOL("bool", 1, false),
    U8("u8", 1, false),
    I8("i8", 1, true),
    U16("u16", 2, false),
    I16("i16", 2, true),
    U32("u32", 4, false),
    I32("i32", 4, true),
    U64("u64", 8, false),
    I64("i64", 8, true),
    U128("u128", 16, false),
    I128("i128", 16, true),
    U256("u256", 32, false),
    I256("i256", 32, true),
    F32("f32", 4, true),
    F64("f64", 8, true),
    STRING("string", -1, false),
    BYTES("bytes", -1, false),
    PUBKEY("pubkey", 32, false);

    private final String idlName;
    private final int size;
    private final boolean signed;

    PrimitiveKind(String idlName, int size, boolean signed) {
      this.idlName = idlName;
      this.size = size;
      this.signed = signed;
    }

    /** The spelling used by the 0.30 spec (legacy {@code publicKey} maps to {@link #PUBKEY}). */
    public String idlName() {
      return idlName;
    }

    /** Encoded size in bytes for fixed-size kinds, -1 for {@code string} and {@code bytes}. */
    public int size() {
      return size;
    }

    public boolean isInteger() {
      return ordinal() >= U8.ordinal() && ordinal() <= I256.ordinal();
    }

    public boolean isFloat() {
      return this == F32 || this == F64;
    }

    public boolean isSigned() {
      return signed;
    }

    /** Finds a kind by its IDL spelling; accepts the legacy {@code publicKey}. */
    public static java.util.Optional<PrimitiveKind> fromIdlName(String name) {
      if ("publicKey".equals(name)) {
        return java.util.Optional.of(PUBKEY);
      }
      for (PrimitiveKind k : values()) {
        if (k.idlName.equals(name)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }

  record Primitive(PrimitiveKind kind) implements IdlType {
    public Primitive {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
      return kind.idlName();
    }
  }

  /** Borsh {@code Option<T>}: one tag byte (0 none, 1 some) then the value. */
  record Option(IdlType inner) implements IdlType {
    public Option {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "option<" + inner + ">";
    }
  }

  /** SPL {@code COption<T>}: a u32 little-endian tag (0 none, 1 some) then the value. */
  record COption(IdlType inner) implements IdlType {
    public COption {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "coption<" + inner + ">";
    }
  }

  /** Borsh {@code Vec<T>}: a u32 little-endian length then the elements. */
  record Vec(IdlType inner) implements IdlType {
    public Vec {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "vec<" + inner + ">";
    }
  }

  /** Fixed-size array {@code [T; N]}, where N may be a const generic of the enclosing type. */
  record Array(IdlType inner, ArrayLength length) implements IdlType {
    public Array {
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(length, "length");
    }

    @Override
    public String toString() {
      return "[" + inner + "; " + length + "]";
    }
  }

  /** A reference to a type definition of the IDL, with generic arguments when it has generics. */
  record Defined(String name, List<GenericArg> generics) implements IdlType {
    public Defined {
      Objects.requireNonNull(name, "name");
      generics = List.copyOf(generics);
    }

    public Defined(String name) {
      this(name, List.of());
    }

    @Override
    public String toString() {
      if (generics.isEmpty()) {
        return name;
      }
      StringBuilder sb = new StringBuilder(name).append('<');
      for (int i = 0; i < generics.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(generics.get(i));
      }
      return sb.append('>').toString();
    }
  }

  /** A type parameter of the enclosing type definition ({@code {"generic": "T"}}). */
  record GenericParam(String name) implements IdlType {
    public GenericParam {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The length of a fixed-size array: a number or a const generic parameter. */
  sealed interface ArrayLength permits ArrayLength.Fixed, ArrayLength.Generic {
    record Fixed(int value) implements ArrayLength {
      public Fixed {
        if (value < 0) {
          throw new IllegalArgumentException("negative array length " + value);
        }
      }

      @Override
      public String toString() {
        return Integer.toString(value);
      }
    }

    record Generic(String name) implements ArrayLength {
      public Generic {
        Objects.requireNonNull(name, "name");
      }

      @Override
      public String toString() {
        return name;
      }
    }
  }

  /** An argument given to a generic type: a type, or a const value (array lengths). */
  sealed interface GenericArg permits GenericArg.TypeArg, GenericArg.ConstArg {
    record TypeArg(IdlType type) implements GenericArg {
      public TypeArg {
        Objects.requireNonNull(type, "type");
      }

      @Override
      public String toString() {
        return type.toString();
      }
    }

    record ConstArg(String value) implements GenericArg {
      public ConstArg {
        Objects.requireNonNull(value, "value");
      }

      @Override
      public String toString() {
        return value;
      }
    }
  }

  static IdlType primitive(PrimitiveKind kind) {
    return new Primitive(kind);
  }
}
