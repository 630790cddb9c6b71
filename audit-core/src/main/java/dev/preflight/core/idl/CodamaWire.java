package dev.preflight.core.idl;

import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import software.sava.core.accounts.PublicKey;
import software.sava.core.encoding.Base58;

/**
 * Leaves laid out other than Borsh ({@link IdlType.Wire}): big-endian numbers, strings and bytes with
 * another length prefix, a fixed size or the rest of the data, strings in base16/58/64. These follow
 * Codama's codecs (the spec's {@code numberTypeNode}, {@code sizePrefixTypeNode}, {@code fixedSizeTypeNode},
 * {@code stringTypeNode}); one difference is deliberate: a value too long for its fixed size is refused
 * rather than truncated.
 */
final class CodamaWire {

  private CodamaWire() {}

  static IdlValue read(IdlType.Primitive p, BorshCodec.Reader r, Layouts.CContext c) {
    if (c != null) {
      throw r.failIdl(p + " has no zero-copy (C) layout");
    }
    PrimitiveKind k = p.kind();
    IdlType.Wire wire = p.wire();
    return switch (k) {
      case STRING, BYTES -> {
        int at = r.pos;
        int len = switch (wire.size()) {
          case IdlType.Size.Prefixed sp -> {
            long n = r.unsigned(sp.prefix(), wire.bigEndian());
            if (n < 0 || n > r.remaining()) {
              r.pos = at;
              throw r.fail(k.idlName() + " length " + Long.toUnsignedString(n) + " at offset " + at + " exceeds the "
                  + (r.remaining() - sp.prefix().size()) + " bytes that remain");
            }
            yield (int) n;
          }
          case IdlType.Size.Fixed f -> {
            r.need(f.bytes());
            yield f.bytes();
          }
          case IdlType.Size.Remainder rem -> (int) r.remaining();
        };
        byte[] b = Arrays.copyOfRange(r.data, r.pos, r.pos + len);
        if (k == PrimitiveKind.BYTES) {
          r.pos += len;
          yield new IdlValue.BytesValue(b);
        }
        IdlValue v = text(b, wire, r);
        r.pos += len;
        yield v;
      }
      case BOOL -> {
        int b = r.u8();
        if (b > 1) {
          r.pos--;
          throw r.fail("bool at offset " + r.pos + " is " + b + ", expected 0 or 1");
        }
        yield new IdlValue.BoolValue(b == 1);
      }
      case PUBKEY -> {
        r.need(32);
        PublicKey key = PublicKey.readPubKey(r.data, r.pos);
        r.pos += 32;
        yield new IdlValue.PubkeyValue(key);
      }
      case F32, F64 -> {
        r.need(k.size());
        long bits = number(r, k.size(), wire.bigEndian(), false).longValue();
        r.pos += k.size();
        yield new IdlValue.FloatValue(k, k == PrimitiveKind.F32 ? bits & 0xFFFF_FFFFL : bits);
      }
      default -> {
        r.need(k.size());
        BigInteger v = number(r, k.size(), wire.bigEndian(), k.isSigned());
        r.pos += k.size();
        yield new IdlValue.IntValue(k, v);
      }
    };
  }

  private static BigInteger number(BorshCodec.Reader r, int size, boolean bigEndian, boolean signed) {
    byte[] be = new byte[size];
    for (int i = 0; i < size; i++) {
      be[i] = r.data[r.pos + (bigEndian ? i : size - 1 - i)];
    }
    return signed ? new BigInteger(be) : new BigInteger(1, be);
  }

  private static IdlValue text(byte[] b, IdlType.Wire wire, BorshCodec.Reader r) {
    return switch (wire.text()) {
      case UTF8 -> {
        try {
          String s = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b))
              .toString();
          // A fixed-size string is padded with zeros; Codama's UTF-8 decoder drops NUL characters.
          yield new IdlValue.StringValue(wire.size() instanceof IdlType.Size.Fixed ? s.replace("\0", "") : s);
        } catch (CharacterCodingException e) {
          throw r.fail("string at offset " + r.pos + " is not valid UTF-8");
        }
      }
      case BASE16 -> new IdlValue.StringValue(HexFormat.of().formatHex(b));
      case BASE58 -> new IdlValue.StringValue(Base58.encode(b));
      case BASE64 -> new IdlValue.StringValue(Base64.getEncoder().encodeToString(b));
    };
  }

  static void write(IdlType.Primitive p, IdlValue value, BorshCodec.Writer w, Layouts.CContext c) {
    if (c != null) {
      throw w.failIdl(p + " has no zero-copy (C) layout");
    }
    PrimitiveKind k = p.kind();
    IdlType.Wire wire = p.wire();
    switch (k) {
      case STRING, BYTES -> {
        byte[] b = k == PrimitiveKind.BYTES ? bytesOf(value, p, w) : textBytes(value, p, w);
        switch (wire.size()) {
          case IdlType.Size.Prefixed sp -> {
            w.unsigned(b.length, sp.prefix(), wire.bigEndian());
            w.bytes(b);
          }
          case IdlType.Size.Fixed f -> {
            if (b.length > f.bytes()) {
              throw w.fail(k.idlName() + " of " + b.length + " bytes does not fit its fixed size of " + f.bytes());
            }
            w.bytes(b);
            w.zeros(f.bytes() - b.length);
          }
          case IdlType.Size.Remainder rem -> w.bytes(b);
        }
      }
      default -> {
        // Same bytes as Borsh, reversed for big-endian numbers.
        int at = w.size();
        BorshCodec.writePrimitive(k, value, w, null);
        if (wire.bigEndian() && k != PrimitiveKind.BOOL && k != PrimitiveKind.PUBKEY) {
          w.reverse(at);
        }
      }
    }
  }

  private static byte[] bytesOf(IdlValue value, IdlType.Primitive p, BorshCodec.Writer w) {
    if (value instanceof IdlValue.BytesValue b) {
      return b.value();
    }
    throw w.fail("type " + p + " needs bytes, got " + BorshCodec.describe(value));
  }

  private static byte[] textBytes(IdlValue value, IdlType.Primitive p, BorshCodec.Writer w) {
    if (!(value instanceof IdlValue.StringValue s)) {
      throw w.fail("type " + p + " needs a string, got " + BorshCodec.describe(value));
    }
    try {
      return switch (p.wire().text()) {
        case UTF8 -> s.value().getBytes(StandardCharsets.UTF_8);
        case BASE16 -> HexFormat.of().parseHex(s.value());
        case BASE58 -> Base58.decode(s.value());
        case BASE64 -> Base64.getDecoder().decode(s.value());
      };
    } catch (RuntimeException e) {
      throw w.fail("'" + s.value() + "' is not " + p.wire().text().name().toLowerCase(java.util.Locale.ROOT) + " text");
    }
  }
}
