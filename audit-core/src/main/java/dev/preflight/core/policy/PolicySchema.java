package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.preflight.core.PreflightException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy's JSON Schema (draft 2020-12), and the translation of its validation messages into
 * located problems a person can act on. The schema carries an {@code x-expected} phrase on each
 * constrained value; messages say "expected &lt;that phrase&gt;, got &lt;value&gt;".
 */
final class PolicySchema {
  static final String RESOURCE = "/dev/preflight/core/policy/preflight-policy.schema.json";
  private static final String EXPECTED = "x-expected";

  /** Keywords whose failure says the value has the wrong type or form; shown first per value. */
  private static final List<String> PRIORITY =
      List.of("type", "required", "additionalProperties", "enum", "pattern");

  private final JsonNode tree;
  private final JsonSchema schema;

  PolicySchema() {
    try (InputStream in = PolicySchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PreflightException("The policy schema " + RESOURCE + " is missing from the "
            + "class path; the preflight-audit-core jar is incomplete.");
      }
      tree = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new PreflightException("The policy schema " + RESOURCE + " could not be read: "
          + e.getMessage(), e);
    }
    // x-expected is ours: declared as an annotation so the validator neither warns nor fetches.
    JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
        .keyword(new NonValidationKeyword(EXPECTED)).build();
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        b -> b.metaSchema(meta));
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
        .pathType(PathType.JSON_POINTER).build();
    schema = factory.getSchema(tree, config);
  }

  JsonNode tree() {
    return tree;
  }

  List<SourceProblem> validate(LocatedYaml doc) {
    Set<ValidationMessage> messages = schema.validate(doc.root());
    // One problem per value (and per missing or unknown key), most telling keyword first.
    Map<String, ValidationMessage> chosen = new LinkedHashMap<>();
    for (ValidationMessage m : messages) {
      String key = pointer(m) + "\u0000" + identity(m);
      ValidationMessage prev = chosen.get(key);
      if (prev == null || rank(m) < rank(prev)) {
        chosen.put(key, m);
      }
    }
    List<SourceProblem> out = new ArrayList<>();
    for (ValidationMessage m : chosen.values()) {
      out.add(toProblem(doc, m));
    }
    return out;
  }

  private static String identity(ValidationMessage m) {
    return switch (m.getType()) {
      case "required", "additionalProperties" -> m.getType() + ":" + property(m);
      default -> "value";
    };
  }

  private static int rank(ValidationMessage m) {
    int i = PRIORITY.indexOf(m.getType());
    return i < 0 ? PRIORITY.size() : i;
  }

  private static String pointer(ValidationMessage m) {
    String p = m.getInstanceLocation().toString();
    return "/".equals(p) ? "" : p;
  }

  private static String property(ValidationMessage m) {
    if (m.getProperty() != null) {
      return m.getProperty();
    }
    Object[] args = m.getArguments();
    return args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
  }

  private SourceProblem toProblem(LocatedYaml doc, ValidationMessage m) {
    String ptr = pointer(m);
    JsonNode keywordParent = schemaParent(m).orElse(null);
    JsonNode instance = doc.root().at(ptr);
    switch (m.getType()) {
      case "required" -> {
        String name = property(m);
        String expected = keywordParent == null ? "" : propertySchema(keywordParent, name)
            .flatMap(this::expected).map(e -> "; expected " + e).orElse("");
        SourceProblem at = doc.problem(ptr, "");
        return new SourceProblem(at.file(), at.line(), at.column(),
            join(at.path(), name), "missing required key '" + name + "'" + expected);
      }
      case "additionalProperties" -> {
        String name = property(m);
        Set<String> allowed = new TreeSet<>();
        if (keywordParent != null && keywordParent.path("properties").isObject()) {
          keywordParent.path("properties").fieldNames().forEachRemaining(allowed::add);
        }
        String hint = Suggestions.closest(name, allowed)
            .map(s -> "; did you mean '" + s + "'?")
            .orElse(allowed.isEmpty() ? "" : "; expected one of: " + String.join(", ", allowed));
        return doc.problem(LocatedYaml.child(ptr, name), "unknown key '" + name + "'" + hint);
      }
      case "enum" -> {
        List<String> options = new ArrayList<>();
        if (keywordParent != null) {
          keywordParent.path("enum").forEach(n -> options.add(n.asText()));
        }
        String what = keywordParent == null ? "a listed value"
            : expected(keywordParent).orElse("a listed value");
        String hint = instance.isTextual()
            ? Suggestions.didYouMean(instance.asText(), options) : "";
        return doc.valueProblem(ptr, "expected " + what + " (one of " + String.join(", ", options)
            + "), got " + render(instance) + hint);
      }
      case "propertyNames" -> {
        return doc.valueProblem(ptr, m.getMessage());
      }
      default -> {
        String what = keywordParent == null ? null : expected(keywordParent).orElse(null);
        if (what == null) {
          return doc.valueProblem(ptr, m.getMessage());
        }
        return doc.valueProblem(ptr, "expected " + what + ", got " + render(instance));
      }
    }
  }

  private static String join(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** The schema object holding the failed keyword (the keyword's location minus its last step). */
  private Optional<JsonNode> schemaParent(ValidationMessage m) {
    JsonNodePath fragment = m.getSchemaLocation().getFragment();
    if (fragment == null || fragment.getNameCount() == 0) {
      return Optional.of(tree);
    }
    JsonNode n = tree;
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      Object e = fragment.getElement(i);
      n = e instanceof Integer idx ? n.path(idx) : n.path(String.valueOf(e));
    }
    return n.isMissingNode() ? Optional.empty() : Optional.of(n);
  }

  private Optional<JsonNode> propertySchema(JsonNode objectSchema, String name) {
    JsonNode p = objectSchema.path("properties").path(name);
    return p.isMissingNode() ? Optional.empty() : Optional.of(p);
  }

  /** The subschema's own x-expected, else the one of the definition it refers to. */
  private Optional<String> expected(JsonNode subschema) {
    JsonNode n = subschema;
    for (int hops = 0; hops < 8 && n != null; hops++) {
      if (n.hasNonNull(EXPECTED)) {
        return Optional.of(n.get(EXPECTED).asText());
      }
      String ref = n.path("$ref").asText("");
      if (!ref.startsWith("#/")) {
        return Optional.empty();
      }
      n = tree.at(ref.substring(1));
    }
    return Optional.empty();
  }

  /** A value as the user wrote it, for "got ..." parts of messages. */
  static String render(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "an empty value";
    }
    if (n.isTextual()) {
      return "\"" + n.asText() + "\"";
    }
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      return names.isEmpty() ? "an empty mapping" : "a mapping (" + String.join(", ", names) + ")";
    }
    if (n.isArray()) {
      return n.isEmpty() ? "an empty list" : "a list of " + n.size();
    }
    return n.asText();
  }
}
