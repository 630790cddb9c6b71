package dev.preflight.core.idl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

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
  private final CodamaTypes codama;
  private final Map<String, IdlTypeDef> types;
  private final Map<String, String> definedAt = new LinkedHashMap<>();
  private PublicKey programKey;

  private CodamaLoader(String source, JsonNode root, List<IdlWarning> warnings) {
    this.source = source;
    this.root = root;
    this.warnings = warnings;
    this.codama = new CodamaTypes(source);
    this.types = codama.defs();
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
          byte[] bytes = codama.takeDefault(f);
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

  // ---- node helpers (shared with the type reader) -------------------------------------------

  private void define(String name, List<String> docs, JsonNode node, String path) {
    codama.define(name, docs, node, path);
  }

  private List<IdlField> structFields(JsonNode struct, String path, String owner) {
    return codama.structFields(struct, path, owner);
  }

  private IdlField field(JsonNode f, String path, String owner) {
    return codama.field(f, path, owner);
  }

  private IdlType leafType(JsonNode n, String path) {
    return codama.leafType(n, path);
  }

  private byte[] constantBytes(JsonNode c, String path) {
    return codama.constantBytes(c, path);
  }

  private byte[] encodeConstant(IdlType t, JsonNode v, String path) {
    return codama.encodeConstant(t, v, path);
  }

  private PublicKey key(String text, String path) {
    return codama.key(text, path);
  }

  private void expectKind(JsonNode n, String kind, String path) {
    codama.expectKind(n, kind, path);
  }

  private IdlException unknownKind(JsonNode n, String path, String expected) {
    return codama.unknownKind(n, path, expected);
  }

  private String requireText(JsonNode n, String field, String path) {
    return codama.requireText(n, field, path);
  }

  private static List<String> docs(JsonNode n) {
    return CodamaTypes.docs(n);
  }

  private IdlException fail(String path, String problem, String remedy) {
    return codama.fail(path, problem, remedy);
  }
}
