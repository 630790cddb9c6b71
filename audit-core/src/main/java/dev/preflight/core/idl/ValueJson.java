package dev.preflight.core.idl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.idl.IdlType.ArrayLength;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/** JSON mapping of {@link IdlValue}; the mapping is documented on {@link IdlValue}. */
final class ValueJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ValueJson() {}

  static JsonNode toJson(IdlValue v) {
    return switch (v) {
      case IdlValue.BoolValue b -> F.booleanNode(b.value());
      case IdlValue.IntValue i -> i.value().bitLength() < 64 ? F.numberNode(i.value().longValue())
          : F.numberNode(i.value());
      case IdlValue.FloatValue f -> {
        double d = f.value();
        if (Double.isNaN(d)) {
          yield F.textNode("NaN");
        }
        if (Double.isInfinite(d)) {
          yield F.textNode(d > 0 ? "Infinity" : "-Infinity");
        }
        yield f.kind() == PrimitiveKind.F32 ? F.numberNode((float) d) : F.numberNode(d);
      }
      case IdlValue.StringValue s -> F.textNode(s.value());
      case IdlValue.BytesValue b -> F.textNode(Base64.getEncoder().encodeToString(b.raw()));
      case IdlValue.PubkeyValue p -> F.textNode(p.value().toBase58());
      case IdlValue.OptionValue o -> o.value().map(ValueJson::toJson).orElse(F.nullNode());
      case IdlValue.SeqValue s -> array(s.elements());
      case IdlValue.TupleValue t -> array(t.elements());
      case IdlValue.StructValue s -> {
        ObjectNode o = F.objectNode();
        for (IdlValue.Field f : s.fields()) {
          o.set(jsonKey(o, f.name()), toJson(f.value()));
        }
        yield o;
      }
      case IdlValue.EnumValue e -> {
        ObjectNode o = F.objectNode();
        o.set(e.variant(), e.payload().map(ValueJson::toJson).orElse(F.objectNode()));
        yield o;
      }
    };
  }

  /**
   * A field name as a JSON key. Published IDLs sometimes repeat a field name (padding); the k-th
   * repetition becomes {@code name#k} so that no value is lost.
   */
  private static String jsonKey(ObjectNode o, String name) {
    if (!o.has(name)) {
      return name;
    }
    int k = 2;
    while (o.has(name + "#" + k)) {
      k++;
    }
    return name + "#" + k;
  }

  private static ArrayNode array(List<IdlValue> values) {
    ArrayNode a = F.arrayNode(values.size());
    for (IdlValue v : values) {
      a.add(toJson(v));
    }
    return a;
  }

  // ---- from JSON ----------------------------------------------------------------------------

  static IdlValue fromJson(JsonNode json, IdlType type, Idl idl, String subject) {
    return new Reader(idl.codec().resolver(), subject).read(json, type, 0);
  }

  private static final class Reader {
    private final TypeResolver resolver;
    private final String subject;
    private final BorshCodec.PathTracker path = new BorshCodec.PathTracker();

    Reader(TypeResolver resolver, String subject) {
      this.resolver = resolver;
      this.subject = subject;
    }

    private EncodeException fail(String problem) {
      return new EncodeException(subject, path.render(), problem, "Write the value as the IDL type requires");
    }

    IdlValue read(JsonNode n, IdlType type, int depth) {
      if (depth > BorshCodec.MAX_DEPTH) {
        throw fail("nesting deeper than " + BorshCodec.MAX_DEPTH + " levels");
      }
      if (n == null || n.isMissingNode()) {
        throw fail("value for " + type + " is missing");
      }
      return switch (type) {
        case IdlType.Primitive p -> primitive(n, p.kind());
        case IdlType.Option o -> n.isNull() ? IdlValue.OptionValue.none()
            : IdlValue.OptionValue.some(read(n, o.inner(), depth + 1));
        case IdlType.COption o -> n.isNull() ? IdlValue.OptionValue.none()
            : IdlValue.OptionValue.some(read(n, o.inner(), depth + 1));
        case IdlType.Vec v -> new IdlValue.SeqValue(elements(n, v.inner(), -1, depth));
        case IdlType.Array a -> {
          if (!(a.length() instanceof ArrayLength.Fixed f)) {
            throw fail("array length " + a.length() + " is an unsubstituted generic");
          }
          yield new IdlValue.SeqValue(elements(n, a.inner(), f.value(), depth));
        }
        case IdlType.Defined d -> defined(n, d, depth);
        case IdlType.GenericParam g -> throw fail("generic parameter " + g.name() + " was not substituted");
      };
    }

    private List<IdlValue> elements(JsonNode n, IdlType elem, int expected, int depth) {
      List<IdlValue> out = new ArrayList<>();
      if (n.isTextual() && elem instanceof IdlType.Primitive p && p.kind() == PrimitiveKind.U8) {
        for (byte b : bytes(n.asText(), true)) {
          out.add(IdlValue.IntValue.of(PrimitiveKind.U8, b & 0xFF));
        }
      } else if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          path.pushIndex(i);
          out.add(read(n.get(i), elem, depth + 1));
          path.pop();
        }
      } else {
        throw fail("expected an array for " + (expected < 0 ? "vec<" + elem + ">" : "[" + elem + "; " + expected + "]")
            + ", got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
      if (expected >= 0 && out.size() != expected) {
        throw fail("array needs " + expected + " elements, got " + out.size());
      }
      return out;
    }

    private IdlValue defined(JsonNode n, IdlType.Defined d, int depth) {
      TypeResolver.Resolved res = resolver.resolve(d);
      return switch (res.body()) {
        case IdlTypeDef.Alias a -> read(n, a.target(), depth + 1);
        case IdlTypeDef.Struct s -> fields(n, s.fields(), d.name(), depth);
        case IdlTypeDef.Enum e -> {
          String variantName;
          JsonNode payload;
          if (n.isTextual()) {
            variantName = n.asText();
            payload = null;
          } else if (n.isObject() && n.size() == 1) {
            Map.Entry<String, JsonNode> entry = n.properties().iterator().next();
            variantName = entry.getKey();
            payload = entry.getValue();
          } else {
            throw fail("enum " + d.name() + " needs \"Variant\" or {\"Variant\": payload}");
          }
          int idx = -1;
          for (int i = 0; i < e.variants().size() && idx < 0; i++) {
            if (e.variants().get(i).name().equals(variantName)) {
              idx = i;
            }
          }
          for (int i = 0; i < e.variants().size() && idx < 0; i++) {
            if (Names.looseKey(e.variants().get(i).name()).equals(Names.looseKey(variantName))) {
              idx = i;
            }
          }
          if (idx < 0) {
            throw fail("enum " + d.name() + " has no variant '" + variantName + "' (variants: "
                + e.variants().stream().map(IdlTypeDef.EnumVariant::name).toList() + ")");
          }
          IdlTypeDef.EnumVariant v = e.variants().get(idx);
          if (v.fields() instanceof IdlFields.None) {
            if (payload != null && !(payload.isNull() || (payload.isObject() && payload.isEmpty()))) {
              throw fail("variant " + v.name() + " has no fields");
            }
            yield new IdlValue.EnumValue(v.name(), idx, Optional.empty());
          }
          if (payload == null) {
            throw fail("variant " + v.name() + " needs its fields: {\"" + v.name() + "\": ...}");
          }
          path.pushName(v.name());
          IdlValue p = fields(payload, v.fields(), d.name() + "::" + v.name(), depth);
          path.pop();
          yield new IdlValue.EnumValue(v.name(), idx, Optional.of(p));
        }
      };
    }

    private IdlValue fields(JsonNode n, IdlFields fields, String owner, int depth) {
      return switch (fields) {
        case IdlFields.None none -> {
          if (!(n.isNull() || (n.isObject() && n.isEmpty()))) {
            throw fail(owner + " has no fields; give {}");
          }
          yield new IdlValue.StructValue(List.of());
        }
        case IdlFields.Named named -> {
          if (!n.isObject()) {
            throw fail(owner + " needs an object with fields " + named.fields().stream().map(IdlField::name).toList());
          }
          List<IdlValue.Field> out = new ArrayList<>();
          List<String> used = new ArrayList<>();
          java.util.Map<String, Integer> seen = new java.util.HashMap<>();
          for (IdlField f : named.fields()) {
            int occurrence = seen.merge(f.name(), 1, Integer::sum);
            String key = occurrence == 1 ? findKey(n, f.name()) : (n.has(f.name() + "#" + occurrence)
                ? f.name() + "#" + occurrence : null);
            if (key == null) {
              throw fail(owner + " is missing field '" + f.name() + "'");
            }
            used.add(key);
            path.pushName(f.name());
            out.add(new IdlValue.Field(f.name(), read(n.get(key), f.type(), depth + 1)));
            path.pop();
          }
          for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!used.contains(k)) {
              throw fail(owner + " has no field '" + k + "' (fields: "
                  + named.fields().stream().map(IdlField::name).toList() + ")");
            }
          }
          yield new IdlValue.StructValue(out);
        }
        case IdlFields.Tuple tuple -> {
          if (!n.isArray() || n.size() != tuple.types().size()) {
            throw fail(owner + " needs an array of " + tuple.types().size() + " values");
          }
          List<IdlValue> out = new ArrayList<>();
          for (int i = 0; i < tuple.types().size(); i++) {
            path.pushName(Integer.toString(i));
            out.add(read(n.get(i), tuple.types().get(i), depth + 1));
            path.pop();
          }
          yield new IdlValue.TupleValue(out);
        }
      };
    }

    private static String findKey(JsonNode obj, String name) {
      if (obj.has(name)) {
        return name;
      }
      String loose = Names.looseKey(name);
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (Names.looseKey(k).equals(loose)) {
          return k;
        }
      }
      return null;
    }

    private IdlValue primitive(JsonNode n, PrimitiveKind k) {
      return switch (k) {
        case BOOL -> {
          if (!n.isBoolean()) {
            throw fail("expected true or false, got " + n);
          }
          yield new IdlValue.BoolValue(n.booleanValue());
        }
        case U8, I8, U16, I16, U32, I32, U64, I64, U128, I128, U256, I256 -> {
          BigInteger v = integer(n, k);
          if (!IntRange.fits(k, v)) {
            throw fail(v + " does not fit " + k.idlName() + " (" + IntRange.min(k) + " to " + IntRange.max(k) + ")");
          }
          yield new IdlValue.IntValue(k, v);
        }
        case F32, F64 -> {
          double d;
          if (n.isNumber()) {
            d = n.doubleValue();
          } else if (n.isTextual()) {
            try {
              d = Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
              throw fail("expected a number for " + k.idlName() + ", got \"" + n.asText() + "\"");
            }
          } else {
            throw fail("expected a number for " + k.idlName() + ", got " + n);
          }
          yield k == PrimitiveKind.F32 ? IdlValue.FloatValue.ofF32((float) d) : IdlValue.FloatValue.ofF64(d);
        }
        case STRING -> {
          if (!n.isTextual()) {
            throw fail("expected a string, got " + n);
          }
          yield new IdlValue.StringValue(n.asText());
        }
        case BYTES -> {
          if (n.isTextual()) {
            yield new IdlValue.BytesValue(bytes(n.asText(), false));
          }
          if (n.isArray()) {
            byte[] b = new byte[n.size()];
            for (int i = 0; i < n.size(); i++) {
              JsonNode e = n.get(i);
              if (!e.canConvertToInt() || e.intValue() < 0 || e.intValue() > 255) {
                throw fail("byte [" + i + "] is " + e + ", not 0..255");
              }
              b[i] = (byte) e.intValue();
            }
            yield new IdlValue.BytesValue(b);
          }
          throw fail("expected bytes as base64, 0x-hex or an array of numbers, got " + n);
        }
        case PUBKEY -> {
          if (!n.isTextual()) {
            throw fail("expected a base58 public key, got " + n);
          }
          try {
            byte[] raw = software.sava.core.encoding.Base58.decode(n.asText().trim());
            if (raw.length != 32) {
              throw new IllegalArgumentException();
            }
            yield new IdlValue.PubkeyValue(PublicKey.createPubKey(raw));
          } catch (RuntimeException e) {
            throw fail("'" + n.asText() + "' is not a base58 public key");
          }
        }
      };
    }

    private BigInteger integer(JsonNode n, PrimitiveKind k) {
      if (n.isIntegralNumber()) {
        return n.bigIntegerValue();
      }
      if (n.isNumber()) {
        java.math.BigDecimal d = n.decimalValue();
        try {
          return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
          throw fail(n + " is not a whole number for " + k.idlName());
        }
      }
      if (n.isTextual()) {
        String s = n.asText().trim().replace("_", "");
        try {
          if (s.startsWith("0x") || s.startsWith("0X")) {
            return new BigInteger(s.substring(2), 16);
          }
          if (s.startsWith("-0x") || s.startsWith("-0X")) {
            return new BigInteger(s.substring(3), 16).negate();
          }
          return new BigInteger(s);
        } catch (NumberFormatException e) {
          throw fail("\"" + n.asText() + "\" is not an integer for " + k.idlName());
        }
      }
      throw fail("expected an integer for " + k.idlName() + ", got " + n);
    }

    private byte[] bytes(String text, boolean hexOnly) {
      String t = text.trim();
      try {
        if (t.startsWith("0x") || t.startsWith("0X")) {
          return HexFormat.of().parseHex(t.substring(2));
        }
        if (hexOnly) {
          throw new IllegalArgumentException();
        }
        return Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw fail("\"" + abbreviate(text) + "\" is not " + (hexOnly ? "0x-hex" : "base64 or 0x-hex"));
      }
    }

    private static String abbreviate(String s) {
      return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
  }
}
