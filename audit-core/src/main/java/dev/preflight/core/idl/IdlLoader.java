package dev.preflight.core.idl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.idl.IdlType.ArrayLength;
import dev.preflight.core.idl.IdlType.GenericArg;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Reads both IDL formats into the one model and validates it: every referenced type exists, generic
 * arguments fit, and no type contains itself without an {@code Option}, {@code Vec} or enum in the loop
 * (such a type has no finite value; Borsh cannot encode it).
 *
 * <p>Format differences handled (legacy = Anchor before 0.30):
 * <ul>
 *   <li>legacy {@code publicKey} vs spec {@code pubkey}; legacy {@code {"defined": "Name"}} vs spec
 *       {@code {"defined": {"name": "Name", "generics": [...]}}};
 *   <li>legacy accounts and events carry their type inline, spec ones refer to {@code types};
 *   <li>legacy instructions have no discriminator: derived from {@code sha256("global:" + snake_case(name))};
 *       legacy accounts and events likewise from {@code "account:"}/{@code "event:"} and the name;
 *   <li>legacy {@code isMut}/{@code isSigner}/{@code isOptional} vs spec {@code writable}/{@code signer}/
 *       {@code optional}; legacy {@code metadata.address} vs spec {@code address}.
 * </ul>
 */
final class IdlLoader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NEITHER = "Give an Anchor IDL (target/idl/<program>.json: 'instructions', 'types', ...)"
      + " or a Codama IDL ({\"kind\": \"rootNode\", \"standard\": \"codama\", \"program\": {...}})";
  private static final int MAX_TYPE_DEPTH = 64;

  private final String source;
  private final boolean legacy;
  private final List<IdlWarning> warnings = new ArrayList<>();

  private IdlLoader(String source, boolean legacy) {
    this.source = source;
    this.legacy = legacy;
  }

  static Idl parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new IdlException(source, where, "is not valid JSON: " + e.getOriginalMessage(),
          "Check that the file is an Anchor IDL (target/idl/<program>.json) or a Codama IDL", e);
    }
    if (root == null || !root.isObject()) {
      throw new IdlException(source, "", "is not a JSON object", NEITHER);
    }
    if (CodamaLoader.isCodama(root)) {
      return CodamaLoader.parse(root, source);
    }
    if (!root.has("instructions")) {
      throw new IdlException(source, "", "is neither an Anchor IDL (it has no 'instructions') nor a Codama IDL (its "
          + "'kind' is not \"rootNode\")", NEITHER);
    }
    boolean spec = root.path("metadata").has("spec") || anyInstructionHasDiscriminator(root);
    return new IdlLoader(source, !spec).build(root);
  }

  private static boolean anyInstructionHasDiscriminator(JsonNode root) {
    for (JsonNode ix : root.path("instructions")) {
      if (ix.has("discriminator")) {
        return true;
      }
    }
    return false;
  }

  private Idl build(JsonNode root) {
    String name = legacy ? text(root, "name", "") : text(root.path("metadata"), "name", text(root, "name", ""));
    if (name.isEmpty()) {
      throw fail("", "has no program name", legacy ? "Legacy IDLs need a top-level 'name'" : "Spec IDLs need 'metadata.name'");
    }
    String version = legacy ? text(root, "version", "") : text(root.path("metadata"), "version", text(root, "version", ""));
    Optional<String> spec = Optional.ofNullable(root.path("metadata").path("spec").textValue());
    String addressText = root.hasNonNull("address") ? root.get("address").asText()
        : root.path("metadata").path("address").textValue();
    Optional<PublicKey> address = Optional.empty();
    if (addressText != null && !addressText.isBlank()) {
      address = Optional.of(parseKey(addressText, legacy ? "metadata.address" : "address"));
    }

    Map<String, IdlTypeDef> types = new LinkedHashMap<>();
    JsonNode typesNode = root.path("types");
    Map<String, Integer> firstAt = new HashMap<>();
    for (int i = 0; i < typesNode.size(); i++) {
      IdlTypeDef def = parseTypeDef(typesNode.get(i), "types[" + i + "]");
      Integer first = firstAt.putIfAbsent(def.name(), i);
      if (first == null) {
        types.put(def.name(), def);
      } else {
        // Anchor's TypeScript client keeps the first definition it meets (switchboard v2 defines
        // 'Shuffle' twice with different variant orders); do the same, and say so.
        warnings.add(new IdlWarning(source, "types[" + i + "]", "type '" + def.name() + "' is defined again (first at"
            + " types[" + first + "])" + (types.get(def.name()).body().equals(def.body()) ? " identically"
            : " differently") + "; the first definition is used, as Anchor's TypeScript client does"));
      }
    }

    List<IdlAccount> accounts = new ArrayList<>();
    JsonNode accountsNode = root.path("accounts");
    for (int i = 0; i < accountsNode.size(); i++) {
      JsonNode a = accountsNode.get(i);
      String path = "accounts[" + i + "]";
      String an = requireText(a, "name", path);
      String typeName = an;
      if (a.has("type")) {
        // Legacy: the account's type is inline. Register it as a type so references resolve.
        IdlTypeDef def = parseTypeDef(a, path);
        IdlTypeDef existing = types.putIfAbsent(an, def);
        if (existing != null && !existing.body().equals(def.body())) {
          // Anchor's TypeScript client decodes an account with its own inline layout and resolves
          // {"defined": name} with 'types': keep both, under two names.
          typeName = an + ".account";
          types.put(typeName, new IdlTypeDef(typeName, def.docs(), def.serialization(), def.repr(), def.generics(),
              def.body()));
          warnings.add(new IdlWarning(source, path, "account '" + an + "' has a layout that differs from the type of"
              + " the same name in 'types'; the account decodes with its own layout (as Anchor's TypeScript client"
              + " does), references to '" + an + "' use the one in 'types'"));
        }
      } else if (!types.containsKey(an)) {
        throw fail(path, "account '" + an + "' has no type definition in 'types'", "Add the type to 'types'");
      }
      Discriminator d = a.has("discriminator") ? parseDiscriminator(a.get("discriminator"), path + ".discriminator")
          : Discriminator.account(an);
      accounts.add(new IdlAccount(an, d, new IdlType.Defined(typeName)));
    }

    List<IdlEvent> events = new ArrayList<>();
    JsonNode eventsNode = root.path("events");
    for (int i = 0; i < eventsNode.size(); i++) {
      JsonNode e = eventsNode.get(i);
      String path = "events[" + i + "]";
      String en = requireText(e, "name", path);
      if (e.has("fields")) {
        IdlTypeDef def = new IdlTypeDef(en, docs(e), IdlTypeDef.Serialization.BORSH, Optional.empty(), List.of(),
            new IdlTypeDef.Struct(parseFields(e.get("fields"), path + ".fields")));
        types.putIfAbsent(en, def);
      } else if (!types.containsKey(en)) {
        throw fail(path, "event '" + en + "' has no type definition in 'types'", "Add the type to 'types'");
      }
      Discriminator d = e.has("discriminator") ? parseDiscriminator(e.get("discriminator"), path + ".discriminator")
          : Discriminator.event(en);
      events.add(new IdlEvent(en, d, new IdlType.Defined(en)));
    }

    List<IdlInstruction> instructions = new ArrayList<>();
    JsonNode ixNode = root.path("instructions");
    for (int i = 0; i < ixNode.size(); i++) {
      instructions.add(parseInstruction(ixNode.get(i), "instructions[" + i + "]"));
    }

    List<IdlError> errors = new ArrayList<>();
    JsonNode errNode = root.path("errors");
    for (int i = 0; i < errNode.size(); i++) {
      JsonNode e = errNode.get(i);
      String path = "errors[" + i + "]";
      if (!e.path("code").canConvertToInt()) {
        throw fail(path, "error has no integer 'code'", "Fix the IDL");
      }
      errors.add(new IdlError(e.get("code").intValue(), requireText(e, "name", path),
          Optional.ofNullable(e.path("msg").textValue())));
    }

    List<IdlConstant> constants = new ArrayList<>();
    JsonNode constNode = root.path("constants");
    for (int i = 0; i < constNode.size(); i++) {
      JsonNode c = constNode.get(i);
      String path = "constants[" + i + "]";
      IdlType t;
      try {
        t = parseType(c.get("type"), path + ".type", 0);
      } catch (IdlException ex) {
        // Constants use Rust types IDLs cannot express (usize, &str); keep them readable.
        t = new IdlType.Defined(c.path("type").toString());
      }
      constants.add(new IdlConstant(requireText(c, "name", path), t, c.path("value").asText("")));
    }

    warnDuplicates(instructions.stream().map(IdlInstruction::name).toList(), "instructions", "instruction");
    warnDuplicates(accounts.stream().map(IdlAccount::name).toList(), "accounts", "account");
    warnDuplicateErrorCodes(errors);
    validate(types, instructions, accounts, events);
    return new Idl(source, legacy ? Idl.Format.LEGACY : Idl.Format.SPEC, address, name, version, spec, docs(root),
        instructions, accounts, events, errors, types, constants, warnings, List.of());
  }

  /** Items of the same name stay (decoding goes by discriminator); a lookup by name finds the first. */
  private void warnDuplicates(List<String> names, String list, String what) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Integer at = first.putIfAbsent(names.get(i), i);
      if (at != null) {
        warnings.add(new IdlWarning(source, list + "[" + i + "]", what + " '" + names.get(i) + "' is declared again"
            + " (first at " + list + "[" + at + "]); both are kept, and a lookup by name finds the first"));
      }
    }
  }

  private void warnDuplicateErrorCodes(List<IdlError> errors) {
    Map<Integer, Integer> first = new HashMap<>();
    for (int i = 0; i < errors.size(); i++) {
      Integer at = first.putIfAbsent(errors.get(i).code(), i);
      if (at != null) {
        warnings.add(new IdlWarning(source, "errors[" + i + "]", "error code " + errors.get(i).code() + " is used by '"
            + errors.get(at).name() + "' (errors[" + at + "]) and by '" + errors.get(i).name() + "'; a failure with"
            + " this code is reported as '" + errors.get(at).name() + "'"));
      }
    }
  }

  // ---- instructions -------------------------------------------------------------------------

  private IdlInstruction parseInstruction(JsonNode ix, String path) {
    String name = requireText(ix, "name", path);
    Discriminator d = ix.has("discriminator") ? parseDiscriminator(ix.get("discriminator"), path + ".discriminator")
        : Discriminator.instruction(name);
    List<IdlAccountItem> accounts = parseAccountItems(ix.path("accounts"), path + ".accounts", 0);
    List<IdlField> args = new ArrayList<>();
    JsonNode argsNode = ix.path("args");
    for (int i = 0; i < argsNode.size(); i++) {
      args.add(parseField(argsNode.get(i), path + ".args[" + i + "]"));
    }
    Optional<IdlType> returns = ix.hasNonNull("returns")
        ? Optional.of(parseType(ix.get("returns"), path + ".returns", 0)) : Optional.empty();
    return new IdlInstruction(name, d, accounts, args, returns, docs(ix));
  }

  private List<IdlAccountItem> parseAccountItems(JsonNode items, String path, int depth) {
    if (depth > MAX_TYPE_DEPTH) {
      throw fail(path, "account groups nest deeper than " + MAX_TYPE_DEPTH, "Fix the IDL");
    }
    List<IdlAccountItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode a = items.get(i);
      String p = path + "[" + i + "]";
      String name = requireText(a, "name", p);
      if (a.has("accounts")) {
        out.add(new IdlAccountItem.Composite(name, parseAccountItems(a.get("accounts"), p + ".accounts", depth + 1)));
      } else {
        boolean writable = legacy ? a.path("isMut").asBoolean(false) : a.path("writable").asBoolean(false);
        boolean signer = legacy ? a.path("isSigner").asBoolean(false) : a.path("signer").asBoolean(false);
        boolean optional = a.path("optional").asBoolean(false) || a.path("isOptional").asBoolean(false);
        Optional<String> address = Optional.ofNullable(a.path("address").textValue());
        Optional<IdlPda> seeds = legacy || !a.has("pda") ? Optional.empty() : parsePda(a.get("pda"));
        out.add(new IdlAccountItem.Single(name, writable, signer, optional, address, a.has("pda"), seeds, docs(a)));
      }
    }
    return out;
  }

  /**
   * Seeds per the 0.30 spec ({@code IdlPda}: {@code seeds} of kind const / account / arg, optional
   * {@code program} seed). A seed in a form not listed there leaves the account without seeds rather
   * than failing the load: the seeds only feed mutations, the IDL stays usable without them.
   */
  private static Optional<IdlPda> parsePda(JsonNode pda) {
    JsonNode seedsNode = pda.path("seeds");
    if (!seedsNode.isArray()) {
      return Optional.empty();
    }
    List<IdlPda.Seed> seeds = new ArrayList<>();
    for (JsonNode s : seedsNode) {
      Optional<IdlPda.Seed> seed = parseSeed(s);
      if (seed.isEmpty()) {
        return Optional.empty();
      }
      seeds.add(seed.get());
    }
    Optional<IdlPda.Seed> program = Optional.empty();
    if (pda.hasNonNull("program")) {
      program = parseSeed(pda.get("program"));
      if (program.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new IdlPda(seeds, program));
  }

  private static Optional<IdlPda.Seed> parseSeed(JsonNode s) {
    switch (s.path("kind").asText("")) {
      case "const" -> {
        JsonNode v = s.path("value");
        if (!v.isArray()) {
          return Optional.empty();
        }
        byte[] b = new byte[v.size()];
        for (int i = 0; i < b.length; i++) {
          JsonNode e = v.get(i);
          if (!e.canConvertToInt() || e.asInt() < 0 || e.asInt() > 255) {
            return Optional.empty();
          }
          b[i] = (byte) e.asInt();
        }
        return Optional.of(new IdlPda.Const(b));
      }
      case "account" -> {
        String p = s.path("path").textValue();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(new IdlPda.Account(p));
      }
      case "arg" -> {
        String p = s.path("path").textValue();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(new IdlPda.Arg(p));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  // ---- type definitions ---------------------------------------------------------------------

  private IdlTypeDef parseTypeDef(JsonNode node, String path) {
    String name = requireText(node, "name", path);
    JsonNode ty = node.get("type");
    if (ty == null || !ty.isObject()) {
      throw fail(path, "type '" + name + "' has no 'type' object", "Fix the IDL");
    }
    String kind = requireText(ty, "kind", path + ".type");
    List<IdlTypeDef.GenericParamDef> generics = new ArrayList<>();
    JsonNode gNode = node.path("generics");
    for (int i = 0; i < gNode.size(); i++) {
      JsonNode g = gNode.get(i);
      String gp = path + ".generics[" + i + "]";
      String gk = g.path("kind").asText("type");
      String gn = requireText(g, "name", gp);
      if ("const".equals(gk)) {
        Optional<IdlType> ct = Optional.empty();
        if (g.has("type") && PrimitiveKind.fromIdlName(g.get("type").asText()).isPresent()) {
          ct = Optional.of(parseType(g.get("type"), gp + ".type", 0));
        } // else a Rust type such as usize: the value is what matters, it is parsed where used
        generics.add(new IdlTypeDef.GenericParamDef(gn, true, ct));
      } else if ("type".equals(gk)) {
        generics.add(new IdlTypeDef.GenericParamDef(gn, false, Optional.empty()));
      } else {
        throw fail(gp, "unknown generic kind '" + gk + "'", "Use \"type\" or \"const\"");
      }
    }
    IdlTypeDef.Body body =
        switch (kind) {
          case "struct" -> new IdlTypeDef.Struct(parseFields(ty.get("fields"), path + ".type.fields"));
          case "enum" -> {
            List<IdlTypeDef.EnumVariant> vs = new ArrayList<>();
            JsonNode vNode = ty.path("variants");
            if (vNode.size() > 256) {
              throw fail(path + ".type.variants", "enum '" + name + "' has " + vNode.size()
                  + " variants; Borsh enums have at most 256", "Fix the IDL");
            }
            for (int i = 0; i < vNode.size(); i++) {
              String vp = path + ".type.variants[" + i + "]";
              vs.add(new IdlTypeDef.EnumVariant(requireText(vNode.get(i), "name", vp),
                  parseFields(vNode.get(i).get("fields"), vp + ".fields")));
            }
            yield new IdlTypeDef.Enum(vs);
          }
          case "type" -> new IdlTypeDef.Alias(parseType(ty.get("alias"), path + ".type.alias", 0));
          case "alias" -> new IdlTypeDef.Alias(parseType(ty.get("value"), path + ".type.value", 0));
          default -> throw fail(path + ".type.kind", "unknown type kind '" + kind + "'",
              "Use struct, enum or type (alias)");
        };
    return new IdlTypeDef(name, docs(node), parseSerialization(node.path("serialization"), path),
        parseRepr(node.get("repr"), path + ".repr"), generics, body);
  }

  private IdlTypeDef.Serialization parseSerialization(JsonNode n, String path) {
    if (n.isMissingNode() || n.isNull()) {
      return IdlTypeDef.Serialization.BORSH;
    }
    return switch (n.asText()) {
      case "borsh" -> IdlTypeDef.Serialization.BORSH;
      case "bytemuck" -> IdlTypeDef.Serialization.BYTEMUCK;
      case "bytemuckunsafe" -> IdlTypeDef.Serialization.BYTEMUCK_UNSAFE;
      default -> IdlTypeDef.Serialization.CUSTOM;
    };
  }

  private Optional<IdlTypeDef.Repr> parseRepr(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    IdlTypeDef.Repr.Kind kind = switch (n.path("kind").asText()) {
      case "rust" -> IdlTypeDef.Repr.Kind.RUST;
      case "c" -> IdlTypeDef.Repr.Kind.C;
      case "transparent" -> IdlTypeDef.Repr.Kind.TRANSPARENT;
      default -> throw fail(path + ".kind", "unknown repr kind '" + n.path("kind").asText() + "'",
          "Use rust, c or transparent");
    };
    Optional<Integer> align = Optional.empty();
    if (n.has("align")) {
      int a = n.get("align").asInt(0);
      if (a <= 0 || a > 4096 || Integer.bitCount(a) != 1) {
        throw fail(path + ".align", "alignment " + n.get("align") + " is not a power of two up to 4096", "Fix the IDL");
      }
      align = Optional.of(a);
    }
    return Optional.of(new IdlTypeDef.Repr(kind, n.path("packed").asBoolean(false), align));
  }

  private IdlFields parseFields(JsonNode fields, String path) {
    if (fields == null || fields.isNull()) {
      return IdlFields.NONE;
    }
    if (!fields.isArray()) {
      throw fail(path, "'fields' is not an array", "Fix the IDL");
    }
    if (fields.isEmpty()) {
      return new IdlFields.Named(List.of());
    }
    boolean named = fields.get(0).isObject() && fields.get(0).has("name") && fields.get(0).has("type");
    if (named) {
      // Field names may repeat in published IDLs (Drift has two 'padding' fields in one struct);
      // the layout is positional, so that is accepted.
      List<IdlField> out = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        out.add(parseField(fields.get(i), path + "[" + i + "]"));
      }
      return new IdlFields.Named(out);
    }
    List<IdlType> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      out.add(parseType(fields.get(i), path + "[" + i + "]", 0));
    }
    return new IdlFields.Tuple(out);
  }

  private IdlField parseField(JsonNode f, String path) {
    return new IdlField(requireText(f, "name", path), parseType(f.get("type"), path + ".type", 0), docs(f));
  }

  // ---- types --------------------------------------------------------------------------------

  IdlType parseType(JsonNode n, String path, int depth) {
    if (depth > MAX_TYPE_DEPTH) {
      throw fail(path, "type nests deeper than " + MAX_TYPE_DEPTH + " levels", "Fix the IDL");
    }
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw fail(path, "type is missing", "Fix the IDL");
    }
    if (n.isTextual()) {
      String t = n.asText();
      return PrimitiveKind.fromIdlName(t).<IdlType>map(IdlType.Primitive::new)
          .orElseThrow(() -> fail(path, "unknown type '" + t + "'",
              "Use a primitive (bool, u8..u256, i8..i256, f32, f64, string, bytes, pubkey) or {\"defined\": ...}"));
    }
    if (!n.isObject() || n.size() != 1) {
      throw fail(path, "type " + abbreviate(n) + " is neither a type name nor a one-key object", "Fix the IDL");
    }
    String key = n.fieldNames().next();
    JsonNode v = n.get(key);
    return switch (key) {
      case "option" -> new IdlType.Option(parseType(v, path + ".option", depth + 1));
      case "coption" -> new IdlType.COption(parseType(v, path + ".coption", depth + 1));
      case "vec" -> new IdlType.Vec(parseType(v, path + ".vec", depth + 1));
      case "array" -> {
        if (!v.isArray() || v.size() != 2) {
          throw fail(path + ".array", "array type needs [element type, length]", "Fix the IDL");
        }
        IdlType inner = parseType(v.get(0), path + ".array[0]", depth + 1);
        JsonNode len = v.get(1);
        ArrayLength al;
        if (len.isIntegralNumber()) {
          if (!len.canConvertToInt() || len.intValue() < 0) {
            throw fail(path + ".array[1]", "array length " + len + " is not between 0 and " + Integer.MAX_VALUE,
                "Fix the IDL");
          }
          al = new ArrayLength.Fixed(len.intValue());
        } else if (len.isObject() && len.has("generic")) {
          al = new ArrayLength.Generic(len.get("generic").asText());
        } else {
          throw fail(path + ".array[1]", "array length " + abbreviate(len) + " is neither a number nor {\"generic\": ...}",
              "Fix the IDL");
        }
        yield new IdlType.Array(inner, al);
      }
      case "defined" -> {
        if (v.isTextual()) {
          yield new IdlType.Defined(v.asText());
        }
        String dn = requireText(v, "name", path + ".defined");
        List<GenericArg> args = new ArrayList<>();
        JsonNode gs = v.path("generics");
        for (int i = 0; i < gs.size(); i++) {
          JsonNode g = gs.get(i);
          String gp = path + ".defined.generics[" + i + "]";
          String kind = g.path("kind").asText("type");
          if ("const".equals(kind)) {
            args.add(new GenericArg.ConstArg(g.path("value").asText()));
          } else if ("type".equals(kind)) {
            args.add(new GenericArg.TypeArg(parseType(g.get("type"), gp + ".type", depth + 1)));
          } else {
            throw fail(gp, "unknown generic argument kind '" + kind + "'", "Use \"type\" or \"const\"");
          }
        }
        yield new IdlType.Defined(dn, args);
      }
      case "generic" -> new IdlType.GenericParam(v.asText());
      default -> throw fail(path, "unknown type constructor '" + key + "'",
          "Use option, coption, vec, array, defined or generic");
    };
  }

  // ---- validation ---------------------------------------------------------------------------

  /** The model checks every IDL passes, whatever its format: links resolve, no type contains itself. */
  static void validateModel(String source, Map<String, IdlTypeDef> types, List<IdlInstruction> instructions,
      List<IdlAccount> accounts) {
    new IdlLoader(source, false).validate(types, instructions, accounts, List.of());
  }

  private void validate(Map<String, IdlTypeDef> types, List<IdlInstruction> instructions, List<IdlAccount> accounts,
      List<IdlEvent> events) {
    int i = 0;
    for (IdlTypeDef def : types.values()) {
      Set<String> params = new HashSet<>();
      for (IdlTypeDef.GenericParamDef g : def.generics()) {
        params.add(g.name());
      }
      String path = "types[" + (i++) + "] (" + def.name() + ")";
      switch (def.body()) {
        case IdlTypeDef.Struct s -> checkFields(s.fields(), types, params, path);
        case IdlTypeDef.Alias a -> checkType(a.target(), types, params, path, 0);
        case IdlTypeDef.Enum e -> {
          for (IdlTypeDef.EnumVariant v : e.variants()) {
            checkFields(v.fields(), types, params, path + "::" + v.name());
          }
        }
      }
    }
    for (int k = 0; k < instructions.size(); k++) {
      IdlInstruction ix = instructions.get(k);
      for (IdlField f : ix.args()) {
        checkType(f.type(), types, Set.of(), "instructions[" + k + "] (" + ix.name() + ") arg " + f.name(), 0);
      }
      ix.returns().ifPresent(t -> checkType(t, types, Set.of(), "instruction " + ix.name() + " returns", 0));
    }
    for (IdlAccount a : accounts) {
      checkNotGeneric(types.get(a.name()), "account " + a.name());
    }
    for (IdlEvent e : events) {
      checkNotGeneric(types.get(e.name()), "event " + e.name());
    }
    checkCycles(types);
  }

  private void checkNotGeneric(IdlTypeDef def, String what) {
    if (def != null && !def.generics().isEmpty()) {
      throw fail(what, what + " has generic parameters, so its layout is unknown", "Fix the IDL");
    }
  }

  private void checkFields(IdlFields fields, Map<String, IdlTypeDef> types, Set<String> params, String path) {
    for (IdlType t : Layouts.fieldTypes(fields)) {
      checkType(t, types, params, path, 0);
    }
  }

  private void checkType(IdlType t, Map<String, IdlTypeDef> types, Set<String> params, String path, int depth) {
    if (depth > MAX_TYPE_DEPTH) {
      throw fail(path, "type nests deeper than " + MAX_TYPE_DEPTH + " levels", "Fix the IDL");
    }
    switch (t) {
      case IdlType.Primitive p -> {}
      case IdlType.Option o -> checkType(o.inner(), types, params, path, depth + 1);
      case IdlType.COption o -> checkType(o.inner(), types, params, path, depth + 1);
      case IdlType.Vec v -> checkType(v.inner(), types, params, path, depth + 1);
      case IdlType.Array a -> {
        checkType(a.inner(), types, params, path, depth + 1);
        if (a.length() instanceof ArrayLength.Generic g && !params.contains(g.name())) {
          throw fail(path, "array length '" + g.name() + "' is not a generic parameter of the enclosing type",
              "Declare it under 'generics' or use a number");
        }
      }
      case IdlType.GenericParam g -> {
        if (!params.contains(g.name())) {
          throw fail(path, "generic '" + g.name() + "' is not a parameter of the enclosing type",
              "Declare it under 'generics'");
        }
      }
      case IdlType.Defined d -> {
        IdlTypeDef def = types.get(d.name());
        if (def == null) {
          throw fail(path, "refers to type '" + d.name() + "', which is not defined", suggestion(d.name(), types));
        }
        if (def.generics().size() != d.generics().size()) {
          throw fail(path, "type '" + d.name() + "' takes " + def.generics().size() + " generic argument(s), "
              + d.generics().size() + " given", "Fix the generic arguments");
        }
        for (int k = 0; k < d.generics().size(); k++) {
          GenericArg arg = d.generics().get(k);
          IdlTypeDef.GenericParamDef param = def.generics().get(k);
          if (param.isConst() != (arg instanceof GenericArg.ConstArg)) {
            throw fail(path, "generic '" + param.name() + "' of '" + d.name() + "' is a "
                + (param.isConst() ? "const" : "type") + " parameter but got " + arg, "Fix the generic arguments");
          }
          if (arg instanceof GenericArg.TypeArg ta) {
            checkType(ta.type(), types, params, path, depth + 1);
          }
        }
      }
    }
  }

  private static String suggestion(String name, Map<String, IdlTypeDef> types) {
    String loose = Names.looseKey(name);
    for (String k : types.keySet()) {
      if (Names.looseKey(k).equals(loose)) {
        return "Did you mean '" + k + "'?";
      }
    }
    return "Add it to 'types'";
  }

  /**
   * Rejects types that contain themselves through struct fields, tuple fields, aliases, non-empty
   * arrays or generic arguments only: such a type has no finite value. Loops through Option, COption,
   * Vec or an enum variant are allowed (a value can end there); the codec bounds their depth.
   */
  private void checkCycles(Map<String, IdlTypeDef> types) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
    for (String name : types.keySet()) {
      List<String> stack = new ArrayList<>();
      dfs(name, types, state, stack);
    }
  }

  private void dfs(String name, Map<String, IdlTypeDef> types, Map<String, Integer> state, List<String> stack) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      int from = stack.indexOf(name);
      List<String> loop = new ArrayList<>(stack.subList(from, stack.size()));
      loop.add(name);
      throw fail("types (" + name + ")", "type '" + name + "' contains itself: " + String.join(" -> ", loop)
          + "; no finite value exists", "A recursive type needs an Option, Vec or enum variant in the loop");
    }
    IdlTypeDef def = types.get(name);
    if (def == null) {
      return;
    }
    state.put(name, 1);
    stack.add(name);
    List<IdlType> direct = new ArrayList<>();
    switch (def.body()) {
      case IdlTypeDef.Struct st -> direct.addAll(Layouts.fieldTypes(st.fields()));
      case IdlTypeDef.Alias a -> direct.add(a.target());
      case IdlTypeDef.Enum e -> {}
    }
    Set<String> next = new java.util.LinkedHashSet<>();
    for (IdlType t : direct) {
      unguardedRefs(t, next, 0);
    }
    for (String n : next) {
      dfs(n, types, state, stack);
    }
    stack.removeLast();
    state.put(name, 2);
  }

  private static void unguardedRefs(IdlType t, Set<String> out, int depth) {
    if (depth > MAX_TYPE_DEPTH) {
      return;
    }
    switch (t) {
      case IdlType.Array a -> {
        if (!(a.length() instanceof ArrayLength.Fixed f && f.value() == 0)) {
          unguardedRefs(a.inner(), out, depth + 1);
        }
      }
      case IdlType.Defined d -> {
        out.add(d.name());
        for (GenericArg g : d.generics()) {
          if (g instanceof GenericArg.TypeArg ta) {
            unguardedRefs(ta.type(), out, depth + 1);
          }
        }
      }
      default -> {}
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Discriminator parseDiscriminator(JsonNode n, String path) {
    if (!n.isArray() || n.isEmpty() || n.size() > 256) {
      throw fail(path, "discriminator is not a non-empty array of bytes", "Fix the IDL");
    }
    byte[] b = new byte[n.size()];
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.canConvertToInt() || e.intValue() < 0 || e.intValue() > 255) {
        throw fail(path + "[" + i + "]", "discriminator byte " + e + " is not 0..255", "Fix the IDL");
      }
      b[i] = (byte) e.intValue();
    }
    return Discriminator.of(b);
  }

  private PublicKey parseKey(String text, String path) {
    try {
      byte[] decoded = software.sava.core.encoding.Base58.decode(text);
      if (decoded.length != 32) {
        throw new IllegalArgumentException("decodes to " + decoded.length + " bytes");
      }
      return PublicKey.createPubKey(decoded);
    } catch (RuntimeException e) {
      throw fail(path, "address '" + text + "' is not a base58 public key", "Fix the program address in the IDL");
    }
  }

  private String requireText(JsonNode n, String field, String path) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw fail(path, "'" + field + "' is missing or not a string", "Fix the IDL");
    }
    return v.asText();
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : dflt;
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
