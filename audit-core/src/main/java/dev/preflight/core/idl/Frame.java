package dev.preflight.core.idl;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Bytes around a value that are not part of the value: Codama's wrapping type nodes
 * ({@code sizePrefixTypeNode}, {@code fixedSizeTypeNode}, {@code hiddenPrefixTypeNode},
 * {@code hiddenSuffixTypeNode}, {@code preOffsetTypeNode} and {@code postOffsetTypeNode} with the
 * {@code padded} strategy). A type definition ({@link IdlTypeDef#frames()}) or an enum variant
 * ({@link IdlTypeDef.EnumVariant#frames()}) carries them, outermost first. Anchor IDLs have none.
 */
public sealed interface Frame
    permits Frame.SizePrefix, Frame.FixedSize, Frame.HiddenPrefix, Frame.HiddenSuffix, Frame.Padding {

  /**
   * The value's byte length as an unsigned integer in front of it. When decoding, the value is read
   * within that many bytes and any bytes it leaves are skipped (a newer program version may have
   * appended fields), as Codama's size-prefix codec does.
   */
  record SizePrefix(IdlType.PrimitiveKind prefix, boolean bigEndian) implements Frame {
    public SizePrefix {
      if (!prefix.isInteger() || prefix.isSigned() || prefix.size() > 8) {
        throw new IllegalArgumentException("a size prefix is u8, u16, u32 or u64, not " + prefix);
      }
    }
  }

  /** The value takes exactly {@code size} bytes: read within them, padded with zeros when written. */
  record FixedSize(int size) implements Frame {
    public FixedSize {
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size);
      }
    }
  }

  /** Constant bytes before the value: written as given, checked when read. */
  record HiddenPrefix(List<Chunk> chunks) implements Frame {
    public HiddenPrefix {
      chunks = List.copyOf(chunks);
    }
  }

  /** Constant bytes after the value: written as given, checked when read. */
  record HiddenSuffix(List<Chunk> chunks) implements Frame {
    public HiddenSuffix {
      chunks = List.copyOf(chunks);
    }
  }

  /**
   * Zero bytes before ({@code before}) and after ({@code after}) the value: Codama's {@code padded}
   * offsets. Written as zeros, skipped unread, as Codama's padding codecs do.
   */
  record Padding(int before, int after) implements Frame {
    public Padding {
      if (before < 0 || after < 0) {
        throw new IllegalArgumentException("negative padding");
      }
    }
  }

  /** A piece of a constant: bytes that must be there, or padding that is skipped. */
  sealed interface Chunk permits Bytes, Skip {
    int length();
  }

  /** Bytes that must be present exactly. */
  record Bytes(byte[] value) implements Chunk {
    public Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    byte[] raw() {
      return value;
    }

    @Override
    public int length() {
      return value.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** Padding inside a constant ({@code preOffsetTypeNode} padded): zeros when written, not checked. */
  record Skip(int length) implements Chunk {
    public Skip {
      if (length < 0) {
        throw new IllegalArgumentException("negative padding " + length);
      }
    }
  }
}
