package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The docs name only what exists: every goal and {@code -Dpreflight.*} property named in README.md,
 * docs/*.md and the example's README is in the plugin descriptor this build generated, every
 * parameter of the user guide's parameter tables is a parameter of some goal, and every key of the
 * policy reference's key tables is in the policy's JSON schema. Failures name file, line and name.
 */
class DocsMatchCodeTest {

  static final Path ROOT = Path.of(System.getProperty("preflight.root"));

  /**
   * {@code -D} properties the docs name that are not plugin parameters, with the file that reads
   * each; the test checks that file still does, so this list cannot outlive its reason.
   */
  static final Map<String, String> OTHER_PROPERTIES = Map.of(
      "preflight.example", "examples/escrow-readiness/pom.xml",          // the main job's profile
      "preflight.regenerate", "examples/escrow-readiness/src/test/java/dev/preflight/examples/escrow/EscrowWorldGenerator.java",
      "preflight.root", "pom.xml",  // the repository root, for the example's generator
      "preflight.validator.url", "audit-core/src/main/java/dev/preflight/core/fuzz/Reproducer.java",
      "preflight.validator.home", "validator/src/main/java/dev/preflight/validator/ServerHome.java",
      "preflight.repository.url", "pom.xml",     // the release profile's coordinates
      "preflight.developer.email", "pom.xml");

  /** A name a doc uses, where. */
  record Use(Path file, int line, String name) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  // ---- the plugin descriptor ------------------------------------------------------------------

  record Descriptor(Set<String> goals, Set<String> parameters, Set<String> properties) {}

