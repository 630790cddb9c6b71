package dev.preflight.core.idl;

import dev.preflight.core.PreflightException;
import dev.preflight.core.idl.IdlType.ArrayLength;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue.BoolValue;
import dev.preflight.core.idl.IdlValue.BytesValue;
import dev.preflight.core.idl.IdlValue.EnumValue;
import dev.preflight.core.idl.IdlValue.FloatValue;
import dev.preflight.core.idl.IdlValue.IntValue;
import dev.preflight.core.idl.IdlValue.OptionValue;
import dev.preflight.core.idl.IdlValue.PubkeyValue;
import dev.preflight.core.idl.IdlValue.SeqValue;
import dev.preflight.core.idl.IdlValue.StringValue;
import dev.preflight.core.idl.IdlValue.StructValue;
import dev.preflight.core.idl.IdlValue.TupleValue;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Decodes and encodes values of one IDL's types.
 *
 * <p>Two layouts are supported. <b>Borsh</b> for ordinary types (integers little-endian, {@code bool}
 * one byte 0/1, {@code Option} one tag byte, {@code Vec}/{@code String}/{@code bytes} a u32 length,
 * enums a u8 variant index). <b>C layout</b> for types the IDL marks {@code serialization: bytemuck}
 * or {@code bytemuckunsafe} (Anchor zero-copy accounts): fields at their {@code #[repr(C)]} offsets
 * with alignment padding (none when {@code packed}), struct size rounded up to its alignment. On the
 * SBF target 128-bit integers are 8-byte aligned, not 16 as on current x86_64 Rust (see
 * anchor issue #3114 "LLVM and Rust u128 alignment update breaks zero_copy with u128"), so that is the
 * alignment used here. Padding bytes are skipped when decoding and written as zero when encoding.
 *
 * <p>{@code coption} follows SPL's fixed-size {@code COption}: a u32 tag then the value's bytes, which
 * are present (ignored) even for {@code None}, as in {@code COptionLayout} of {@code @coral-xyz/borsh}.
 *
 * <p>Hostile input: any byte array decodes to a value or throws {@link DecodeException}; lengths read
 * from data are checked against the bytes that remain before anything is allocated; nesting is bounded
 * by {@link #MAX_DEPTH}. Encoding errors throw {@link EncodeException}.
 */
public final class BorshCodec {

  /** Deepest nesting of composite values the codec follows before giving up. */
  public static final int MAX_DEPTH = 64;

  /** Most elements of a zero-size type a sequence may claim (they cost no bytes to forge). */
  static final int MAX_ZERO_SIZE_ELEMENTS = 4096;

  private static final String REMEDY_IDL = "Fix the IDL or use the IDL version the program was built with";

  /** Result of decoding a value that starts at some offset: the value and the offset after it. */
  public record Decoded(IdlValue value, int end) {}

  private final TypeResolver resolver;
  private final Layouts layouts;

  BorshCodec(TypeResolver resolver) {
    this.resolver = resolver;
    this.layouts = new Layouts(resolver);
  }

  // ---- public API ---------------------------------------------------------------------------

  /**
   * Decodes one value of {@code type} starting at {@code offset}; bytes after it are left alone.
   *
   * @param subject what is being decoded, for messages ({@code "account Multisig"})
   * @throws DecodeException for any bytes that do not decode
   */
  public Decoded decode(IdlType type, byte[] data, int offset, String subject) {
    return guarded(data, offset, subject, r -> read(type, r, 0, null));
  }

  /** Decodes the fields of a struct-like item (instruction arguments) starting at {@code offset}. */
  Decoded decodeFields(IdlFields fields, byte[] data, int offset, String subject) {
    return guarded(data, offset, subject, r -> readFields(fields, r, 0));
  }

  private Decoded guarded(byte[] data, int offset, String subject, java.util.function.Function<Reader, IdlValue> body) {
    Reader r = new Reader(data, offset, subject);
    try {
      if (offset < 0 || offset > data.length) {
        throw r.fail("offset " + offset + " is outside data of " + data.length + " bytes");
      }
      IdlValue v = body.apply(r);
      return new Decoded(v, r.pos);
    } catch (DecodeException e) {
      throw e;
    } catch (IdlException e) {
      throw new DecodeException(subject, r.path.render(), r.pos, "the IDL cannot describe this data: " + e.getMessage(),
          REMEDY_IDL, e);
    } catch (PreflightException | IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException
        | IllegalStateException | NullPointerException | ClassCastException e) {
      // A bug of ours must still surface as the documented exception type, with the location.
      throw new DecodeException(subject, r.path.render(), r.pos, "internal decoder failure: " + e,
          "Report this with the data and the IDL", e);
    }
  }

  /** Decodes a value that must take exactly all of {@code data}. */
  public IdlValue decodeAll(IdlType type, byte[] data, String subject) {
    Decoded d = decode(type, data, 0, subject);
    if (d.end() != data.length) {
      throw new DecodeException(subject, "", d.end(),
          (data.length - d.end()) + " byte(s) left over after the value (ends at offset " + d.end() + " of "
              + data.length + ")");
    }
    return d.value();
  }

  /**
   * Encodes a value of {@code type}.
   *
   * @throws EncodeException when the value does not fit the type
   */
  public byte[] encode(IdlType type, IdlValue value, String subject) {
    Writer w = new Writer(subject);
    encodeInto(type, value, w);
    return w.toByteArray();
  }

  void encodeInto(IdlType type, IdlValue value, Writer w) {
    try {
      write(type, value, w, 0, null);
    } catch (IdlException e) {
      throw new EncodeException(w.subject, w.path.render(), "the IDL cannot describe this value: " + e.getMessage(),
          REMEDY_IDL);
    }
  }

  /** Encodes the fields of a struct-like item (instruction arguments). */
  void encodeFieldsInto(IdlFields fields, IdlValue value, Writer w) {
    try {
      writeFields(fields, value, w.subject, w, 0);
    } catch (IdlException e) {
      throw new EncodeException(w.subject, w.path.render(), "the IDL cannot describe this value: " + e.getMessage(),
          REMEDY_IDL);
    }
  }

  /**
   * The encoded size when every value of the type has the same size (C layout for zero-copy types),
   * empty for variable-size types ({@code vec}, {@code string}, {@code option}, enums with payloads
   * of different sizes).
   */
  public Optional<Integer> fixedSize(IdlType type) {
    int s = layouts.borshFixedSize(type, 0);
    return s < 0 ? Optional.empty() : Optional.of(s);
  }

  /** A lower bound of the encoded size of any value of the type. */
  public long minSize(IdlType type) {
    return layouts.minSize(type);
  }

  TypeResolver resolver() {
    return resolver;
  }

  // ---- decoding -----------------------------------------------------------------------------

  /** @param c the C layout context when inside a zero-copy type, null for Borsh */
  private IdlValue read(IdlType type, Reader r, int depth, Layouts.CContext c) {
    if (depth > MAX_DEPTH) {
      throw r.fail("nesting deeper than " + MAX_DEPTH + " levels (a recursive type or hostile data)");
    }
    return switch (type) {
      case IdlType.Primitive p -> p.wire().equals(IdlType.Wire.BORSH) ? readPrimitive(p.kind(), r, c)
          : CodamaWire.read(p, r, c);
      case IdlType.Option o when !o.tag().equals(IdlType.OptionTag.BORSH) -> {
        if (c != null) {
          throw r.failIdl(o + " has no zero-copy (C) layout");
        }
        yield readTaggedOption(o, r, depth);
      }
      case IdlType.Option o -> {
        if (c != null) {
          throw r.failIdl("option<" + o.inner() + "> has no zero-copy (C) layout");
        }
        int tag = r.u8();
        if (tag == 0) {
          yield OptionValue.none();
        }
        if (tag != 1) {
          r.pos--;
          throw r.fail("option tag at offset " + r.pos + " is " + tag + ", expected 0 or 1");
        }
        yield OptionValue.some(read(o.inner(), r, depth + 1, null));
      }
      case IdlType.COption o -> {
        if (c != null) {
          throw r.failIdl("coption<" + o.inner() + "> has no zero-copy (C) layout");
        }
        int at = r.pos;
        long tag = r.u32();
        int size = layouts.borshFixedSize(o.inner(), 0);
        if (size < 0) {
          throw r.failIdl("coption<" + o.inner() + "> needs a fixed-size inner type");
        }
        if (tag == 0) {
          r.need(size);
          r.pos += size;
          yield OptionValue.none();
        }
        if (tag != 1) {
          r.pos = at;
          throw r.fail("coption tag at offset " + at + " is " + tag + ", expected 0 or 1");
        }
        yield OptionValue.some(read(o.inner(), r, depth + 1, null));
      }
      case IdlType.Vec v -> {
        if (c != null) {
          throw r.failIdl("vec<" + v.inner() + "> has no zero-copy (C) layout");
        }
        int at = r.pos;
        if (v.count() instanceof IdlType.Count.Remainder) {
          yield new SeqValue(readToEnd(v.inner(), r, depth));
        }
        IdlType.Count.Prefixed cp = (IdlType.Count.Prefixed) v.count();
        long len = r.unsigned(cp.prefix(), cp.bigEndian());
        if (len < 0 || len > Integer.MAX_VALUE) {
          r.pos = at;
          throw r.fail("vec length " + Long.toUnsignedString(len) + " at offset " + at + " exceeds the "
              + r.remaining() + " bytes that remain");
        }
        checkCount(len, layouts.minSize(v.inner()), r, at, "vec");
        yield new SeqValue(readElements(v.inner(), (int) len, r, depth, null));
      }
      case IdlType.Array a -> {
        int len = arrayLength(a, r);
        long elemMin = c != null ? layouts.cLayout(a.inner()).size() : layouts.minSize(a.inner());
        // A fixed array's length comes from the IDL, not the data: refuse it whole if it cannot fit.
        if (elemMin > 0 && (long) len * elemMin > r.remaining()) {
          throw r.fail("array " + type + " needs at least " + ((long) len * elemMin) + " bytes at offset " + r.pos
              + ", data has " + r.limit);
        }
        checkCount(len, elemMin, r, r.pos, "array");
        yield new SeqValue(readElements(a.inner(), len, r, depth, c));
      }
      case IdlType.Defined d -> readDefined(d, r, depth, c);
      case IdlType.GenericParam g -> throw r.failIdl("generic parameter '" + g.name() + "' was not substituted");
    };
  }

  private List<IdlValue> readElements(IdlType elem, int len, Reader r, int depth, Layouts.CContext c) {
    List<IdlValue> out = new ArrayList<>(Math.min(len, 1 << 16));
    for (int i = 0; i < len; i++) {
      r.path.pushIndex(i);
      out.add(read(elem, r, depth + 1, c));
      r.path.pop();
    }
    return out;
  }

  /** Elements until the data (or the enclosing size-limited region) ends; each must take a byte at least. */
  private List<IdlValue> readToEnd(IdlType elem, Reader r, int depth) {
    List<IdlValue> out = new ArrayList<>();
    while (r.remaining() > 0) {
      int at = r.pos;
      r.path.pushIndex(out.size());
      out.add(read(elem, r, depth + 1, null));
      r.path.pop();
      if (r.pos == at) {
        throw r.failIdl("elements of " + elem + " take no bytes, so a sequence to the end of the data has no length");
      }
    }
    return out;
  }

  private IdlValue readTaggedOption(IdlType.Option o, Reader r, int depth) {
    return switch (o.tag()) {
      case IdlType.OptionTag.Prefixed pt -> {
        int at = r.pos;
        long tag = r.unsigned(pt.prefix(), pt.bigEndian());
        if (tag == 0) {
          if (pt.fixed()) {
            int size = fixedInnerSize(o, r);
            r.need(size);
            r.pos += size;
          }
          yield OptionValue.none();
        }
        if (tag != 1) {
          r.pos = at;
          throw r.fail("option tag at offset " + at + " is " + Long.toUnsignedString(tag) + ", expected 0 or 1");
        }
        yield OptionValue.some(read(o.inner(), r, depth + 1, null));
      }
      case IdlType.OptionTag.Zeroable z -> {
        int size = fixedInnerSize(o, r);
        byte[] zero = z.raw().length == 0 ? new byte[size] : z.raw();
        if (zero.length != size) {
          throw r.failIdl(o + ": the zero value has " + zero.length + " bytes but the value takes " + size);
        }
        r.need(size);
        if (Arrays.equals(zero, 0, size, r.data, r.pos, r.pos + size)) {
          r.pos += size;
          yield OptionValue.none();
        }
        yield OptionValue.some(read(o.inner(), r, depth + 1, null));
      }
      case IdlType.OptionTag.Remainder rem -> r.remaining() == 0 ? OptionValue.none()
          : OptionValue.some(read(o.inner(), r, depth + 1, null));
    };
  }

  private int fixedInnerSize(IdlType.Option o, Reader r) {
    int size = layouts.borshFixedSize(o.inner(), 0);
    if (size < 0) {
      throw r.failIdl(o + " needs a fixed-size value type");
    }
    return size;
  }

  private void checkCount(long count, long minElem, Reader r, int at, String what) {
    // Refuse only lengths that cannot fit even at one byte an element: the allocation stays bounded
    // by the data's size, and a merely truncated account still fails at the exact element and field.
    long remaining = r.remaining();
    if (minElem > 0 && count > remaining) {
      throw new DecodeException(r.subject, r.path.render(), at,
          what + " length " + count + " at offset " + at + " exceeds the " + remaining
              + " bytes that remain (each element takes at least " + minElem + ")");
    }
    if (minElem == 0) {
      if (count > MAX_ZERO_SIZE_ELEMENTS) {
        throw new DecodeException(r.subject, r.path.render(), at,
            what + " of " + count + " zero-size elements at offset " + at + " exceeds the limit of "
                + MAX_ZERO_SIZE_ELEMENTS);
      }
      return;
    }
  }

  private int arrayLength(IdlType.Array a, Reader r) {
    if (a.length() instanceof ArrayLength.Fixed f) {
      return f.value();
    }
    throw r.failIdl("array length '" + a.length() + "' is a generic that was not substituted");
  }

  private IdlValue readDefined(IdlType.Defined d, Reader r, int depth, Layouts.CContext c) {
    TypeResolver.Resolved res = resolver.resolve(d);
    IdlTypeDef def = res.def();
    if (def.serialization() == IdlTypeDef.Serialization.CUSTOM) {
      throw r.failIdl("type '" + def.name() + "' uses a custom serialization this decoder does not know");
    }
    if (!def.frames().isEmpty()) {
      if (c != null || def.isZeroCopy()) {
        throw r.failIdl("type '" + def.name() + "' has framing bytes, which have no zero-copy (C) layout");
      }
      return Framing.read(def.frames(), r, () -> readDefinedBody(d, res, r, depth, null));
    }
    return readDefinedBody(d, res, r, depth, c);
  }

  private IdlValue readDefinedBody(IdlType.Defined d, TypeResolver.Resolved res, Reader r, int depth,
      Layouts.CContext c) {
    IdlTypeDef def = res.def();
    Layouts.CContext inner = c;
    if (c == null && def.isZeroCopy()) {
      inner = Layouts.CContext.of(def);
    } else if (c != null) {
      inner = c.enter(def);
    }
    return switch (res.body()) {
      case IdlTypeDef.Alias a -> read(a.target(), r, depth + 1, inner);
      case IdlTypeDef.Struct s -> {
        if (inner != null) {
          yield readCStruct(d, s.fields(), r, depth, inner);
        }
        yield readFields(s.fields(), r, depth);
      }
      case IdlTypeDef.Enum e -> {
        if (inner != null) {
          throw r.failIdl("enum '" + def.name() + "' has no zero-copy (C) layout");
        }
        int at = r.pos;
        long tagValue = e.tag() == PrimitiveKind.U8 ? r.u8() : r.integer(e.tag(), e.tagBigEndian());
        int tag = e.indexOfTag(tagValue);
        if (tag < 0) {
          r.pos = at;
          throw r.fail("enum " + def.name() + " has " + e.variants().size() + " variants but the tag at offset " + at
              + " is " + tagValue + ", which none of them has");
        }
        IdlTypeDef.EnumVariant v = e.variants().get(tag);
        Optional<IdlValue> payload;
        if (v.fields() instanceof IdlFields.None) {
          Framing.read(v.frames(), r, () -> null);
          payload = Optional.empty();
        } else {
          payload = Optional.of(Framing.read(v.frames(), r, () -> readFields(v.fields(), r, depth)));
        }
        yield new EnumValue(v.name(), tag, payload);
      }
    };
  }

  private IdlValue readFields(IdlFields fields, Reader r, int depth) {
    return switch (fields) {
      case IdlFields.None n -> new StructValue(List.of());
      case IdlFields.Named n -> {
        List<IdlValue.Field> out = new ArrayList<>(n.fields().size());
        for (IdlField f : n.fields()) {
          r.path.pushName(f.name());
          out.add(new IdlValue.Field(f.name(), read(f.type(), r, depth + 1, null)));
          r.path.pop();
        }
        yield new StructValue(out);
      }
      case IdlFields.Tuple t -> {
        List<IdlValue> out = new ArrayList<>(t.types().size());
        for (int i = 0; i < t.types().size(); i++) {
          r.path.pushName(Integer.toString(i));
          out.add(read(t.types().get(i), r, depth + 1, null));
          r.path.pop();
        }
        yield new TupleValue(out);
      }
    };
  }

  private IdlValue readCStruct(IdlType.Defined d, IdlFields fields, Reader r, int depth, Layouts.CContext c) {
    Layouts.StructLayout layout = layouts.cStruct(d);
    int base = r.pos;
    r.need(layout.size());
    List<IdlType> types = Layouts.fieldTypes(fields);
    List<IdlValue.Field> named = new ArrayList<>();
    List<IdlValue> tuple = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      String name = fields instanceof IdlFields.Named n ? n.fields().get(i).name() : Integer.toString(i);
      r.pos = base + layout.offsets()[i];
      r.path.pushName(name);
      IdlValue v = read(types.get(i), r, depth + 1, c);
      r.path.pop();
      if (fields instanceof IdlFields.Named) {
        named.add(new IdlValue.Field(name, v));
      } else {
        tuple.add(v);
      }
    }
    r.pos = base + layout.size();
    return fields instanceof IdlFields.Tuple ? new TupleValue(tuple) : new StructValue(named);
  }

  private IdlValue readPrimitive(PrimitiveKind k, Reader r, Layouts.CContext c) {
    return switch (k) {
      case BOOL -> {
        int b = r.u8();
        if (b > 1) {
          r.pos--;
          throw r.fail("bool at offset " + r.pos + " is " + b + ", expected 0 or 1");
        }
        yield new BoolValue(b == 1);
      }
      case U8, I8, U16, I16, U32, I32, U64, I64, U128, I128, U256, I256 -> {
        r.need(k.size());
        BigInteger v = littleEndian(r.data, r.pos, k.size(), k.isSigned());
        r.pos += k.size();
        yield new IntValue(k, v);
      }
      case F32 -> {
        long bits = r.u32();
        if (c == null && Float.isNaN(Float.intBitsToFloat((int) bits))) {
          r.pos -= 4;
          throw r.fail("f32 at offset " + r.pos + " is NaN, which Borsh does not allow");
        }
        yield new FloatValue(PrimitiveKind.F32, bits);
      }
      case F64 -> {
        r.need(8);
        long bits = littleEndian(r.data, r.pos, 8, false).longValue();
        if (c == null && Double.isNaN(Double.longBitsToDouble(bits))) {
          throw r.fail("f64 at offset " + r.pos + " is NaN, which Borsh does not allow");
        }
        r.pos += 8;
        yield new FloatValue(PrimitiveKind.F64, bits);
      }
      case STRING -> {
        if (c != null) {
          throw r.failIdl("string has no zero-copy (C) layout");
        }
        int at = r.pos;
        long len = r.u32();
        if (len > r.remaining()) {
          r.pos = at;
          throw r.fail("string length " + len + " at offset " + at + " exceeds the " + (r.remaining() - 4)
              + " bytes that remain");
        }
        try {
          String s = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(r.data, r.pos, (int) len))
              .toString();
          r.pos += (int) len;
          yield new StringValue(s);
        } catch (CharacterCodingException e) {
          throw r.fail("string at offset " + r.pos + " is not valid UTF-8");
        }
      }
      case BYTES -> {
        if (c != null) {
          throw r.failIdl("bytes has no zero-copy (C) layout");
        }
        int at = r.pos;
        long len = r.u32();
        if (len > r.remaining()) {
          r.pos = at;
          throw r.fail("bytes length " + len + " at offset " + at + " exceeds the " + (r.remaining() - 4)
              + " bytes that remain");
        }
        byte[] b = Arrays.copyOfRange(r.data, r.pos, r.pos + (int) len);
        r.pos += (int) len;
        yield new BytesValue(b);
      }
      case PUBKEY -> {
        r.need(32);
        PublicKey key = PublicKey.readPubKey(r.data, r.pos);
        r.pos += 32;
        yield new PubkeyValue(key);
      }
    };
  }

  static BigInteger littleEndian(byte[] data, int off, int size, boolean signed) {
    byte[] be = new byte[size];
    for (int i = 0; i < size; i++) {
      be[size - 1 - i] = data[off + i];
    }
    return signed ? new BigInteger(be) : new BigInteger(1, be);
  }

  // ---- encoding -----------------------------------------------------------------------------

  private void write(IdlType type, IdlValue value, Writer w, int depth, Layouts.CContext c) {
    if (depth > MAX_DEPTH) {
      throw w.fail("nesting deeper than " + MAX_DEPTH + " levels");
    }
    switch (type) {
      case IdlType.Primitive p -> {
        if (p.wire().equals(IdlType.Wire.BORSH)) {
          writePrimitive(p.kind(), value, w, c);
        } else {
          CodamaWire.write(p, value, w, c);
        }
      }
      case IdlType.Option o when !o.tag().equals(IdlType.OptionTag.BORSH) -> {
        if (c != null) {
          throw w.failIdl(o + " has no zero-copy (C) layout");
        }
        writeTaggedOption(o, expect(value, OptionValue.class, type, w), w, depth);
      }
      case IdlType.Option o -> {
        if (c != null) {
          throw w.failIdl("option<" + o.inner() + "> has no zero-copy (C) layout");
        }
        OptionValue ov = expect(value, OptionValue.class, type, w);
        if (ov.value().isEmpty()) {
          w.u8(0);
        } else {
          w.u8(1);
          write(o.inner(), ov.value().get(), w, depth + 1, null);
        }
      }
      case IdlType.COption o -> {
        if (c != null) {
          throw w.failIdl("coption<" + o.inner() + "> has no zero-copy (C) layout");
        }
        OptionValue ov = expect(value, OptionValue.class, type, w);
        int size = layouts.borshFixedSize(o.inner(), 0);
        if (size < 0) {
          throw w.failIdl("coption<" + o.inner() + "> needs a fixed-size inner type");
        }
        if (ov.value().isEmpty()) {
          w.u32(0);
          w.zeros(size);
        } else {
          w.u32(1);
          write(o.inner(), ov.value().get(), w, depth + 1, null);
        }
      }
      case IdlType.Vec v -> {
        if (c != null) {
          throw w.failIdl("vec<" + v.inner() + "> has no zero-copy (C) layout");
        }
        SeqValue s = expect(value, SeqValue.class, type, w);
        if (v.count() instanceof IdlType.Count.Prefixed cp) {
          w.unsigned(s.elements().size(), cp.prefix(), cp.bigEndian());
        }
        writeElements(v.inner(), s.elements(), w, depth, null);
      }
      case IdlType.Array a -> {
        SeqValue s = expect(value, SeqValue.class, type, w);
        if (!(a.length() instanceof ArrayLength.Fixed f)) {
          throw w.failIdl("array length '" + a.length() + "' is a generic that was not substituted");
        }
        if (s.elements().size() != f.value()) {
          throw w.fail("array " + type + " needs " + f.value() + " elements, got " + s.elements().size());
        }
        writeElements(a.inner(), s.elements(), w, depth, c);
      }
      case IdlType.Defined d -> writeDefined(d, value, w, depth, c);
      case IdlType.GenericParam g -> throw w.failIdl("generic parameter '" + g.name() + "' was not substituted");
    }
  }

  private void writeTaggedOption(IdlType.Option o, OptionValue ov, Writer w, int depth) {
    switch (o.tag()) {
      case IdlType.OptionTag.Prefixed pt -> {
        if (ov.value().isEmpty()) {
          w.unsigned(0, pt.prefix(), pt.bigEndian());
          if (pt.fixed()) {
            w.zeros(fixedInnerSize(o, w));
          }
        } else {
          w.unsigned(1, pt.prefix(), pt.bigEndian());
          write(o.inner(), ov.value().get(), w, depth + 1, null);
        }
      }
      case IdlType.OptionTag.Zeroable z -> {
        int size = fixedInnerSize(o, w);
        byte[] zero = z.raw().length == 0 ? new byte[size] : z.raw();
        if (zero.length != size) {
          throw w.failIdl(o + ": the zero value has " + zero.length + " bytes but the value takes " + size);
        }
        if (ov.value().isEmpty()) {
          w.bytes(zero);
        } else {
          int at = w.size();
          write(o.inner(), ov.value().get(), w, depth + 1, null);
          if (w.regionEquals(at, zero)) {
            throw w.fail("some(" + describe(ov.value().get()) + ") is written as the zero value, which reads back as"
                + " none");
          }
        }
      }
      case IdlType.OptionTag.Remainder rem -> {
        if (ov.value().isPresent()) {
          write(o.inner(), ov.value().get(), w, depth + 1, null);
        }
      }
    }
  }

  private int fixedInnerSize(IdlType.Option o, Writer w) {
    int size = layouts.borshFixedSize(o.inner(), 0);
    if (size < 0) {
      throw w.failIdl(o + " needs a fixed-size value type");
    }
    return size;
  }

  private void writeElements(IdlType elem, List<IdlValue> elements, Writer w, int depth, Layouts.CContext c) {
    for (int i = 0; i < elements.size(); i++) {
      w.path.pushIndex(i);
      write(elem, elements.get(i), w, depth + 1, c);
      w.path.pop();
    }
  }

  private void writeDefined(IdlType.Defined d, IdlValue value, Writer w, int depth, Layouts.CContext c) {
    TypeResolver.Resolved res = resolver.resolve(d);
    IdlTypeDef def = res.def();
    if (def.serialization() == IdlTypeDef.Serialization.CUSTOM) {
      throw w.failIdl("type '" + def.name() + "' uses a custom serialization this encoder does not know");
    }
    if (!def.frames().isEmpty()) {
      if (c != null || def.isZeroCopy()) {
        throw w.failIdl("type '" + def.name() + "' has framing bytes, which have no zero-copy (C) layout");
      }
      Framing.write(def.frames(), w, () -> writeDefinedBody(d, res, value, w, depth, null));
      return;
    }
    writeDefinedBody(d, res, value, w, depth, c);
  }

  private void writeDefinedBody(IdlType.Defined d, TypeResolver.Resolved res, IdlValue value, Writer w, int depth,
      Layouts.CContext c) {
    IdlTypeDef def = res.def();
    Layouts.CContext inner = c;
    if (c == null && def.isZeroCopy()) {
      inner = Layouts.CContext.of(def);
    } else if (c != null) {
      inner = c.enter(def);
    }
    switch (res.body()) {
      case IdlTypeDef.Alias a -> write(a.target(), value, w, depth + 1, inner);
      case IdlTypeDef.Struct s -> {
        if (inner != null) {
          writeCStruct(d, s.fields(), value, w, depth, inner);
        } else {
          writeFields(s.fields(), value, d, w, depth);
        }
      }
      case IdlTypeDef.Enum e -> {
        if (inner != null) {
          throw w.failIdl("enum '" + def.name() + "' has no zero-copy (C) layout");
        }
        EnumValue ev = expect(value, EnumValue.class, d, w);
        int idx = variantIndex(e, ev, def, w);
        IdlTypeDef.EnumVariant v = e.variants().get(idx);
        if (e.tag() == PrimitiveKind.U8 && v.tagValue().isEmpty()) {
          w.u8(idx);
        } else {
          w.integer(v.tagAt(idx), e.tag(), e.tagBigEndian());
        }
        if (!(v.fields() instanceof IdlFields.None)) {
          IdlValue payload = ev.payload().orElseThrow(
              () -> w.fail("variant " + def.name() + "::" + v.name() + " needs a payload"));
          Framing.write(v.frames(), w, () -> writeFields(v.fields(), payload, d, w, depth));
        } else if (!v.frames().isEmpty()) {
          Framing.write(v.frames(), w, () -> {});
          if (ev.payload().isPresent() && !isEmptyStruct(ev.payload().get())) {
            throw w.fail("variant " + def.name() + "::" + v.name() + " has no fields but a payload was given");
          }
        } else if (ev.payload().isPresent() && !isEmptyStruct(ev.payload().get())) {
          throw w.fail("variant " + def.name() + "::" + v.name() + " has no fields but a payload was given");
        }
      }
    }
  }

  private static boolean isEmptyStruct(IdlValue v) {
    return v instanceof StructValue s && s.fields().isEmpty();
  }

  private static int variantIndex(IdlTypeDef.Enum e, EnumValue ev, IdlTypeDef def, Writer w) {
    for (int i = 0; i < e.variants().size(); i++) {
      if (e.variants().get(i).name().equals(ev.variant())) {
        return i;
      }
    }
    String loose = Names.looseKey(ev.variant());
    for (int i = 0; i < e.variants().size(); i++) {
      if (Names.looseKey(e.variants().get(i).name()).equals(loose)) {
        return i;
      }
    }
    List<String> names = e.variants().stream().map(IdlTypeDef.EnumVariant::name).toList();
    throw w.fail("enum " + def.name() + " has no variant '" + ev.variant() + "' (variants: " + names + ")");
  }

  private void writeFields(IdlFields fields, IdlValue value, Object owner, Writer w, int depth) {
    switch (fields) {
      case IdlFields.None n -> {
        if (!isEmptyStruct(value)) {
          throw w.fail(owner + " has no fields, got " + describe(value));
        }
      }
      case IdlFields.Named n -> {
        StructValue s = expect(value, StructValue.class, owner, w);
        List<IdlValue> ordered = fieldValues(n, s, owner, w);
        for (int i = 0; i < n.fields().size(); i++) {
          IdlField f = n.fields().get(i);
          w.path.pushName(f.name());
          write(f.type(), ordered.get(i), w, depth + 1, null);
          w.path.pop();
        }
      }
      case IdlFields.Tuple t -> {
        TupleValue tv = expect(value, TupleValue.class, owner, w);
        if (tv.elements().size() != t.types().size()) {
          throw w.fail(owner + " has " + t.types().size() + " tuple fields, got " + tv.elements().size());
        }
        for (int i = 0; i < t.types().size(); i++) {
          w.path.pushName(Integer.toString(i));
          write(t.types().get(i), tv.elements().get(i), w, depth + 1, null);
          w.path.pop();
        }
      }
    }
  }

  /**
   * The struct's field values in declaration order. Positional when the value's field names follow
   * the declaration (the normal case, and the only one that works when an IDL repeats a field name),
   * otherwise by name.
   */
  private static List<IdlValue> fieldValues(IdlFields.Named n, StructValue s, Object owner, Writer w) {
    List<IdlValue> out = new ArrayList<>(n.fields().size());
    if (s.fields().size() == n.fields().size()) {
      boolean inOrder = true;
      for (int i = 0; i < n.fields().size() && inOrder; i++) {
        String declared = n.fields().get(i).name();
        String given = s.fields().get(i).name();
        inOrder = declared.equals(given) || Names.looseKey(declared).equals(Names.looseKey(given));
      }
      if (inOrder) {
        for (IdlValue.Field f : s.fields()) {
          out.add(f.value());
        }
        return out;
      }
    }
    checkFieldNames(n, s, owner, w);
    for (IdlField f : n.fields()) {
      out.add(s.field(f.name()).orElseThrow());
    }
    return out;
  }

  private static void checkFieldNames(IdlFields.Named n, StructValue s, Object owner, Writer w) {
    List<String> missing = new ArrayList<>();
    for (IdlField f : n.fields()) {
      if (s.field(f.name()).isEmpty()) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      throw w.fail(owner + " is missing field(s) " + missing);
    }
    if (s.fields().size() != n.fields().size()) {
      List<String> declared = n.fields().stream().map(IdlField::name).toList();
      List<String> extra = new ArrayList<>();
      for (IdlValue.Field f : s.fields()) {
        boolean known = declared.stream().anyMatch(d -> d.equals(f.name())
            || Names.looseKey(d).equals(Names.looseKey(f.name())));
        if (!known) {
          extra.add(f.name());
        }
      }
      throw w.fail(owner + " has no field(s) " + (extra.isEmpty() ? "(duplicates given)" : extra)
          + "; its fields are " + declared);
    }
  }

  private void writeCStruct(IdlType.Defined d, IdlFields fields, IdlValue value, Writer w, int depth,
      Layouts.CContext c) {
    Layouts.StructLayout layout = layouts.cStruct(d);
    List<IdlType> types = Layouts.fieldTypes(fields);
    List<IdlValue> values = new ArrayList<>(types.size());
    List<String> names = new ArrayList<>(types.size());
    switch (fields) {
      case IdlFields.None n -> {
        if (!isEmptyStruct(value)) {
          throw w.fail(d + " has no fields, got " + describe(value));
        }
      }
      case IdlFields.Named n -> {
        StructValue s = expect(value, StructValue.class, d, w);
        values.addAll(fieldValues(n, s, d, w));
        for (IdlField f : n.fields()) {
          names.add(f.name());
        }
      }
      case IdlFields.Tuple t -> {
        TupleValue tv = expect(value, TupleValue.class, d, w);
        if (tv.elements().size() != t.types().size()) {
          throw w.fail(d + " has " + t.types().size() + " tuple fields, got " + tv.elements().size());
        }
        values.addAll(tv.elements());
        for (int i = 0; i < t.types().size(); i++) {
          names.add(Integer.toString(i));
        }
      }
    }
    int base = w.size();
    for (int i = 0; i < types.size(); i++) {
      w.zeros(base + layout.offsets()[i] - w.size());
      w.path.pushName(names.get(i));
      write(types.get(i), values.get(i), w, depth + 1, c);
      w.path.pop();
    }
    w.zeros(base + layout.size() - w.size());
  }

  static void writePrimitive(PrimitiveKind k, IdlValue value, Writer w, Layouts.CContext c) {
    IdlType type = IdlType.primitive(k);
    switch (k) {
      case BOOL -> w.u8(expect(value, BoolValue.class, type, w).value() ? 1 : 0);
      case U8, I8, U16, I16, U32, I32, U64, I64, U128, I128, U256, I256 -> {
        BigInteger v = expect(value, IntValue.class, type, w).value();
        if (!IntRange.fits(k, v)) {
          throw w.fail(v + " does not fit " + k.idlName() + " (" + IntRange.min(k) + " to " + IntRange.max(k) + ")");
        }
        w.littleEndian(v, k.size());
      }
      case F32, F64 -> {
        FloatValue f = expect(value, FloatValue.class, type, w);
        long bits;
        if (f.kind() == k) {
          bits = f.bits();
        } else if (k == PrimitiveKind.F32) {
          bits = Float.floatToRawIntBits((float) f.value()) & 0xFFFF_FFFFL;
        } else {
          bits = Double.doubleToRawLongBits(f.value());
        }
        if (c == null && Double.isNaN(f.value())) {
          throw w.fail("NaN cannot be encoded in Borsh");
        }
        w.littleEndian(BigInteger.valueOf(bits), k.size());
      }
      case STRING -> {
        if (c != null) {
          throw w.failIdl("string has no zero-copy (C) layout");
        }
        byte[] b = expect(value, StringValue.class, type, w).value().getBytes(StandardCharsets.UTF_8);
        w.u32(b.length);
        w.bytes(b);
      }
      case BYTES -> {
        if (c != null) {
          throw w.failIdl("bytes has no zero-copy (C) layout");
        }
        BytesValue b = expect(value, BytesValue.class, type, w);
        w.u32(b.length());
        w.bytes(b.raw());
      }
      case PUBKEY -> w.bytes(expect(value, PubkeyValue.class, type, w).value().toByteArray());
    }
  }

  private static <T extends IdlValue> T expect(IdlValue value, Class<T> cls, Object type, Writer w) {
    if (cls.isInstance(value)) {
      return cls.cast(value);
    }
    throw w.fail("type " + type + " needs " + article(cls) + ", got " + describe(value));
  }

  private static String article(Class<?> cls) {
    return switch (cls.getSimpleName()) {
      case "BoolValue" -> "a bool";
      case "IntValue" -> "an integer";
      case "FloatValue" -> "a float";
      case "StringValue" -> "a string";
      case "BytesValue" -> "bytes";
      case "PubkeyValue" -> "a public key";
      case "OptionValue" -> "an option (none or some)";
      case "SeqValue" -> "a sequence";
      case "StructValue" -> "a struct";
      case "TupleValue" -> "a tuple";
      case "EnumValue" -> "an enum variant";
      default -> cls.getSimpleName();
    };
  }

  static String describe(IdlValue v) {
    return switch (v) {
      case BoolValue b -> "bool " + b.value();
      case IntValue i -> i.kind().idlName() + " " + i.value();
      case FloatValue f -> f.kind().idlName() + " " + f.value();
      case StringValue s -> "string";
      case BytesValue b -> b.length() + " bytes";
      case PubkeyValue p -> "public key";
      case OptionValue o -> o.value().isPresent() ? "some(...)" : "none";
      case SeqValue s -> "sequence of " + s.elements().size();
      case StructValue s -> "struct with fields " + s.fields().stream().map(IdlValue.Field::name).toList();
      case TupleValue t -> "tuple of " + t.elements().size();
      case EnumValue e -> "enum variant " + e.variant();
    };
  }

  // ---- byte access --------------------------------------------------------------------------

  /** Renders field paths such as {@code members[3].permissions} while the codec walks a value. */
  static final class PathTracker {
    private final ArrayList<String> segments = new ArrayList<>();

    void pushName(String name) {
      segments.add("." + name);
    }

    void pushIndex(int i) {
      segments.add("[" + i + "]");
    }

    void pop() {
      segments.removeLast();
    }

    String render() {
      StringBuilder sb = new StringBuilder();
      for (String s : segments) {
        sb.append(s);
      }
      return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }
  }

  static final class Reader {
    final byte[] data;
    final String subject;
    final PathTracker path = new PathTracker();
    int pos;
    /** End of the readable region: the data's length, or the end of a size-prefixed or fixed-size value. */
    int limit;

    Reader(byte[] data, int pos, String subject) {
      this.data = data;
      this.pos = pos;
      this.subject = subject;
      this.limit = data.length;
    }

    long remaining() {
      return limit - (long) pos;
    }

    void need(long n) {
      if (remaining() < n) {
        throw new DecodeException(subject, path.render(), pos,
            "needs " + n + " byte" + (n == 1 ? "" : "s") + " at offset " + pos + ", "
                + (limit == data.length ? "data has " + data.length : "the enclosing value ends at offset " + limit));
      }
    }

    /** An unsigned length, count or tag of up to 8 bytes; u64 values above 2^63 come back negative. */
    long unsigned(PrimitiveKind kind, boolean bigEndian) {
      need(kind.size());
      long v = 0;
      for (int i = 0; i < kind.size(); i++) {
        int b = data[pos + (bigEndian ? i : kind.size() - 1 - i)] & 0xFF;
        v = (v << 8) | b;
      }
      pos += kind.size();
      return v;
    }

    /** An integer of up to 8 bytes, sign-extended when the kind is signed. */
    long integer(PrimitiveKind kind, boolean bigEndian) {
      long v = unsigned(kind, bigEndian);
      int bits = kind.size() * 8;
      return kind.isSigned() && bits < 64 ? (v << (64 - bits)) >> (64 - bits) : v;
    }

    int u8() {
      need(1);
      return data[pos++] & 0xFF;
    }

    long u32() {
      need(4);
      long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
          | (data[pos + 3] & 0xFFL) << 24;
      pos += 4;
      return v;
    }

    DecodeException fail(String problem) {
      return new DecodeException(subject, path.render(), pos, problem);
    }

    DecodeException failIdl(String problem) {
      return new DecodeException(subject, path.render(), pos, problem, REMEDY_IDL, null);
    }
  }

  static final class Writer {
    final String subject;
    final PathTracker path = new PathTracker();
    private byte[] buf = new byte[64];
    private int size;

    Writer(String subject) {
      this.subject = subject;
    }

    int size() {
      return size;
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void u32(long v) {
      ensure(4);
      for (int i = 0; i < 4; i++) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    /** An unsigned length, count or tag; fails when it does not fit the kind. */
    void unsigned(long v, PrimitiveKind kind, boolean bigEndian) {
      if (v < 0 || (kind.size() < 8 && v >>> (kind.size() * 8) != 0)) {
        throw fail(v + " does not fit the " + kind.idlName() + " length prefix");
      }
      integer(v, kind, bigEndian);
    }

    /** The low {@code kind.size()} bytes of {@code v}. */
    void integer(long v, PrimitiveKind kind, boolean bigEndian) {
      int n = kind.size();
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[size + (bigEndian ? n - 1 - i : i)] = (byte) (v >>> (8 * i));
      }
      size += n;
    }

    /** Overwrites {@code kind.size()} bytes at {@code at} with the unsigned {@code v} (a size prefix). */
    void patchUnsigned(int at, long v, PrimitiveKind kind, boolean bigEndian) {
      if (v < 0 || (kind.size() < 8 && v >>> (kind.size() * 8) != 0)) {
        throw fail("a value of " + v + " bytes does not fit its " + kind.idlName() + " size prefix");
      }
      int n = kind.size();
      for (int i = 0; i < n; i++) {
        buf[at + (bigEndian ? n - 1 - i : i)] = (byte) (v >>> (8 * i));
      }
    }

    /** Reverses the bytes written from {@code at} on (a number written little-endian, wanted big-endian). */
    void reverse(int at) {
      for (int i = at, j = size - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
    }

    /** True when the bytes written from {@code at} on are exactly {@code expected}. */
    boolean regionEquals(int at, byte[] expected) {
      return size - at == expected.length && Arrays.equals(buf, at, size, expected, 0, expected.length);
    }

    void littleEndian(BigInteger v, int width) {
      ensure(width);
      byte[] be = v.toByteArray();
      byte pad = (byte) (v.signum() < 0 ? 0xFF : 0);
      for (int i = 0; i < width; i++) {
        int src = be.length - 1 - i;
        buf[size + i] = src >= 0 ? be[src] : pad;
      }
      size += width;
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void zeros(int n) {
      if (n > 0) {
        ensure(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    EncodeException fail(String problem) {
      return new EncodeException(subject, path.render(), problem, "Give a value that matches the IDL type");
    }

    EncodeException failIdl(String problem) {
      return new EncodeException(subject, path.render(), problem, REMEDY_IDL);
    }
  }
}
