package dev.preflight.core.idl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;
import software.sava.core.encoding.Base58;

/**
 * Codama type nodes and constant values of one program, read into {@link IdlType}s and type
 * definitions ({@link #defs()}): the part of {@link CodamaLoader} that knows the spec's
 * {@code typeNodes}, {@code countNodes} and {@code valueNodes}. Nested structs, enums and tuples, and
 * wrapping nodes around non-strings, become definitions named after their place; what has no exact
 * mapping fails with the node kind and its JSON path.
 */
final class CodamaTypes {

  private final String source;
  private final Map<String, IdlTypeDef> types = new LinkedHashMap<>();
  /** Default values of fields and arguments that are constants, by field, in bytes. */
  private final Map<IdlField, byte[]> defaults = new java.util.IdentityHashMap<>();

  CodamaTypes(String source) {
    this.source = source;
  }

  /** Every type definition read so far, by name, in the order they were met. */
  Map<String, IdlTypeDef> defs() {
    return types;
  }

  /** The constant default value of a field or argument read by {@link #field}, in bytes; removed once taken. */
  byte[] takeDefault(IdlField field) {
    return defaults.remove(field);
  }

  List<IdlField> structFields(JsonNode struct, String path, String owner) {
    List<IdlField> out = new ArrayList<>();
    JsonNode fs = struct.path("fields");
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String fp = path + ".fields[" + i + "]";
      expectKind(f, "structFieldTypeNode", fp);
      out.add(field(f, fp, owner));
    }
    return out;
  }

  /** A struct field or an instruction argument; its default value is remembered when it is constant. */
  IdlField field(JsonNode f, String path, String owner) {
    String name = requireText(f, "name", path);
    IdlType t = type(f.get("type"), path + ".type", owner + "." + name);
    IdlField field = new IdlField(name, t, docs(f));
    JsonNode dv = f.get("defaultValue");
    if (dv != null && isConstantValue(dv)) {
      defaults.put(field, encodeConstant(t, dv, path + ".defaultValue"));
    }
    return field;
  }

  // ---- types --------------------------------------------------------------------------------

  /** Defines a named type from a type node: structs and enums as such, anything else as an alias. */
  void define(String name, List<String> docs, JsonNode node, String path) {
    if (node == null) {
      throw fail(path, "type '" + name + "' has no 'type'", "Fix the IDL");
    }
    switch (node.path("kind").asText("")) {
      case "structTypeNode" -> types.put(name, typeDef(name, docs,
          new IdlTypeDef.Struct(new IdlFields.Named(structFields(node, path, name))), List.of()));
      case "enumTypeNode" -> types.put(name, typeDef(name, docs, enumBody(node, path, name), List.of()));
      case "tupleTypeNode" -> types.put(name, typeDef(name, docs,
          new IdlTypeDef.Struct(new IdlFields.Tuple(tupleItems(node, path, name))), List.of()));
      default -> types.put(name, typeDef(name, docs, new IdlTypeDef.Alias(type(node, path, name)), List.of()));
    }
  }

  private static IdlTypeDef typeDef(String name, List<String> docs, IdlTypeDef.Body body, List<Frame> frames) {
    return new IdlTypeDef(name, docs, IdlTypeDef.Serialization.BORSH, Optional.empty(), List.of(), body, frames);
  }

  /** A fresh name for a nested type at {@code owner}. */
  private String nested(String owner) {
    String name = owner;
    for (int i = 2; types.containsKey(name); i++) {
      name = owner + "#" + i;
    }
    return name;
  }

  /** Defines a nested type in place and returns the reference to it. */
  private IdlType.Defined nestedType(String owner, IdlTypeDef.Body body, List<Frame> frames) {
    String name = nested(owner);
    // Reserve the name before the body's own nested types are named.
    types.put(name, typeDef(name, List.of(), body, frames));
    return new IdlType.Defined(name);
  }

  private IdlType.Defined framed(String owner, IdlType inner, Frame frame) {
    return nestedType(owner, new IdlTypeDef.Alias(inner), List.of(frame));
  }

  private IdlTypeDef.Enum enumBody(JsonNode node, String path, String owner) {
    NumberFormat tag = node.has("size") ? number(node.get("size"), path + ".size") : new NumberFormat(PrimitiveKind.U8,
        false);
    List<IdlTypeDef.EnumVariant> vs = new ArrayList<>();
    JsonNode variants = node.path("variants");
    for (int i = 0; i < variants.size(); i++) {
      JsonNode v = variants.get(i);
      String vp = path + ".variants[" + i + "]";
      String vn = requireText(v, "name", vp);
      OptionalLong tagValue = v.has("discriminator") && !v.get("discriminator").isNull()
          ? OptionalLong.of(v.get("discriminator").asLong()) : OptionalLong.empty();
      String vo = owner + "." + vn;
      switch (v.path("kind").asText("")) {
        case "enumEmptyVariantTypeNode" -> vs.add(new IdlTypeDef.EnumVariant(vn, IdlFields.NONE, tagValue, List.of()));
        case "enumStructVariantTypeNode" -> {
          List<Frame> frames = new ArrayList<>();
          JsonNode s = unwrapFrames(v.get("struct"), vp + ".struct", frames);
          expectKind(s, "structTypeNode", vp + ".struct");
          vs.add(new IdlTypeDef.EnumVariant(vn, new IdlFields.Named(structFields(s, vp + ".struct", vo)), tagValue,
              frames));
        }
        case "enumTupleVariantTypeNode" -> {
          List<Frame> frames = new ArrayList<>();
          JsonNode t = unwrapFrames(v.get("tuple"), vp + ".tuple", frames);
          expectKind(t, "tupleTypeNode", vp + ".tuple");
          vs.add(new IdlTypeDef.EnumVariant(vn, new IdlFields.Tuple(tupleItems(t, vp + ".tuple", vo)), tagValue,
              frames));
        }
        default -> throw unknownKind(v, vp, "an enum variant node");
      }
    }
    return new IdlTypeDef.Enum(vs, tag.kind(), tag.bigEndian());
  }

  /** Peels wrapping nodes off a variant's struct or tuple (a size prefix in Token-2022's extensions). */
  private JsonNode unwrapFrames(JsonNode node, String path, List<Frame> frames) {
    if (node == null) {
      throw fail(path, "is missing", "Fix the IDL");
    }
    Optional<Frame> frame = frameOf(node, path);
    if (frame.isEmpty()) {
      return node;
    }
    frames.add(frame.get());
    return unwrapFrames(node.get("type"), path + ".type", frames);
  }

  private List<IdlType> tupleItems(JsonNode node, String path, String owner) {
    List<IdlType> out = new ArrayList<>();
    JsonNode items = node.path("items");
    for (int i = 0; i < items.size(); i++) {
      out.add(type(items.get(i), path + ".items[" + i + "]", owner + "." + i));
    }
    return out;
  }

  /** An unsigned or signed number's kind and byte order, from a {@code numberTypeNode}. */
  private record NumberFormat(PrimitiveKind kind, boolean bigEndian) {}

  private NumberFormat number(JsonNode n, String path) {
    String kind = n.path("kind").asText("");
    if (kind.equals("amountTypeNode") || kind.equals("dateTimeTypeNode") || kind.equals("solAmountTypeNode")) {
      return number(n.get("number"), path + ".number");
    }
    expectKind(n, "numberTypeNode", path);
    String format = n.path("format").asText("");
    if (format.equals("shortU16")) {
      throw fail(path + ".format", "number format shortU16 (1 to 3 bytes) is not supported",
          "Report this IDL; shortU16 appears in transaction encodings rather than program data");
    }
    PrimitiveKind k = PrimitiveKind.fromIdlName(format).filter(x -> x.isInteger() || x.isFloat())
        .filter(x -> x.size() <= 16)
        .orElseThrow(() -> fail(path + ".format", "unknown number format '" + format + "'",
            "Use u8, u16, u32, u64, u128, i8..i128, f32 or f64"));
    String endian = n.path("endian").asText("le");
    if (!endian.equals("le") && !endian.equals("be")) {
      throw fail(path + ".endian", "unknown endianness '" + endian + "'", "Use \"le\" or \"be\"");
    }
    return new NumberFormat(k, endian.equals("be"));
  }

  private PrimitiveKind unsignedPrefix(NumberFormat f, String path) {
    if (!f.kind().isInteger() || f.kind().isSigned() || f.kind().size() > 8) {
      throw fail(path, "a length, count or tag prefix must be u8, u16, u32 or u64, not " + f.kind().idlName(),
          "Fix the IDL");
    }
    return f.kind();
  }

  /** The wrapping nodes that become frames, or empty for any other node. */
  private Optional<Frame> frameOf(JsonNode n, String path) {
    return switch (n.path("kind").asText("")) {
      case "sizePrefixTypeNode" -> {
        NumberFormat f = number(n.get("prefix"), path + ".prefix");
        yield Optional.of(new Frame.SizePrefix(unsignedPrefix(f, path + ".prefix"), f.bigEndian()));
      }
      case "fixedSizeTypeNode" -> Optional.of(new Frame.FixedSize(nonNegative(n, "size", path)));
      case "hiddenPrefixTypeNode" -> Optional.of(new Frame.HiddenPrefix(constants(n.path("prefix"), path + ".prefix")));
      case "hiddenSuffixTypeNode" -> Optional.of(new Frame.HiddenSuffix(constants(n.path("suffix"), path + ".suffix")));
      case "preOffsetTypeNode" -> Optional.of(new Frame.Padding(paddedOffset(n, path), 0));
      case "postOffsetTypeNode" -> Optional.of(new Frame.Padding(0, paddedOffset(n, path)));
      default -> Optional.empty();
    };
  }

  private int paddedOffset(JsonNode n, String path) {
    String strategy = n.path("strategy").asText("relative");
    int offset = n.path("offset").asInt();
    if (!strategy.equals("padded") || offset < 0) {
      throw fail(path, n.path("kind").asText() + " with strategy '" + strategy + "' and offset " + offset
          + " moves the cursor over other values; only non-negative 'padded' offsets (zero padding) are supported",
          "Report this IDL");
    }
    return offset;
  }

  /** How deep type nodes are being read: bounded, so that hostile nesting fails cleanly. */
  private int typeDepth;

  /** The type of a value position. {@code owner} names the nested types defined for it. */
  IdlType type(JsonNode n, String path, String owner) {
    if (n == null || !n.isObject()) {
      throw fail(path, "type is missing", "Fix the IDL");
    }
    if (typeDepth >= BorshCodec.MAX_DEPTH) {
      throw fail(path, "types nest deeper than " + BorshCodec.MAX_DEPTH + " levels", "Fix the IDL");
    }
    typeDepth++;
    try {
      return typeAt(n, path, owner);
    } finally {
      typeDepth--;
    }
  }

  private IdlType typeAt(JsonNode n, String path, String owner) {
    String kind = n.path("kind").asText("");
    return switch (kind) {
      case "numberTypeNode", "amountTypeNode", "dateTimeTypeNode", "solAmountTypeNode" -> {
        NumberFormat f = number(n, path);
        yield new IdlType.Primitive(f.kind(), f.bigEndian() ? new IdlType.Wire(true, IdlType.Size.BORSH,
            IdlType.Text.UTF8) : IdlType.Wire.BORSH);
      }
      case "booleanTypeNode" -> {
        if (n.has("size")) {
          NumberFormat f = number(n.get("size"), path + ".size");
          if (f.kind() != PrimitiveKind.U8) {
            throw fail(path + ".size", "a boolean stored as " + f.kind().idlName() + " is not supported",
                "Report this IDL");
          }
        }
        yield new IdlType.Primitive(PrimitiveKind.BOOL);
      }
      case "publicKeyTypeNode" -> new IdlType.Primitive(PrimitiveKind.PUBKEY);
      case "stringTypeNode" -> leaf(PrimitiveKind.STRING, new IdlType.Size.Remainder(), false, text(n, path));
      case "bytesTypeNode" -> leaf(PrimitiveKind.BYTES, new IdlType.Size.Remainder(), false, IdlType.Text.UTF8);
      case "sizePrefixTypeNode", "fixedSizeTypeNode" -> {
        JsonNode inner = n.get("type");
        String ik = inner == null ? "" : inner.path("kind").asText("");
        if (ik.equals("stringTypeNode") || ik.equals("bytesTypeNode")) {
          PrimitiveKind k = ik.equals("stringTypeNode") ? PrimitiveKind.STRING : PrimitiveKind.BYTES;
          IdlType.Text text = k == PrimitiveKind.STRING ? text(inner, path + ".type") : IdlType.Text.UTF8;
          if (kind.equals("fixedSizeTypeNode")) {
            yield leaf(k, new IdlType.Size.Fixed(nonNegative(n, "size", path)), false, text);
          }
          NumberFormat f = number(n.get("prefix"), path + ".prefix");
          yield leaf(k, new IdlType.Size.Prefixed(unsignedPrefix(f, path + ".prefix")), f.bigEndian(), text);
        }
        yield framed(owner, type(inner, path + ".type", owner + ".inner"), frameOf(n, path).orElseThrow());
      }
      case "hiddenPrefixTypeNode", "hiddenSuffixTypeNode", "preOffsetTypeNode", "postOffsetTypeNode" ->
          framed(owner, type(n.get("type"), path + ".type", owner + ".inner"), frameOf(n, path).orElseThrow());
      case "optionTypeNode" -> {
        IdlType item = type(n.get("item"), path + ".item", owner + ".item");
        NumberFormat f = n.has("prefix") ? number(n.get("prefix"), path + ".prefix")
            : new NumberFormat(PrimitiveKind.U8, false);
        PrimitiveKind prefix = unsignedPrefix(f, path + ".prefix");
        boolean fixed = n.path("fixed").asBoolean(false);
        if (prefix == PrimitiveKind.U32 && !f.bigEndian() && fixed) {
          yield new IdlType.COption(item); // SPL's COption: exactly this layout
        }
        yield new IdlType.Option(item, new IdlType.OptionTag.Prefixed(prefix, f.bigEndian(), fixed));
      }
      case "zeroableOptionTypeNode" -> {
        IdlType item = type(n.get("item"), path + ".item", owner + ".item");
        byte[] zero = n.hasNonNull("zeroValue") ? constantBytes(n.get("zeroValue"), path + ".zeroValue") : new byte[0];
        yield new IdlType.Option(item, new IdlType.OptionTag.Zeroable(zero));
      }
      case "remainderOptionTypeNode" ->
          new IdlType.Option(type(n.get("item"), path + ".item", owner + ".item"), new IdlType.OptionTag.Remainder());
      case "arrayTypeNode", "setTypeNode" ->
          sequence(type(n.get("item"), path + ".item", owner + ".item"), n.get("count"), path + ".count");
      case "mapTypeNode" -> {
        IdlType k = type(n.get("key"), path + ".key", owner + ".key");
        IdlType v = type(n.get("value"), path + ".value", owner + ".value");
        IdlType entry = nestedType(owner + ".entry", new IdlTypeDef.Struct(new IdlFields.Tuple(List.of(k, v))),
            List.of());
        yield sequence(entry, n.get("count"), path + ".count");
      }
      case "tupleTypeNode" -> {
        String name = nested(owner);
        types.put(name, typeDef(name, List.of(), new IdlTypeDef.Struct(IdlFields.NONE), List.of()));
        types.put(name, typeDef(name, List.of(), new IdlTypeDef.Struct(new IdlFields.Tuple(tupleItems(n, path,
            owner))), List.of()));
        yield new IdlType.Defined(name);
      }
      case "structTypeNode" -> {
        String name = nested(owner);
        types.put(name, typeDef(name, List.of(), new IdlTypeDef.Struct(IdlFields.NONE), List.of()));
        types.put(name, typeDef(name, List.of(), new IdlTypeDef.Struct(new IdlFields.Named(structFields(n, path,
            name))), List.of()));
        yield new IdlType.Defined(name);
      }
      case "enumTypeNode" -> {
        String name = nested(owner);
        types.put(name, typeDef(name, List.of(), new IdlTypeDef.Struct(IdlFields.NONE), List.of()));
        types.put(name, typeDef(name, List.of(), enumBody(n, path, name), List.of()));
        yield new IdlType.Defined(name);
      }
      case "definedTypeLinkNode" -> new IdlType.Defined(requireText(n, "name", path));
      case "sentinelTypeNode" -> throw fail(path, "sentinelTypeNode (a value ended by marker bytes) is not supported",
          "Report this IDL");
      default -> throw unknownKind(n, path, "a type node");
    };
  }

  private static IdlType.Primitive leaf(PrimitiveKind k, IdlType.Size size, boolean bigEndian, IdlType.Text text) {
    IdlType.Wire wire = new IdlType.Wire(bigEndian, size, text);
    return new IdlType.Primitive(k, wire);
  }

  private IdlType.Text text(JsonNode string, String path) {
    String e = string.path("encoding").asText("utf8");
    return switch (e) {
      case "utf8" -> IdlType.Text.UTF8;
      case "base16" -> IdlType.Text.BASE16;
      case "base58" -> IdlType.Text.BASE58;
      case "base64" -> IdlType.Text.BASE64;
      default -> throw fail(path + ".encoding", "unknown string encoding '" + e + "'",
          "Use utf8, base16, base58 or base64");
    };
  }

  private IdlType sequence(IdlType item, JsonNode count, String path) {
    if (count == null) {
      throw fail(path, "array has no 'count'", "Fix the IDL");
    }
    return switch (count.path("kind").asText("")) {
      case "fixedCountNode" -> new IdlType.Array(item, new IdlType.ArrayLength.Fixed(nonNegative(count, "value", path)));
      case "prefixedCountNode" -> {
        NumberFormat f = number(count.get("prefix"), path + ".prefix");
        yield new IdlType.Vec(item, new IdlType.Count.Prefixed(unsignedPrefix(f, path + ".prefix"), f.bigEndian()));
      }
      case "remainderCountNode" -> new IdlType.Vec(item, new IdlType.Count.Remainder());
      default -> throw unknownKind(count, path, "fixedCountNode, prefixedCountNode or remainderCountNode");
    };
  }

  /** The types a constant may have: numbers, booleans, keys, strings and bytes (sized or not). */
  IdlType leafType(JsonNode n, String path) {
    String kind = n == null ? "" : n.path("kind").asText("");
    return switch (kind) {
      case "numberTypeNode", "booleanTypeNode", "publicKeyTypeNode", "stringTypeNode", "bytesTypeNode",
          "amountTypeNode", "dateTimeTypeNode", "solAmountTypeNode" -> type(n, path, "constant");
      case "sizePrefixTypeNode", "fixedSizeTypeNode" -> {
        String ik = n.path("type").path("kind").asText("");
        if (!ik.equals("stringTypeNode") && !ik.equals("bytesTypeNode")) {
          throw fail(path, "a constant of a " + kind + " around " + ik + " is not supported", "Report this IDL");
        }
        yield type(n, path, "constant");
      }
      default -> throw fail(path, "a constant of type " + (kind.isEmpty() ? "(none)" : kind) + " is not supported",
          "Report this IDL");
    };
  }

  // ---- constants ----------------------------------------------------------------------------

  private List<Frame.Chunk> constants(JsonNode list, String path) {
    List<Frame.Chunk> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.addAll(constantChunks(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** A {@code constantValueNode} as bytes; padding from a padded pre-offset becomes a skipped chunk. */
  private List<Frame.Chunk> constantChunks(JsonNode c, String path) {
    expectKind(c, "constantValueNode", path);
    JsonNode t = c.get("type");
    List<Frame.Chunk> out = new ArrayList<>();
    int after = 0;
    while (t != null && (t.path("kind").asText().equals("preOffsetTypeNode")
        || t.path("kind").asText().equals("postOffsetTypeNode"))) {
      int pad = paddedOffset(t, path + ".type");
      if (t.path("kind").asText().equals("preOffsetTypeNode")) {
        out.add(new Frame.Skip(pad));
      } else {
        after += pad;
      }
      t = t.get("type");
    }
    out.add(new Frame.Bytes(encodeConstant(leafType(t, path + ".type"), c.get("value"), path + ".value")));
    if (after > 0) {
      out.add(new Frame.Skip(after));
    }
    return out;
  }

  byte[] constantBytes(JsonNode c, String path) {
    List<Frame.Chunk> chunks = constantChunks(c, path);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Frame.Chunk ch : chunks) {
      out.writeBytes(ch instanceof Frame.Bytes b ? b.raw() : new byte[ch.length()]);
    }
    return out.toByteArray();
  }

  private static boolean isConstantValue(JsonNode v) {
    return switch (v.path("kind").asText("")) {
      case "numberValueNode", "bytesValueNode", "stringValueNode", "publicKeyValueNode", "booleanValueNode" -> true;
      default -> false;
    };
  }

  /** Encodes a constant value node as the given (leaf) type lays it out. */
  byte[] encodeConstant(IdlType t, JsonNode v, String path) {
    if (v == null) {
      throw fail(path, "constant has no value", "Fix the IDL");
    }
    IdlValue value = constantValue(t, v, path);
    try {
      return new BorshCodec(new TypeResolver(source, Map.of())).encode(t, value, "constant at " + path);
    } catch (EncodeException | IdlException e) {
      throw fail(path, "constant " + abbreviate(v) + " does not fit its type " + t + ": " + e.getMessage(), "Fix the IDL");
    }
  }

  private IdlValue constantValue(IdlType t, JsonNode v, String path) {
    PrimitiveKind k = t instanceof IdlType.Primitive p ? p.kind() : null;
    if (k == null) {
      throw fail(path, "a constant of type " + t + " is not supported", "Report this IDL");
    }
    return switch (v.path("kind").asText("")) {
      case "numberValueNode" -> {
        JsonNode num = v.get("number");
        if (k.isFloat()) {
          yield k == PrimitiveKind.F32 ? IdlValue.FloatValue.ofF32(num.floatValue())
              : IdlValue.FloatValue.ofF64(num.doubleValue());
        }
        if (!k.isInteger() || num == null || !num.isIntegralNumber()) {
          throw fail(path, "number " + abbreviate(v) + " does not fit a constant of type " + t, "Fix the IDL");
        }
        BigInteger b = num.bigIntegerValue();
        if (!IntRange.fits(k, b)) {
          throw fail(path, b + " does not fit " + k.idlName(), "Fix the IDL");
        }
        yield new IdlValue.IntValue(k, b);
      }
      case "booleanValueNode" -> new IdlValue.BoolValue(v.path("boolean").asBoolean());
      case "publicKeyValueNode" -> new IdlValue.PubkeyValue(key(v.path("publicKey").asText(), path + ".publicKey"));
      case "stringValueNode" -> k == PrimitiveKind.BYTES
          ? new IdlValue.BytesValue(v.path("string").asText().getBytes(StandardCharsets.UTF_8))
          : new IdlValue.StringValue(v.path("string").asText());
      case "bytesValueNode" -> {
        byte[] b = decodeText(v.path("data").asText(""), v.path("encoding").asText("base16"), path);
        yield k == PrimitiveKind.STRING ? new IdlValue.StringValue(new String(b, StandardCharsets.UTF_8))
            : new IdlValue.BytesValue(b);
      }
      default -> throw unknownKind(v, path, "a constant value node");
    };
  }

  private byte[] decodeText(String data, String encoding, String path) {
    try {
      return switch (encoding) {
        case "base16" -> HexFormat.of().parseHex(data);
        case "base58" -> Base58.decode(data);
        case "base64" -> Base64.getDecoder().decode(data);
        case "utf8" -> data.getBytes(StandardCharsets.UTF_8);
        default -> throw fail(path + ".encoding", "unknown bytes encoding '" + encoding + "'",
            "Use base16, base58, base64 or utf8");
      };
    } catch (IllegalArgumentException e) {
      throw fail(path + ".data", "'" + data + "' is not valid " + encoding, "Fix the IDL");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  int nonNegative(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt() || v.intValue() < 0) {
      throw fail(path + "." + field, "'" + field + "' is not a non-negative number", "Fix the IDL");
    }
    return v.intValue();
  }

  PublicKey key(String text, String path) {
    try {
      byte[] decoded = Base58.decode(text);
      if (decoded.length != 32) {
        throw new IllegalArgumentException();
      }
      return PublicKey.createPubKey(decoded);
    } catch (RuntimeException e) {
      throw fail(path, "'" + text + "' is not a base58 public key", "Fix the address in the IDL");
    }
  }

  void expectKind(JsonNode n, String kind, String path) {
    if (n == null || !kind.equals(n.path("kind").textValue())) {
      throw fail(path, "expected a " + kind + ", found " + (n == null ? "nothing" : "kind " + n.path("kind")),
          "Fix the IDL");
    }
  }

  IdlException unknownKind(JsonNode n, String path, String expected) {
    String kind = n == null ? "(missing)" : n.path("kind").asText("(no kind)");
    return fail(path, "node kind '" + kind + "' cannot be mapped here; expected " + expected,
        "Check the IDL against the Codama spec 1.x; if the node is valid, report this IDL");
  }

  String requireText(JsonNode n, String field, String path) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw fail(path, "'" + field + "' is missing or not a string", "Fix the IDL");
    }
    return v.asText();
  }

  static List<String> docs(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : n.path("docs")) {
      out.add(d.asText());
    }
    return out;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  IdlException fail(String path, String problem, String remedy) {
    return new IdlException(source, path, problem, remedy);
  }
}
