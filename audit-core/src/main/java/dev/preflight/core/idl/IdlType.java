package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;

/**
 * A type as an IDL writes it, in one model for Anchor IDLs (legacy pre-0.30 and the 0.30+ spec) and
 * Codama IDLs.
 *
 * <p>The variants say what a value is (the {@link IdlValue} it decodes to); their optional layout
 * components say how its bytes are laid out when that differs from Borsh, as Codama IDLs may declare
 * ({@link Wire} for numbers, strings and bytes, {@link OptionTag}, {@link Count}). Anchor types always
 * have the Borsh defaults, and a consumer that only needs values can ignore the layout components.
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

  /** A leaf; {@code wire} is {@link Wire#BORSH} unless a Codama IDL declares another layout. */
  record Primitive(PrimitiveKind kind, Wire wire) implements IdlType {
    public Primitive {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(wire, "wire");
    }

    public Primitive(PrimitiveKind kind) {
      this(kind, Wire.BORSH);
    }

    @Override
    public String toString() {
      return wire.equals(Wire.BORSH) ? kind.idlName() : kind.idlName() + wire.describe(kind);
    }
  }

  /**
   * How a leaf's bytes are laid out. Borsh: integers and floats little-endian, {@code string} and
   * {@code bytes} behind a u32 length, strings UTF-8. Codama may declare big-endian numbers, other
   * length prefixes, a fixed size (zero-padded) or "the rest of the data", and strings in base16/58/64.
   *
   * @param bigEndian numbers (and the length prefix of strings and bytes) are big-endian
   * @param size how the length of a {@code string} or {@code bytes} is known; unused by other kinds
   * @param text how a {@code string}'s characters become bytes; unused by other kinds
   */
  record Wire(boolean bigEndian, Size size, Text text) {
    public static final Wire BORSH = new Wire(false, Size.BORSH, Text.UTF8);

    public Wire {
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(text, "text");
    }

    String describe(PrimitiveKind kind) {
      StringBuilder sb = new StringBuilder("(");
      if (bigEndian) {
        sb.append("be");
      }
      if (kind == PrimitiveKind.STRING || kind == PrimitiveKind.BYTES) {
        sb.append(sb.length() > 1 ? ", " : "").append(size);
        if (kind == PrimitiveKind.STRING && text != Text.UTF8) {
          sb.append(", ").append(text.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      return sb.append(')').toString();
    }
  }

  /** How the byte length of a {@code string} or {@code bytes} value is known. */
  sealed interface Size permits Size.Prefixed, Size.Fixed, Size.Remainder {
    Size BORSH = new Prefixed(PrimitiveKind.U32);

    /** An unsigned integer of kind {@code prefix} in front of the bytes gives their length. */
    record Prefixed(PrimitiveKind prefix) implements Size {
      public Prefixed {
        if (!prefix.isInteger() || prefix.isSigned() || prefix.size() > 8) {
          throw new IllegalArgumentException("a length prefix is u8, u16, u32 or u64, not " + prefix);
        }
      }

      @Override
      public String toString() {
        return prefix.idlName() + " length";
      }
    }

    /** Exactly {@code bytes} bytes: shorter values are padded with zeros, as Codama's fixed-size codec does. */
    record Fixed(int bytes) implements Size {
      public Fixed {
        if (bytes < 0) {
          throw new IllegalArgumentException("negative size " + bytes);
        }
      }

      @Override
      public String toString() {
        return bytes + " bytes";
      }
    }

    /** Whatever bytes remain in the enclosing data. */
    record Remainder() implements Size {
      @Override
      public String toString() {
        return "rest of data";
      }
    }
  }

  /** How a {@code string} is written as bytes (Codama's {@code stringTypeNode.encoding}). */
  enum Text {
    UTF8,
    BASE16,
    BASE58,
    BASE64
  }

  /**
   * An optional value. {@code tag} is {@link OptionTag#BORSH} (one byte, 0 none, 1 some) unless a
   * Codama IDL declares another layout.
   */
  record Option(IdlType inner, OptionTag tag) implements IdlType {
    public Option {
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(tag, "tag");
    }

    public Option(IdlType inner) {
      this(inner, OptionTag.BORSH);
    }

    @Override
    public String toString() {
      return "option<" + inner + ">" + (tag.equals(OptionTag.BORSH) ? "" : "(" + tag + ")");
    }
  }

  /** How presence of an {@link Option}'s value is written. */
  sealed interface OptionTag permits OptionTag.Prefixed, OptionTag.Zeroable, OptionTag.Remainder {
    OptionTag BORSH = new Prefixed(PrimitiveKind.U8, false, false);

    /**
     * A number in front: 0 none, 1 some. When {@code fixed}, a none still takes the value's size
     * (zeros), so every value has the same size.
     */
    record Prefixed(PrimitiveKind prefix, boolean bigEndian, boolean fixed) implements OptionTag {
      public Prefixed {
        if (!prefix.isInteger() || prefix.isSigned() || prefix.size() > 8) {
          throw new IllegalArgumentException("an option prefix is u8, u16, u32 or u64, not " + prefix);
        }
      }

      @Override
      public String toString() {
        return prefix.idlName() + " tag" + (fixed ? ", fixed size" : "");
      }
    }

    /**
     * No tag: the value has a fixed size, and none is written as {@code zero} (all zero bytes when
     * empty), as Codama's {@code zeroableOptionTypeNode}.
     */
    record Zeroable(byte[] zero) implements OptionTag {
      public Zeroable {
        zero = zero.clone();
      }

      @Override
      public byte[] zero() {
        return zero.clone();
      }

      byte[] raw() {
        return zero;
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Zeroable z && java.util.Arrays.equals(zero, z.zero);
      }

      @Override
      public int hashCode() {
        return java.util.Arrays.hashCode(zero);
      }

      @Override
      public String toString() {
        return zero.length == 0 ? "none when zero" : "none when " + java.util.HexFormat.of().formatHex(zero);
      }
    }

    /** No tag: none when no bytes remain (Codama's {@code remainderOptionTypeNode}). */
    record Remainder() implements OptionTag {
      @Override
      public String toString() {
        return "none when no bytes remain";
      }
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

  /**
   * A sequence of any length: Borsh {@code Vec<T>} (a u32 little-endian count then the elements)
   * unless a Codama IDL declares another {@link Count}.
   */
  record Vec(IdlType inner, Count count) implements IdlType {
    public Vec {
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(count, "count");
    }

    public Vec(IdlType inner) {
      this(inner, Count.BORSH);
    }

    @Override
    public String toString() {
      return "vec<" + inner + ">" + (count.equals(Count.BORSH) ? "" : "(" + count + ")");
    }
  }

  /** How the number of elements of a {@link Vec} is known. */
  sealed interface Count permits Count.Prefixed, Count.Remainder {
    Count BORSH = new Prefixed(PrimitiveKind.U32, false);

    /** An unsigned integer in front gives the count. */
    record Prefixed(PrimitiveKind prefix, boolean bigEndian) implements Count {
      public Prefixed {
        if (!prefix.isInteger() || prefix.isSigned() || prefix.size() > 8) {
          throw new IllegalArgumentException("a count prefix is u8, u16, u32 or u64, not " + prefix);
        }
      }

      @Override
      public String toString() {
        return prefix.idlName() + (bigEndian ? " be" : "") + " count";
      }
    }

    /** As many elements as the remaining bytes hold. */
    record Remainder() implements Count {
      @Override
      public String toString() {
        return "elements to the end of data";
      }
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
