package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named type definition of an IDL: a struct, an enum or a type alias, with its generic parameters
 * and how it is laid out in account data.
 *
 * <p>Codama IDLs nest structs, enums and tuples inside other types and wrap types in size prefixes,
 * fixed sizes and hidden constants. The loader gives each such nested type a definition of its own,
 * named after where it sits ({@code mint.extensions}, {@code batch.data.item}: a dot never occurs in a
 * Codama or Anchor name), with the wrapping bytes as {@link #frames()}.
 *
 * @param frames bytes around the value, outermost first (Codama only; empty for Anchor types)
 */
public record IdlTypeDef(
    String name,
    List<String> docs,
    Serialization serialization,
    Optional<Repr> repr,
    List<GenericParamDef> generics,
    Body body,
    List<Frame> frames) {

  public IdlTypeDef {
    Objects.requireNonNull(name, "name");
    docs = List.copyOf(docs);
    Objects.requireNonNull(serialization, "serialization");
    Objects.requireNonNull(repr, "repr");
    generics = List.copyOf(generics);
    Objects.requireNonNull(body, "body");
    frames = List.copyOf(frames);
  }

  public IdlTypeDef(String name, List<String> docs, Serialization serialization, Optional<Repr> repr,
      List<GenericParamDef> generics, Body body) {
    this(name, docs, serialization, repr, generics, body, List.of());
  }

  /**
   * How values of the type are laid out. Anchor's {@code zero_copy} accounts are not Borsh: they are
   * the in-memory C layout of the struct ({@code bytemuck}), with alignment padding unless packed.
   */
  public enum Serialization {
    BORSH,
    BYTEMUCK,
    BYTEMUCK_UNSAFE,
    /** Anything else an IDL declares (custom serializers): decoding such a type fails clearly. */
    CUSTOM;

    public boolean isZeroCopy() {
      return this == BYTEMUCK || this == BYTEMUCK_UNSAFE;
    }
  }

  /** The Rust {@code #[repr]} of a type, when the IDL records it (0.30+). */
  public record Repr(Kind kind, boolean packed, Optional<Integer> align) {
    public enum Kind {
      RUST,
      C,
      TRANSPARENT
    }

    public Repr {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(align, "align");
    }
  }

  /** A generic parameter: a type parameter, or a const parameter with its integer type. */
  public record GenericParamDef(String name, boolean isConst, Optional<IdlType> constType) {
    public GenericParamDef {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(constType, "constType");
    }
  }

  /** What the definition is. */
  public sealed interface Body permits Struct, Enum, Alias {}

  public record Struct(IdlFields fields) implements Body {
    public Struct {
      Objects.requireNonNull(fields, "fields");
    }
  }

  /**
   * An enum: a variant tag then the variant's fields. The tag is the variant's index as a u8 in
   * Borsh; Codama may declare a wider or big-endian tag ({@code enumTypeNode.size}) and explicit tag
   * values per variant ({@link EnumVariant#tagValue()}).
   */
  public record Enum(List<EnumVariant> variants, IdlType.PrimitiveKind tag, boolean tagBigEndian) implements Body {
    public Enum {
      variants = List.copyOf(variants);
      Objects.requireNonNull(tag, "tag");
      if (!tag.isInteger() || tag.size() > 8) {
        throw new IllegalArgumentException("an enum tag is an integer of up to 8 bytes, not " + tag);
      }
    }

    public Enum(List<EnumVariant> variants) {
      this(variants, IdlType.PrimitiveKind.U8, false);
    }

    /** The index of the variant whose tag value is {@code tagValue}, or -1. */
    public int indexOfTag(long tagValue) {
      for (int i = 0; i < variants.size(); i++) {
        if (variants.get(i).tagValue().orElse((long) i) == tagValue) {
          return i;
        }
      }
      return -1;
    }
  }

  public record Alias(IdlType target) implements Body {
    public Alias {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * A variant of an enum.
   *
   * @param tagValue the tag written for this variant when not its index (Codama's variant
   *     {@code discriminator})
   * @param frames bytes around the variant's fields (Codama: e.g. a size prefix), outermost first
   */
  public record EnumVariant(String name, IdlFields fields, java.util.OptionalLong tagValue, List<Frame> frames) {
    public EnumVariant {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fields, "fields");
      Objects.requireNonNull(tagValue, "tagValue");
      frames = List.copyOf(frames);
    }

    public EnumVariant(String name, IdlFields fields) {
      this(name, fields, java.util.OptionalLong.empty(), List.of());
    }

    /** The tag value written for this variant at position {@code index}. */
    public long tagAt(int index) {
      return tagValue.orElse(index);
    }
  }

  /** True when account data of this type is a C-layout image (zero-copy), not Borsh. */
  public boolean isZeroCopy() {
    return serialization.isZeroCopy();
  }
}
