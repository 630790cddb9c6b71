package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named type definition of an IDL: a struct, an enum or a type alias, with its generic parameters
 * and how it is laid out in account data.
 */
public record IdlTypeDef(
    String name,
    List<String> docs,
    Serialization serialization,
    Optional<Repr> repr,
    List<GenericParamDef> generics,
    Body body) {

  public IdlTypeDef {
    Objects.requireNonNull(name, "name");
    docs = List.copyOf(docs);
    Objects.requireNonNull(serialization, "serialization");
    Objects.requireNonNull(repr, "repr");
    generics = List.copyOf(generics);
    Objects.requireNonNull(body, "body");
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

  public record Enum(List<EnumVariant> variants) implements Body {
    public Enum {
      variants = List.copyOf(variants);
    }
  }

  public record Alias(IdlType target) implements Body {
    public Alias {
      Objects.requireNonNull(target, "target");
    }
  }

  public record EnumVariant(String name, IdlFields fields) {
    public EnumVariant {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fields, "fields");
    }
  }

  /** True when account data of this type is a C-layout image (zero-copy), not Borsh. */
  public boolean isZeroCopy() {
    return serialization.isZeroCopy();
  }
}
