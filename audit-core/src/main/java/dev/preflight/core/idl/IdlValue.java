package dev.preflight.core.idl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * A decoded (or to-be-encoded) value of an IDL type.
 *
 * <p>Values are immutable. Integers keep the kind they were declared with so that a value printed
 * in a report says {@code u64} and not just a number. Floats keep their exact bits.
 *
 * <p>Field paths ({@link #at(String)}) use dots for struct fields and brackets for sequence indexes:
 * {@code "config.admins[2]"}, {@code "members[0].key"}. Field names match exactly first, then
 * loosely ({@code createKey} finds {@code create_key}), because legacy IDLs spell fields in camelCase
 * and 0.30+ IDLs in snake_case. An {@code Option} that is present is transparent to paths; one that
 * is absent ends the path with an empty result. Enum payload fields are reached directly
 * ({@code "kind.amount"} for {@code kind = Limit { amount }}).
 *
 * <p>JSON form ({@link #toJson()}): integers as exact JSON numbers (u64, u128 and wider included),
 * floats as numbers (non-finite values as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}), {@code bytes} as a standard base64 string, public keys as base58 strings,
 * {@code None} as {@code null}, {@code Some(x)} as {@code x}, sequences and tuples as arrays, structs
 * as objects in declaration order, enums as a one-key object {@code {"Variant": payload}} where a
 * unit variant's payload is {@code {}}. Published IDLs sometimes repeat a field name (padding); the
 * second occurrence is written as {@code "name#2"}, the third {@code "name#3"}, and read back the same way.
 */
public sealed interface IdlValue
    permits IdlValue.BoolValue, IdlValue.IntValue, IdlValue.FloatValue, IdlValue.StringValue,
        IdlValue.BytesValue, IdlValue.PubkeyValue, IdlValue.OptionValue, IdlValue.SeqValue,
        IdlValue.StructValue, IdlValue.TupleValue, IdlValue.EnumValue {

  record BoolValue(boolean value) implements IdlValue {}

  /** An integer of any width; {@code kind} is the declared integer kind. */
  record IntValue(PrimitiveKind kind, BigInteger value) implements IdlValue {
    public IntValue {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
      if (!kind.isInteger()) {
        throw new IllegalArgumentException(kind + " is not an integer kind");
      }
      if (!IntRange.fits(kind, value)) {
        throw new IllegalArgumentException(value + " does not fit " + kind.idlName());
      }
    }

    public static IntValue of(PrimitiveKind kind, long value) {
      return new IntValue(kind, BigInteger.valueOf(value));
    }
  }

  /** A float kept as its raw IEEE-754 bits, so that decode -> encode is byte-exact. */
  record FloatValue(PrimitiveKind kind, long bits) implements IdlValue {
    public FloatValue {
      if (!kind.isFloat()) {
        throw new IllegalArgumentException(kind + " is not a float kind");
      }
      if (kind == PrimitiveKind.F32 && (bits & 0xFFFF_FFFF_0000_0000L) != 0) {
        throw new IllegalArgumentException("f32 bits must fit 32 bits");
      }
    }

    public static FloatValue ofF32(float f) {
      return new FloatValue(PrimitiveKind.F32, Float.floatToRawIntBits(f) & 0xFFFF_FFFFL);
    }

    public static FloatValue ofF64(double d) {
      return new FloatValue(PrimitiveKind.F64, Double.doubleToRawLongBits(d));
    }

    public double value() {
      return kind == PrimitiveKind.F32 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
    }
  }

  record StringValue(String value) implements IdlValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The IDL {@code bytes} type. Compared by content. */
  record BytesValue(byte[] value) implements IdlValue {
    public BytesValue {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    int length() {
      return value.length;
    }

    byte[] raw() {
      return value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesValue b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  record PubkeyValue(PublicKey value) implements IdlValue {
    public PubkeyValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PubkeyValue p && Arrays.equals(value.toByteArray(), p.value.toByteArray());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value.toByteArray());
    }

    @Override
    public String toString() {
      return "PubkeyValue[" + value.toBase58() + "]";
    }
  }

  /** {@code Option} and {@code COption}: empty is {@code None}. */
  record OptionValue(Optional<IdlValue> value) implements IdlValue {
    public OptionValue {
      Objects.requireNonNull(value, "value");
    }

    public static OptionValue none() {
      return new OptionValue(Optional.empty());
    }

    public static OptionValue some(IdlValue v) {
      return new OptionValue(Optional.of(v));
    }
  }

  /** A {@code vec} or a fixed-size array. */
  record SeqValue(List<IdlValue> elements) implements IdlValue {
    public SeqValue {
      elements = List.copyOf(elements);
    }
  }

  /** A struct with named fields (also a unit struct: no fields), in declaration order. */
  record StructValue(List<Field> fields) implements IdlValue {
    public StructValue {
      fields = List.copyOf(fields);
    }

    /** Looks a field up by name: exact match first, then camelCase/snake_case-insensitive. */
    public Optional<IdlValue> field(String name) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return Optional.of(f.value());
        }
      }
      String loose = Names.looseKey(name);
      for (Field f : fields) {
        if (Names.looseKey(f.name()).equals(loose)) {
          return Optional.of(f.value());
        }
      }
      return Optional.empty();
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Collects fields in order; for tests, scenario files and record encoders. */
    public static final class Builder {
      private final List<Field> fields = new ArrayList<>();

      public Builder put(String name, IdlValue value) {
        fields.add(new Field(name, value));
        return this;
      }

      public StructValue build() {
        return new StructValue(fields);
      }
    }
  }

  record Field(String name, IdlValue value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A tuple struct, or a tuple enum payload. */
  record TupleValue(List<IdlValue> elements) implements IdlValue {
    public TupleValue {
      elements = List.copyOf(elements);
    }
  }

  /**
   * An enum value: the variant's name and index, and its payload when the variant has fields (a
   * {@link StructValue} for named fields, a {@link TupleValue} for positional ones).
   */
  record EnumValue(String variant, int index, Optional<IdlValue> payload) implements IdlValue {
    public EnumValue {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(payload, "payload");
      if (index < 0 || index > 255) {
        throw new IllegalArgumentException("Borsh enum variant index must be 0..255, got " + index);
      }
    }
  }

  // ---- access -------------------------------------------------------------------------------

  /** The value at a field path, or empty when the path does not exist in this value. */
  default Optional<IdlValue> at(String path) {
    return ValuePath.at(this, path);
  }

  /**
   * This value with any {@code Some} wrappers removed; empty for {@code None}. The typed accessors
   * below look through {@code Some} the same way, so {@code at("cap").flatMap(IdlValue::longValue)}
   * works for an {@code Option<u64>} field.
   */
  default Optional<IdlValue> unwrapped() {
    IdlValue v = this;
    while (v instanceof OptionValue o) {
      if (o.value().isEmpty()) {
        return Optional.empty();
      }
      v = o.value().get();
    }
    return Optional.of(v);
  }

  /** The integer, when this is an integer value. */
  default Optional<BigInteger> bigInteger() {
    return unwrapped().flatMap(v -> v instanceof IntValue i ? Optional.of(i.value()) : Optional.empty());
  }

  /**
   * The integer as a {@code long}, when this is an integer that fits 64 bits. Unsigned 64-bit values
   * above {@code Long.MAX_VALUE} come back as their two's-complement bit pattern, as Java stores u64.
   */
  default Optional<Long> longValue() {
    return unwrapped().flatMap(v -> v instanceof IntValue i && i.value().bitLength() <= 64
        ? Optional.of(i.value().longValue()) : Optional.empty());
  }

  default Optional<Boolean> booleanValue() {
    return unwrapped().flatMap(v -> v instanceof BoolValue b ? Optional.of(b.value()) : Optional.empty());
  }

  default Optional<String> stringValue() {
    return unwrapped().flatMap(v -> v instanceof StringValue s ? Optional.of(s.value()) : Optional.empty());
  }

  default Optional<PublicKey> publicKey() {
    return unwrapped().flatMap(v -> v instanceof PubkeyValue p ? Optional.of(p.value()) : Optional.empty());
  }

  /** The elements of a sequence or tuple. */
  default Optional<List<IdlValue>> sequence() {
    return unwrapped().flatMap(v -> switch (v) {
      case SeqValue s -> Optional.of(s.elements());
      case TupleValue t -> Optional.of(t.elements());
      default -> Optional.<List<IdlValue>>empty();
    });
  }

  // ---- JSON ---------------------------------------------------------------------------------

  /** This value as JSON; see the class comment for the mapping. */
  default JsonNode toJson() {
    return ValueJson.toJson(this);
  }

  /**
   * Reads a value of {@code type} from JSON (or YAML read into a Jackson tree), as scenario files
   * give instruction arguments. Accepts what {@link #toJson()} writes and, for convenience: integers
   * as strings (decimal or {@code 0x} hex), {@code bytes} as base64, {@code 0x} hex or an array of
   * numbers, {@code u8} arrays as {@code 0x} hex, unit enum variants as a plain string, and enum
   * variant and field names in either camelCase or snake_case.
   *
   * @throws EncodeException when the JSON does not fit the type, naming the field path
   */
  static IdlValue fromJson(JsonNode json, IdlType type, Idl idl) {
    return ValueJson.fromJson(json, type, idl, "JSON value");
  }
}