  static Descriptor descriptor() throws Exception {
    Path xml = ROOT.resolve("maven-plugin/target/classes/META-INF/maven/plugin.xml");
    assertTrue(Files.isRegularFile(xml), xml + " is missing: maven-plugin-plugin writes it at "
        + "process-classes, before tests");
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Set<String> goals = new TreeSet<>();
    Set<String> parameters = new TreeSet<>();
    Set<String> properties = new TreeSet<>();
    NodeList mojos = d.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      goals.add(child(mojo, "goal"));
      NodeList params = mojo.getElementsByTagName("parameter");
      for (int p = 0; p < params.getLength(); p++) {
        parameters.add(child((Element) params.item(p), "name"));
      }
      NodeList config = mojo.getElementsByTagName("configuration");
      for (int c = 0; c < config.getLength(); c++) {
        NodeList values = config.item(c).getChildNodes();
        for (int v = 0; v < values.getLength(); v++) {
          Matcher m = Pattern.compile("\\$\\{(preflight\\.[^}]+)}").matcher(values.item(v).getTextContent());
          if (m.find()) {
            properties.add(m.group(1));
          }
        }
      }
    }
    return new Descriptor(goals, parameters, properties);
  }

  private static String child(Element e, String tag) {
    NodeList n = e.getElementsByTagName(tag);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
  }

  // ---- the docs -------------------------------------------------------------------------------

  static List<Path> docs() throws Exception {
    List<Path> out = new ArrayList<>();
    out.add(ROOT.resolve("README.md"));
    out.add(ROOT.resolve("examples/escrow-readiness/README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  static List<Use> uses(List<Path> files, Pattern pattern) throws Exception {
    List<Use> out = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = pattern.matcher(lines.get(i));
        while (m.find()) {
          out.add(new Use(f, i + 1, m.group(1)));
        }
      }
    }
    return out;
  }

  // goal names: preflight:check, <goal>check</goal>, preflight-maven-plugin:<version>:check
  static final Pattern GOAL = Pattern.compile(
      "(?<![\\w.:/-])preflight:([a-z][a-z-]*)|<goal>([a-z][a-z-]*)</goal>|preflight-maven-plugin:[^:\\s]+:([a-z][a-z-]*)");
  // properties: -Dpreflight.x, <preflight.x> in XML, `preflight.x` in text
  static final Pattern PROPERTY = Pattern.compile(
      "-D(preflight\\.[A-Za-z][\\w.]*[A-Za-z0-9])|<(preflight\\.[A-Za-z][\\w.]*)>|`(preflight\\.[a-z][\\w.]*)`");
  static final Pattern FILE_NAME = Pattern.compile(".*\\.(yaml|yml|json|html|xml|md|txt)$");

  @Test
  void everyGoalTheDocsNameIsAGoalOfThePlugin() throws Exception {
    Descriptor d = descriptor();
    List<String> missing = new ArrayList<>();
    for (Path f : docs()) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = GOAL.matcher(lines.get(i));
        while (m.find()) {
          String goal = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
          if (goal.equals("preflight-maven-plugin")) {
            continue; // dev.preflight:preflight-maven-plugin is the artifact, not a goal
          }
          if (!d.goals().contains(goal)) {
            missing.add(new Use(f, i + 1, goal).where() + ": goal '" + goal + "' is not a goal of "
                + "the plugin (its goals: " + d.goals() + ")");
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
    assertTrue(d.goals().containsAll(List.of("check", "fuzz", "report", "snapshot", "scenario")),
        "the descriptor lists " + d.goals());
  }

  @Test
  void everyPreflightPropertyTheDocsNameIsAParameterProperty() throws Exception {
    Descriptor d = descriptor();
    List<String> missing = new ArrayList<>();
    for (Use u : uses(docs(), PROPERTY)) {
      // group 1..3 of the pattern: uses() took the first, so read the line again for the others
      for (String name : properties(u)) {
        if (FILE_NAME.matcher(name).matches() || OTHER_PROPERTIES.containsKey(name)
            || d.properties().contains(name)) {
          continue;
        }
        missing.add(u.where() + ": property '" + name + "' is not a property of any goal (the "
            + "plugin's: " + d.properties() + ")");
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", new TreeSet<>(missing)));
    for (Map.Entry<String, String> e : OTHER_PROPERTIES.entrySet()) {
      assertTrue(Files.readString(ROOT.resolve(e.getValue())).contains(e.getKey()),
          e.getKey() + " is listed as read by " + e.getValue() + ", which no longer names it");
    }
  }

  private static List<String> properties(Use u) throws Exception {
    String line = Files.readAllLines(u.file()).get(u.line() - 1);
    List<String> out = new ArrayList<>();
    Matcher m = PROPERTY.matcher(line);
    while (m.find()) {
      for (int g = 1; g <= 3; g++) {
        if (m.group(g) != null) {
          out.add(m.group(g));
        }
      }
    }
    return out.stream().distinct().toList();
  }

  @Test
  void everyParameterOfTheUserGuidesTablesIsAParameter() throws Exception {
    Descriptor d = descriptor();
    Path guide = ROOT.resolve("docs/user-guide.md");
    List<String> lines = Files.readAllLines(guide);
    List<String> missing = new ArrayList<>();
    int rows = 0;
    boolean inTable = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("| parameter |")) {
        inTable = true;
        continue;
      }
      if (!l.startsWith("|")) {
        inTable = false;
        continue;
      }
      if (inTable && !l.startsWith("| ---")) {
        rows++;
        for (String name : backticked(l.split("\\|")[1])) {
          if (!d.parameters().contains(name)) {
            missing.add(new Use(guide, i + 1, name).where() + ": parameter '" + name + "' is not "
                + "a parameter of any goal");
          }
        }
      }
    }
    assertTrue(rows >= 10, "the user guide's parameter table has " + rows + " rows");
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  private static List<String> backticked(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  // ---- the policy reference against the schema -----------------------------------------------

  @Test
  void everyKeyOfThePolicyReferenceIsInTheSchema() throws Exception {
    JsonNode schema;
    try (InputStream in = DocsMatchCodeTest.class.getResourceAsStream(
        "/dev/preflight/core/policy/preflight-policy.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    Set<String> paths = new TreeSet<>();
    collect(schema, schema, "", paths, 0);
    Path ref = ROOT.resolve("docs/policy-reference.md");
    List<String> lines = Files.readAllLines(ref);
    List<String> missing = new ArrayList<>();
    String h2 = "";
    String section = "";
    boolean inTable = false;
    int keys = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("## ") || l.startsWith("### ")) {
        String path = headingPath(l);
        if (l.startsWith("## ")) {
          h2 = path;
          section = path;
        } else {
          section = path.isEmpty() ? h2 : h2.isEmpty() ? path : h2 + "." + path;
        }
        continue;
      }
      if (l.startsWith("| Key |")) {
        inTable = true;
        continue;
      }
      if (!l.startsWith("|")) {
        inTable = false;
        continue;
      }
      if (!inTable || l.startsWith("| ---")) {
        continue;
      }
      for (String key : backticked(l.split("\\|")[1])) {
        keys++;
        String full = section.isEmpty() ? key : section + "." + key;
        String under = section.isEmpty() ? "" : section + ".";
        boolean found = paths.contains(full) || paths.stream()
            .anyMatch(p -> p.startsWith(under) && (p.endsWith("." + key) || p.equals(under + key)));
        if (!found) {
          missing.add(new Use(ref, i + 1, key).where() + ": policy key '" + full + "' is not in "
              + "the policy's JSON schema (audit-core preflight-policy.schema.json)");
        }
      }
    }
    assertTrue(keys >= 80, "keys read from the policy reference: " + keys);
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  /** {@code ## `clusters[]`} is {@code clusters}; a heading without a key path is empty. */
  private static String headingPath(String heading) {
    Matcher m = Pattern.compile("^#+ `([^`]+)`\\s*$").matcher(heading);
    if (!m.find()) {
      return "";
    }
    return m.group(1).replace("[]", "");
  }

  /** Every dotted key path of the schema (array items flattened, {@code $ref}s followed). */
  private static void collect(JsonNode root, JsonNode node, String prefix, Set<String> out, int depth) {
    if (node == null || depth > 12) {
      return;
    }
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      collect(root, root.at(ref.substring(1)), prefix, out, depth + 1);
    }
    node.path("properties").properties().forEach(e -> {
      String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      out.add(p);
      collect(root, e.getValue(), p, out, depth + 1);
    });
    if (node.path("items").isObject()) {
      collect(root, node.get("items"), prefix, out, depth + 1);
    }
    if (node.path("additionalProperties").isObject()) {
      collect(root, node.get("additionalProperties"), prefix, out, depth + 1);
    }
    for (String k : List.of("oneOf", "anyOf", "allOf")) {
      for (JsonNode alt : node.path(k)) {
        collect(root, alt, prefix, out, depth + 1);
      }
    }
  }

  // ---- the complete example against the reference escrow's IDL --------------------------------

  @Test
  void theCompleteExamplesPresetAndRuleReadFieldsOfTheEscrowsConfig() throws Exception {
    Path ref = ROOT.resolve("docs/policy-reference.md");
    String text = Files.readString(ref);
    int at = text.indexOf("## A complete example");
    int start = text.indexOf("```yaml\n", at) + "```yaml\n".length();
    JsonNode example = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(text.substring(start, text.indexOf("```", start)));
    dev.preflight.core.idl.Idl idl = dev.preflight.core.idl.Idl.load(
        ROOT.resolve("fixtures/escrow/idl/escrow.json"));
    List<String> missing = new ArrayList<>();
    JsonNode preset = example.path("presets").path("token-sale-escrow");
    assertTrue(preset.isObject(), "the complete example has no token-sale-escrow preset");
    int paths = 0;
    for (var role : preset.properties()) {
      if (role.getKey().equals("account")) {
        continue;
      }
      for (var field : role.getValue().properties()) {
        if (field.getValue().isTextual()) {
          paths++;
          if (!resolves(idl, "GlobalConfig", field.getValue().asText())) {
            missing.add("presets.token-sale-escrow." + role.getKey() + "." + field.getKey() + ": "
                + field.getValue().asText());
          }
        }
      }
    }
    for (JsonNode rule : example.path("rules")) {
      Matcher m = Pattern.compile("\\b[a-z][a-z0-9_.]*\\b").matcher(rule.path("expr").asText());
      while (m.find()) {
        paths++;
        if (!resolves(idl, rule.path("account").path("type").asText(), m.group())) {
          missing.add("rules[" + rule.path("id").asText() + "].expr: " + m.group());
        }
      }
    }
    assertTrue(paths >= 9, "field paths read: " + paths);
    assertTrue(missing.isEmpty(), ROOT.relativize(ref) + " (A complete example) names fields the "
        + "escrow's IDL does not have: " + missing);
  }

  /** Whether the dotted field path exists in the IDL type (nested structs followed). */
  private static boolean resolves(dev.preflight.core.idl.Idl idl, String typeName, String path) {
    String type = typeName;
    for (String part : path.split("\\.")) {
      var def = idl.type(type);
      if (def.isEmpty() || !(def.get().body() instanceof dev.preflight.core.idl.IdlTypeDef.Struct st)
          || !(st.fields() instanceof dev.preflight.core.idl.IdlFields.Named named)) {
        return false;
      }
      var f = named.fields().stream().filter(x -> x.name().equals(part)).findFirst();
      if (f.isEmpty()) {
        return false;
      }
      type = f.get().type() instanceof dev.preflight.core.idl.IdlType.Defined d ? d.name() : "";
    }
    return true;
  }
}
