package dev.preflight.core.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.policy.LocatedYaml;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.policy.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a checklist YAML and validates it: known keys only, unique ids, each item answered in
 * exactly one way, every check id in the set the caller knows and every referenced item present.
 * All problems are reported together, located in the file.
 */
public final class ChecklistLoader {
  /** Class-path location of the built-in checklist (shipped by the preflight-checks jar). */
  public static final String BUILTIN_RESOURCE = "dev/preflight/checks/checklist.yaml";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");

  private ChecklistLoader() {}

  /**
   * The built-in checklist from {@code loader}'s class path, each item answered by the checks in
   * {@code definitions} that name it.
   */
  public static Checklist builtin(ClassLoader loader, List<CheckInfo> definitions) {
    try (InputStream in = loader.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new PreflightException("The checklist " + BUILTIN_RESOURCE + " is not on the class "
            + "path; add the preflight-checks jar to the plugin's dependencies.");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILTIN_RESOURCE,
          definitions);
    } catch (IOException e) {
      throw new PreflightException("The checklist " + BUILTIN_RESOURCE + " could not be read: "
          + e.getMessage(), e);
    }
  }

  public static Checklist load(Path file, List<CheckInfo> definitions) {
    try {
      return parse(Files.readString(file), file.toString(), definitions);
    } catch (IOException e) {
      throw new ChecklistException(List.of(new SourceProblem(file.toString(), 0, 0, "",
          "could not be read: " + e.getMessage())));
    }
  }

  /**
   * Parses {@code text} (named {@code file} in messages). The checklist says which items a person
   * attests ({@code manual}) and which group parts; every other item is answered by the checks
   * whose {@link CheckInfo#checklist()} names it. The mapping is declared once, on the checks, and
   * derived here: an automated item no check names, or a check naming an item that is not an
   * automated one, is an error.
   */
  public static Checklist parse(String text, String file, List<CheckInfo> definitions) {
    LocatedYaml doc;
    try {
      doc = LocatedYaml.parse(text, file);
    } catch (PolicyException e) {
      throw new ChecklistException(e.problems());
    }
    Reader r = new Reader(doc);
    Checklist c = r.checklist();
    r.checkReferences(c);
    if (!r.problems.isEmpty()) {
      throw new ChecklistException(r.problems);
    }
    Checklist answered = answer(c, definitions, file, r.problems);
    if (!r.problems.isEmpty()) {
      throw new ChecklistException(r.problems);
    }
    return answered;
  }

  /** Fills each automated item's checks from the definitions that name it (sorted by id). */
  private static Checklist answer(Checklist c, List<CheckInfo> definitions, String file,
                                  List<SourceProblem> problems) {
    Map<String, Item> byId = new HashMap<>();
    c.items().forEach(i -> byId.put(i.id(), i));
    Map<String, Set<String>> answers = new HashMap<>();
    for (CheckInfo d : definitions) {
      for (String itemId : d.checklist()) {
        Item item = byId.get(itemId);
        String why = item == null ? "which does not exist" + Suggestions.didYouMean(itemId,
            new TreeSet<>(byId.keySet()))
            : item.manual() ? "which a person attests (manual: true); name an automated item"
            : !item.isLeaf() ? "which groups parts; name the parts it answers"
            : null;
        if (why != null) {
          problems.add(new SourceProblem(file, 0, 0, "", "check " + d.id()
              + " names checklist item '" + itemId + "', " + why));
        } else {
          answers.computeIfAbsent(itemId, k -> new TreeSet<>()).add(d.id());
        }
      }
    }
    for (Item i : c.items()) {
      if (i.isLeaf() && !i.manual() && !answers.containsKey(i.id())) {
        problems.add(new SourceProblem(file, 0, 0, "", "checklist item '" + i.id()
            + "' is answered by no check on the class path: declare it in a check's checklist "
            + "items, or mark it 'manual: true'"));
      }
    }
    List<Phase> phases = c.phases().stream().map(p -> new Phase(p.id(), p.kind(), p.title(),
        p.sections().stream().map(s -> new Section(s.id(), s.title(),
            s.items().stream().map(i -> withChecks(i, answers)).toList())).toList())).toList();
    return new Checklist(c.id(), c.title(), c.source(), phases, c.criteria());
  }

  private static Item withChecks(Item i, Map<String, Set<String>> answers) {
    return new Item(i.id(), i.text(), List.copyOf(answers.getOrDefault(i.id(), Set.of())),
        i.manual(), i.parts().stream().map(p -> withChecks(p, answers)).toList(), i.related());
  }

  private static final class Reader {
    private final LocatedYaml doc;
    private final List<SourceProblem> problems = new ArrayList<>();
    private final Map<String, String> ids = new HashMap<>();

    Reader(LocatedYaml doc) {
      this.doc = doc;
    }

    Checklist checklist() {
      JsonNode root = doc.root();
      if (!keys(root, "", Set.of("id", "title", "phases", "criteria"), Set.of("source"))) {
        return new Checklist("", "", "", List.of(), List.of());
      }
      List<Phase> phases = new ArrayList<>();
      JsonNode ps = list(root, "", "phases");
      for (int i = 0; i < ps.size(); i++) {
        phases.add(phase(ps.get(i), "/phases/" + i));
      }
      List<Criterion> criteria = new ArrayList<>();
      JsonNode cs = list(root, "", "criteria");
      for (int i = 0; i < cs.size(); i++) {
        criteria.add(criterion(cs.get(i), "/criteria/" + i));
      }
      return new Checklist(text(root, "", "id"), text(root, "", "title"),
          root.path("source").asText(""), phases, criteria);
    }

    private Phase phase(JsonNode n, String ptr) {
      keys(n, ptr, Set.of("id", "kind", "title", "sections"), Set.of());
      String id = id(n, ptr, "");
      Phase.Kind kind = Phase.Kind.ROADMAP;
      String k = text(n, ptr, "kind");
      try {
        kind = Phase.Kind.valueOf(k.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(doc.valueProblem(ptr + "/kind", "expected one of "
            + Arrays.stream(Phase.Kind.values()).map(Phase.Kind::label).toList() + ", got \""
            + k + "\""));
      }
      List<Section> sections = new ArrayList<>();
      JsonNode ss = list(n, ptr, "sections");
      for (int i = 0; i < ss.size(); i++) {
        sections.add(section(ss.get(i), ptr + "/sections/" + i, id));
      }
      return new Phase(id, kind, text(n, ptr, "title"), sections);
    }

    private Section section(JsonNode n, String ptr, String phaseId) {
      keys(n, ptr, Set.of("id", "title", "items"), Set.of());
      String id = id(n, ptr, phaseId);
      List<Item> items = new ArrayList<>();
      JsonNode is = list(n, ptr, "items");
      for (int i = 0; i < is.size(); i++) {
        items.add(item(is.get(i), ptr + "/items/" + i, id));
      }
      return new Section(id, text(n, ptr, "title"), items);
    }

    private Item item(JsonNode n, String ptr, String prefix) {
      keys(n, ptr, Set.of("id", "text"), Set.of("manual", "parts", "related"));
      String id = id(n, ptr, prefix);
      boolean manual = n.path("manual").asBoolean(false);
      if (n.has("manual") && !n.get("manual").isBoolean()) {
        problems.add(doc.valueProblem(ptr + "/manual", "expected true or false"));
      }
      List<Item> parts = new ArrayList<>();
      JsonNode ps = n.path("parts");
      if (n.has("parts") && !ps.isArray()) {
        problems.add(doc.valueProblem(ptr + "/parts", "expected a list of items"));
      }
      for (int i = 0; i < ps.size(); i++) {
        // Parts keep their parent's section prefix (act.medium.1.flag-packing under act.medium).
        parts.add(item(ps.get(i), ptr + "/parts/" + i, prefix));
      }
      if (manual && !parts.isEmpty()) {
        problems.add(doc.problem(ptr, "item '" + id + "' is either attested ('manual: true') or "
            + "groups 'parts', not both"));
      }
      // The checks answering an automated item come from the checks' own declarations.
      return new Item(id, text(n, ptr, "text"), List.of(), manual, parts,
          strings(n, ptr, "related"));
    }

    private Criterion criterion(JsonNode n, String ptr) {
      keys(n, ptr, Set.of("id", "text", "rollsUp"), Set.of());
      return new Criterion(id(n, ptr, ""), text(n, ptr, "text"), strings(n, ptr, "rollsUp"));
    }

    void checkReferences(Checklist c) {
      Set<String> itemIds = new LinkedHashSet<>();
      c.items().forEach(i -> itemIds.add(i.id()));
      for (int k = 0; k < c.criteria().size(); k++) {
        Criterion cr = c.criteria().get(k);
        if (cr.rollsUp().isEmpty()) {
          problems.add(doc.problem("/criteria/" + k + "/rollsUp", "criterion '" + cr.id()
              + "' rolls up no items; list the items that show it is met"));
        }
        references(cr.rollsUp(), "/criteria/" + k + "/rollsUp", itemIds);
      }
      // related lists sit on items at any depth: find them by walking the tree.
      walkRelated(doc.root().path("phases"), "/phases", itemIds);
    }

    private void walkRelated(JsonNode n, String ptr, Set<String> itemIds) {
      if (n.isObject()) {
        if (n.has("related")) {
          references(strings(n, ptr, "related"), ptr + "/related", itemIds);
        }
        n.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("related")) {
            walkRelated(e.getValue(), LocatedYaml.child(ptr, e.getKey()), itemIds);
          }
        });
      } else if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          walkRelated(n.get(i), ptr + "/" + i, itemIds);
        }
      }
    }

    private void references(List<String> refs, String ptr, Set<String> itemIds) {
      for (int i = 0; i < refs.size(); i++) {
        if (!itemIds.contains(refs.get(i))) {
          problems.add(doc.valueProblem(ptr + "/" + i, "unknown item id '" + refs.get(i) + "'"
              + Suggestions.didYouMean(refs.get(i), itemIds)));
        }
      }
    }

    // ---- small readers ----

    private String id(JsonNode n, String ptr, String prefix) {
      String id = text(n, ptr, "id");
      if (id.isEmpty()) {
        return id;
      }
      if (!ID.matcher(id).matches()) {
        problems.add(doc.valueProblem(ptr + "/id", "expected an id of lower-case words joined "
            + "by '.' ('p1.3.multisig-admin'), got \"" + id + "\""));
      } else if (!prefix.isEmpty() && !id.startsWith(prefix + ".")) {
        problems.add(doc.valueProblem(ptr + "/id", "id '" + id + "' should start with its "
            + "parent's id '" + prefix + ".'"));
      }
      String prev = ids.putIfAbsent(id, ptr);
      if (prev != null) {
        problems.add(doc.valueProblem(ptr + "/id", "duplicate id '" + id + "' (also at "
            + LocatedYaml.displayPath(prev) + "); ids must be unique"));
      }
      return id;
    }

    private boolean keys(JsonNode n, String ptr, Set<String> required, Set<String> optional) {
      if (!n.isObject()) {
        problems.add(doc.valueProblem(ptr, "expected a mapping"));
        return false;
      }
      Set<String> allowed = new TreeSet<>(required);
      allowed.addAll(optional);
      n.fieldNames().forEachRemaining(k -> {
        if (!allowed.contains(k)) {
          problems.add(doc.problem(LocatedYaml.child(ptr, k), "unknown key '" + k + "'"
              + Suggestions.closest(k, allowed).map(s -> "; did you mean '" + s + "'?")
              .orElse("; expected one of: " + String.join(", ", allowed))));
        }
      });
      for (String k : new TreeSet<>(required)) {
        if (!n.has(k)) {
          problems.add(doc.problem(ptr, "missing required key '" + k + "'"));
        }
      }
      return true;
    }

    private String text(JsonNode n, String ptr, String key) {
      JsonNode v = n.get(key);
      if (v == null) {
        return "";
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        problems.add(doc.valueProblem(LocatedYaml.child(ptr, key), "expected a non-empty text"));
        return "";
      }
      return v.asText();
    }

    private JsonNode list(JsonNode n, String ptr, String key) {
      JsonNode v = n.path(key);
      if (n.has(key) && !v.isArray()) {
        problems.add(doc.valueProblem(LocatedYaml.child(ptr, key), "expected a list"));
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      }
      return v;
    }

    private List<String> strings(JsonNode n, String ptr, String key) {
      List<String> out = new ArrayList<>();
      JsonNode v = list(n, ptr, key);
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual()) {
          problems.add(doc.valueProblem(LocatedYaml.child(ptr, key) + "/" + i, "expected a text"));
        } else {
          out.add(v.get(i).asText());
        }
      }
      return out;
    }
  }
}
