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
 * Reads a Codama IDL ({@code rootNode}, spec 1.x) into the same model Anchor IDLs load into, so every
 * consumer works unchanged. Facts of the format are from the Codama spec ({@code packages/nodes/docs} of
 * the codama repository).
 *
 * <p>How nodes map:
 * <ul>
 *   <li>{@code programNode} -> the IDL: {@code publicKey} is the address, {@code errors} the errors;
 *       {@code additionalPrograms} become IDLs of their own ({@link Idl#additionalPrograms()}).
 *   <li>{@code accountNode} -> an account whose type is its {@code data}; {@code instructionNode} ->
 *       an instruction whose arguments are its {@code arguments}; {@code definedTypeNode} -> a type.
 *   <li>Discriminators: leading {@code fieldDiscriminatorNode}s (each on the next field, at the offset
 *       where the previous ends, with a default value) become the prefix and the fields leave the value,
 *       like Anchor's discriminator; {@code constantDiscriminatorNode} and {@code sizeDiscriminatorNode}
 *       become {@link Discriminator.Condition}s. Several discriminators must all hold.
 *   <li>Nested {@code structTypeNode}, {@code enumTypeNode}, {@code tupleTypeNode} and wrapping nodes
 *       ({@code sizePrefixTypeNode} around a non-string, {@code fixedSizeTypeNode} around a non-string,
 *       hidden prefixes and suffixes, padded offsets) become type definitions named after their place
 *       ({@code mint.extensions}), carrying the wrapping bytes as {@link Frame}s.
 *   <li>{@code pdaValueNode} defaults of instruction accounts -> {@link IdlPda} seeds: constant seeds as
 *       bytes, variable seeds bound to an account or argument of the instruction.
 *   <li>{@code isSigner: "either"} (the account signs unless a multisig's signers are passed as remaining
 *       accounts) -> a signer: the single-authority case.
 * </ul>
 * Names are kept as Codama writes them (camelCase). Display-only nodes ({@code amountTypeNode},
 * {@code dateTimeTypeNode}, {@code solAmountTypeNode}, {@code display} attributes) map to their number.
 * What has no exact mapping fails with the node kind and its JSON path: never a guessed layout.
 */
final class CodamaLoader {

  private final String source;
  private final List<IdlWarning> warnings;
  private final JsonNode root;
  private final Map<String, IdlTypeDef> types = new LinkedHashMap<>();
  private final Map<String, String> definedAt = new LinkedHashMap<>();
  private PublicKey programKey;

  private CodamaLoader(String source, JsonNode root, List<IdlWarning> warnings) {
    this.source = source;
    this.root = root;
    this.warnings = warnings;
  }

  /** True when the JSON claims to be a Codama IDL. */
  static boolean isCodama(JsonNode root) {
    return "rootNode".equals(root.path("kind").textValue()) || "codama".equals(root.path("standard").textValue());
  }

  static Idl parse(JsonNode root, String source) {
    if (!"rootNode".equals(root.path("kind").textValue())) {
      throw new IdlException(source, "kind", "says standard 'codama' but its kind is " + root.path("kind")
          + ", not \"rootNode\"", "Give the Codama IDL's root node (the file Codama writes, e.g. idl.json)");
    }
    String standard = root.path("standard").asText("codama");
    if (!"codama".equals(standard)) {
      throw new IdlException(source, "standard", "is a rootNode of standard '" + standard + "', not 'codama'",
          "Give a Codama IDL or an Anchor IDL");
    }
    String version = root.path("version").asText("");
    if (!version.startsWith("1.")) {
      throw new IdlException(source, "version", "is a Codama IDL of spec version '" + version
          + "'; this reader knows spec 1.x", "Give a Codama 1.x IDL");
    }
    JsonNode program = root.get("program");
    if (program == null || !"programNode".equals(program.path("kind").textValue())) {
      throw new IdlException(source, "program", "has no 'program' of kind programNode", "Fix the IDL");
    }
    List<IdlWarning> warnings = new ArrayList<>();
    List<Idl> additional = new ArrayList<>();
    JsonNode more = root.path("additionalPrograms");
    for (int i = 0; i < more.size(); i++) {
      List<IdlWarning> w = new ArrayList<>();
      additional.add(new CodamaLoader(source, root, w).program(more.get(i), "additionalPrograms[" + i + "]",
          List.of()));
      warnings.addAll(w);
    }
    return new CodamaLoader(source, root, warnings).program(program, "program", additional);
  }

  // ---- program ------------------------------------------------------------------------------

  private Idl program(JsonNode p, String path, List<Idl> additional) {
    String name = requireText(p, "name", path);
    programKey = key(requireText(p, "publicKey", path), path + ".publicKey");

    JsonNode defs = p.path("definedTypes");
    for (int i = 0; i < defs.size(); i++) {
      JsonNode d = defs.get(i);
      String dp = path + ".definedTypes[" + i + "]";
      expectKind(d, "definedTypeNode", dp);
      String dn = requireText(d, "name", dp);
      if (types.containsKey(dn)) {
        warnings.add(new IdlWarning(source, dp, "type '" + dn + "' is defined again (first at " + definedAt.get(dn)
            + "); the first definition is used, as Codama's and Anchor's clients do"));
        continue;
      }
      define(dn, docs(d), d.get("type"), dp + ".type");
      definedAt.put(dn, dp);
    }

    List<IdlAccount> accounts = new ArrayList<>();
    JsonNode accs = p.path("accounts");
    for (int i = 0; i < accs.size(); i++) {
      accounts.add(account(accs.get(i), path + ".accounts[" + i + "]"));
    }

    List<IdlInstruction> instructions = new ArrayList<>();
    JsonNode ixs = p.path("instructions");
    for (int i = 0; i < ixs.size(); i++) {
      instructions.add(instruction(ixs.get(i), path + ".instructions[" + i + "]", p));
    }

    List<IdlError> errors = new ArrayList<>();
    JsonNode errs = p.path("errors");
    for (int i = 0; i < errs.size(); i++) {
      JsonNode e = errs.get(i);
      String ep = path + ".errors[" + i + "]";
      expectKind(e, "errorNode", ep);
      if (!e.path("code").canConvertToInt()) {
        throw fail(ep + ".code", "error has no integer 'code'", "Fix the IDL");
      }
      errors.add(new IdlError(e.get("code").intValue(), requireText(e, "name", ep),
          Optional.ofNullable(e.path("message").textValue())));
    }

    // Every link must resolve and no type may contain itself: the same checks Anchor IDLs pass.
    IdlLoader.validateModel(source, types, instructions, accounts);
    Idl idl = new Idl(source, Idl.Format.CODAMA, Optional.of(programKey), name, p.path("version").asText(""),
        Optional.ofNullable(root.path("version").textValue()), docs(p), instructions, accounts, List.of(), errors,
        types, List.of(), warnings, additional);
    // An account's declared size must be the size its layout gives, or the layout is not the program's.
    for (int i = 0; i < accs.size(); i++) {
      JsonNode size = accs.get(i).get("size");
      IdlAccount a = accounts.get(i);
      if (size != null && size.canConvertToInt()) {
        Optional<Integer> layout = idl.codec().fixedSize(a.type());
        int total = a.discriminator().length() + layout.orElse(-1);
        if (layout.isPresent() && total != size.intValue()) {
          throw fail(path + ".accounts[" + i + "].size", "account '" + a.name() + "' declares size " + size.intValue()
              + " but its data layout takes " + total + " bytes", "Fix the IDL: the size or the fields are wrong");
        }
      }
    }
    return idl;
  }

  // ---- accounts -----------------------------------------------------------------------------

  private IdlAccount account(JsonNode a, String path) {
    expectKind(a, "accountNode", path);
    String name = requireText(a, "name", path);
    JsonNode data = a.get("data");
    if (data == null) {
      throw fail(path, "account '" + name + "' has no 'data'", "Fix the IDL");
    }
    // The account's data type gets the account's name, as Anchor accounts have it, unless a defined
    // type already has that name.
    String typeName = types.containsKey(name) ? name + ".account" : name;
    List<IdlField> fields = "structTypeNode".equals(data.path("kind").textValue())
        ? structFields(data, path + ".data", typeName) : null;
    JsonNode discs = a.path("discriminators");
    Split split = split(fields, discs, path, "field");
    if (fields != null) {
      types.put(typeName, new IdlTypeDef(typeName, docs(a), IdlTypeDef.Serialization.BORSH, Optional.empty(),
          List.of(), new IdlTypeDef.Struct(new IdlFields.Named(split.rest()))));
    } else {
      define(typeName, docs(a), data, path + ".data");
    }
    return new IdlAccount(name, split.discriminator(), new IdlType.Defined(typeName));
  }

  /** The leading discriminator fields taken out as a prefix, the rest, and the other discriminators. */
  private record Split(Discriminator discriminator, List<IdlField> rest) {}

  /**
   * Leading field discriminators become the prefix when each names the next field, sits where the
   * previous one ends, has a fixed size and a default value; constant and size discriminators become
   * conditions. Anything else cannot be mapped exactly and fails.
   */
  private Split split(List<IdlField> fields, JsonNode discs, String path, String fieldWord) {
    List<IdlField> rest = fields == null ? List.of() : new ArrayList<>(fields);
    java.io.ByteArrayOutputStream prefix = new java.io.ByteArrayOutputStream();
    List<Discriminator.Condition> conditions = new ArrayList<>();
    for (int i = 0; i < discs.size(); i++) {
      JsonNode d = discs.get(i);
      String dp = path + ".discriminators[" + i + "]";
      switch (d.path("kind").asText("")) {
        case "fieldDiscriminatorNode" -> {
          String fn = requireText(d, "name", dp);
          int offset = d.path("offset").asInt(0);
          if (rest.isEmpty() || !rest.getFirst().name().equals(fn) || offset != prefix.size()) {
            throw fail(dp, "field discriminator '" + fn + "' at offset " + offset + " is not the next leading "
                + fieldWord + " (prefix so far " + prefix.size() + " bytes)",
                "Only discriminator fields that lead the data are supported; report this IDL");
          }
          IdlField f = rest.removeFirst();
          byte[] bytes = defaults.remove(f);
          if (bytes == null) {
            throw fail(dp, "field discriminator '" + fn + "' has no constant default value",
                "Give the " + fieldWord + " a defaultValue in the IDL");
          }
          prefix.writeBytes(bytes);
        }
        case "constantDiscriminatorNode" -> {
          int offset = d.path("offset").asInt(0);
          byte[] bytes = constantBytes(d.get("constant"), dp + ".constant");
          conditions.add(new Discriminator.BytesAt(offset, bytes));
        }
        case "sizeDiscriminatorNode" -> {
          if (!d.path("size").canConvertToInt() || d.get("size").intValue() < 0) {
            throw fail(dp + ".size", "size discriminator has no size", "Fix the IDL");
          }
          conditions.add(new Discriminator.Size(d.get("size").intValue()));
        }
        default -> throw unknownKind(d, dp, "a discriminator node (fieldDiscriminatorNode, "
            + "constantDiscriminatorNode, sizeDiscriminatorNode)");
      }
    }
    return new Split(Discriminator.of(prefix.toByteArray(), conditions), rest);
  }

  /** Default values of fields and arguments that are constants, by field, in bytes. */
  private final Map<IdlField, byte[]> defaults = new java.util.IdentityHashMap<>();

  private List<IdlField> structFields(JsonNode struct, String path, String owner) {
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
  private IdlField field(JsonNode f, String path, String owner) {
    String name = requireText(f, "name", path);
    IdlType t = type(f.get("type"), path + ".type", owner + "." + name);
    IdlField field = new IdlField(name, t, docs(f));
    JsonNode dv = f.get("defaultValue");
    if (dv != null && isConstantValue(dv)) {
      defaults.put(field, encodeConstant(t, dv, path + ".defaultValue"));
    }
    return field;
  }

  // ---- instructions -------------------------------------------------------------------------

  private IdlInstruction instruction(JsonNode ix, String path, JsonNode program) {
    expectKind(ix, "instructionNode", path);
    String name = requireText(ix, "name", path);
    if (ix.path("subInstructions").size() > 0) {
      throw fail(path + ".subInstructions", "instruction '" + name + "' has sub-instructions, which this reader does"
          + " not map", "Report this IDL");
    }
    List<IdlField> args = new ArrayList<>();
    JsonNode as = ix.path("arguments");
    for (int i = 0; i < as.size(); i++) {
      JsonNode a = as.get(i);
      String ap = path + ".arguments[" + i + "]";
      expectKind(a, "instructionArgumentNode", ap);
      args.add(field(a, ap, name));
    }
    Split split = split(args, ix.path("discriminators"), path, "argument");

    List<IdlAccountItem> accounts = new ArrayList<>();
    JsonNode accs = ix.path("accounts");
    for (int i = 0; i < accs.size(); i++) {
      JsonNode a = accs.get(i);
      String ap = path + ".accounts[" + i + "]";
      expectKind(a, "instructionAccountNode", ap);
      accounts.add(instructionAccount(a, ap, ix, split.rest(), program));
    }
    return new IdlInstruction(name, split.discriminator(), accounts, split.rest(), Optional.empty(), docs(ix));
  }

  private IdlAccountItem.Single instructionAccount(JsonNode a, String path, JsonNode ix, List<IdlField> args,
      JsonNode program) {
    String name = requireText(a, "name", path);
    boolean writable = a.path("isWritable").asBoolean(false);
    JsonNode s = a.path("isSigner");
    boolean signer = s.isBoolean() ? s.booleanValue() : "either".equals(s.asText());
    boolean optional = a.path("isOptional").asBoolean(false);
    Optional<String> address = Optional.empty();
    boolean pda = false;
    Optional<IdlPda> seeds = Optional.empty();
    JsonNode dv = a.path("defaultValue");
    switch (dv.path("kind").asText("")) {
      case "publicKeyValueNode" -> address = Optional.of(requireText(dv, "publicKey", path + ".defaultValue"));
      case "programIdValueNode" -> address = Optional.of(programKey.toBase58());
      case "pdaValueNode" -> {
        pda = true;
        seeds = pdaSeeds(dv, path + ".defaultValue", ix, args, program);
      }
      default -> {} // other defaults (payer, identity, resolvers) say who fills the account, not what it is
    }
    return new IdlAccountItem.Single(name, writable, signer, optional, address, pda, seeds, docs(a));
  }

  /**
   * The seeds of a {@code pdaValueNode}: the linked (or inline) {@code pdaNode}'s constant seeds as
   * bytes, its variable seeds bound through the value's {@code pdaSeedValueNode}s to an account or an
   * argument of the instruction. A seed bound to anything else, or an argument whose layout differs
   * from the seed's, leaves the account without seeds (with a warning): the fuzzer then derives none.
   */
  private Optional<IdlPda> pdaSeeds(JsonNode value, String path, JsonNode ix, List<IdlField> args, JsonNode program) {
    JsonNode pdaRef = value.path("pda");
    JsonNode pdaNode;
    JsonNode owner = program;
    if ("pdaNode".equals(pdaRef.path("kind").textValue())) {
      pdaNode = pdaRef;
    } else if ("pdaLinkNode".equals(pdaRef.path("kind").textValue())) {
      String pn = requireText(pdaRef, "name", path + ".pda");
      String pp = pdaRef.path("program").path("name").textValue();
      owner = pp == null ? program : programNamed(pp).orElseThrow(() -> fail(path + ".pda.program",
          "links PDA '" + pn + "' of program '" + pp + "', which this IDL does not describe", "Fix the IDL"));
      pdaNode = null;
      for (JsonNode n : owner.path("pdas")) {
        if (pn.equals(n.path("name").textValue())) {
          pdaNode = n;
        }
      }
      if (pdaNode == null) {
        throw fail(path + ".pda", "links PDA '" + pn + "', which program '" + owner.path("name").asText()
            + "' does not define", "Fix the IDL");
      }
    } else {
      throw unknownKind(pdaRef, path + ".pda", "pdaLinkNode or pdaNode");
    }
    Map<String, JsonNode> bound = new LinkedHashMap<>();
    for (JsonNode sv : value.path("seeds")) {
      bound.put(sv.path("name").asText(), sv.path("value"));
    }
    List<IdlPda.Seed> seeds = new ArrayList<>();
    JsonNode seedNodes = pdaNode.path("seeds");
    for (int i = 0; i < seedNodes.size(); i++) {
      JsonNode sn = seedNodes.get(i);
      String sp = "pda " + pdaNode.path("name").asText() + " seeds[" + i + "]";
      switch (sn.path("kind").asText("")) {
        case "constantPdaSeedNode" -> {
          JsonNode v = sn.path("value");
          if ("programIdValueNode".equals(v.path("kind").textValue())) {
            seeds.add(new IdlPda.Const(programKey.toByteArray()));
          } else {
            IdlType t = leafType(sn.get("type"), path + " (" + sp + ").type");
            seeds.add(new IdlPda.Const(encodeConstant(t, v, path + " (" + sp + ").value")));
          }
        }
        case "variablePdaSeedNode" -> {
          String seedName = requireText(sn, "name", sp);
          JsonNode b = bound.get(seedName);
          Optional<IdlPda.Seed> seed = Optional.empty();
          if (b != null && "accountValueNode".equals(b.path("kind").textValue())) {
            seed = Optional.of(new IdlPda.Account(b.path("name").asText()));
          } else if (b != null && "argumentValueNode".equals(b.path("kind").textValue())) {
            String argName = b.path("name").asText();
            IdlType seedType = leafType(sn.get("type"), path + " (" + sp + ").type");
            boolean same = args.stream().anyMatch(f -> f.name().equals(argName) && f.type().equals(seedType));
            if (same) {
              seed = Optional.of(new IdlPda.Arg(argName));
            }
          }
          if (seed.isEmpty()) {
            warnings.add(new IdlWarning(source, path, "PDA seed '" + seedName + "' of instruction '"
                + ix.path("name").asText() + "' is bound to " + (b == null ? "nothing" : b.path("kind").asText())
                + ", which this reader cannot derive; the account's seeds are left out"));
            return Optional.empty();
          }
          seeds.add(seed.get());
        }
        default -> throw unknownKind(sn, path + " (" + sp + ")", "constantPdaSeedNode or variablePdaSeedNode");
      }
    }
    Optional<IdlPda.Seed> programSeed = Optional.empty();
    String pdaProgram = pdaNode.path("programId").textValue();
    PublicKey derivedFor = pdaProgram != null ? key(pdaProgram, path + ".pda.programId")
        : key(owner.path("publicKey").asText(), path + ".pda");
    if (!derivedFor.equals(programKey)) {
      programSeed = Optional.of(new IdlPda.Const(derivedFor.toByteArray()));
    }
    return Optional.of(new IdlPda(seeds, programSeed));
  }

  private Optional<JsonNode> programNamed(String name) {
    if (name.equals(root.path("program").path("name").textValue())) {
      return Optional.of(root.get("program"));
    }
    for (JsonNode p : root.path("additionalPrograms")) {
      if (name.equals(p.path("name").textValue())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  // ---- types --------------------------------------------------------------------------------

  /** Defines a named type from a type node: structs and enums as such, anything else as an alias. */
  private void define(String name, List<String> docs, JsonNode node, String path) {
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
  private IdlType leafType(JsonNode n, String path) {
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

  private byte[] constantBytes(JsonNode c, String path) {
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
  private byte[] encodeConstant(IdlType t, JsonNode v, String path) {
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

  private int nonNegative(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt() || v.intValue() < 0) {
      throw fail(path + "." + field, "'" + field + "' is not a non-negative number", "Fix the IDL");
    }
    return v.intValue();
  }

  private PublicKey key(String text, String path) {
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

  private void expectKind(JsonNode n, String kind, String path) {
    if (n == null || !kind.equals(n.path("kind").textValue())) {
      throw fail(path, "expected a " + kind + ", found " + (n == null ? "nothing" : "kind " + n.path("kind")),
          "Fix the IDL");
    }
  }

  private IdlException unknownKind(JsonNode n, String path, String expected) {
    String kind = n == null ? "(missing)" : n.path("kind").asText("(no kind)");
    return fail(path, "node kind '" + kind + "' cannot be mapped here; expected " + expected,
        "Check the IDL against the Codama spec 1.x; if the node is valid, report this IDL");
  }

  private String requireText(JsonNode n, String field, String path) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw fail(path, "'" + field + "' is missing or not a string", "Fix the IDL");
    }
    return v.asText();
  }

  private static List<String> docs(JsonNode n) {
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

  private IdlException fail(String path, String problem, String remedy) {
    return new IdlException(source, path, problem, remedy);
  }
}
