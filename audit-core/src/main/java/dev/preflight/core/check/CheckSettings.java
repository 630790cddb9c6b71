package dev.preflight.core.check;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.preflight.core.policy.LocatedYaml;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.policy.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds and validates the {@code checks:} sections of a policy against the checks that own them
 * ({@link Configurable}). Every problem of every section is reported at once, located in the
 * policy file.
 */
public final class CheckSettings {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .build();

  private CheckSettings() {}

  /**
   * Checks every section under {@code checks:}: each must belong to a check on the class path
   * that owns a section, and bind to its record. Throws one {@link PolicyException} with every
   * problem.
   */
  public static void validate(Policy policy, CheckRegistry registry) {
    Optional<JsonNode> sections = policy.extension("checks");
    if (sections.isEmpty()) {
      return;
    }
    Map<String, Configurable<?>> owners = new HashMap<>();
    for (Check c : registry.checks()) {
      if (c instanceof Configurable<?> conf) {
        owners.put(conf.sectionId(), conf);
      }
    }
    Where where = Where.of(policy);
    List<SourceProblem> problems = new ArrayList<>();
    sections.get().fieldNames().forEachRemaining(id -> {
      String ptr = "/checks/" + id;
      Configurable<?> owner = owners.get(id);
      if (owner == null) {
        String why = registry.definition(id).isPresent()
            ? "check '" + id + "' takes no settings"
            : "no check on the class path has the id '" + id + "'"
                + Suggestions.didYouMean(id, new TreeSet<>(owners.keySet()));
        problems.add(where.problem(ptr, why + "; the checks that own a section are: "
            + (owners.isEmpty() ? "none" : String.join(", ", new TreeSet<>(owners.keySet())))));
        return;
      }
      bind(sections.get().get(id), owner.settingsType(), ptr, where, problems);
    });
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
  }

  /** The settings of {@code owner} in {@code policy}, empty when the policy has no section. */
  public static <S extends Record> Optional<S> of(Policy policy, Configurable<S> owner) {
    Optional<JsonNode> node = policy.checkSection(owner.sectionId());
    if (node.isEmpty()) {
      return Optional.empty();
    }
    List<SourceProblem> problems = new ArrayList<>();
    S s = bind(node.get(), owner.settingsType(), "/checks/" + owner.sectionId(), Where.of(policy),
        problems);
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return Optional.of(s);
  }

  private static <S> S bind(JsonNode node, Class<S> type, String ptr, Where where,
                            List<SourceProblem> problems) {
    if (type.isRecord() && node.isObject()) {
      // Keys first: Jackson reports a record's missing component before an unknown key, and a
      // misspelt key is the likelier mistake.
      List<String> known = java.util.Arrays.stream(type.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName).sorted().toList();
      int before = problems.size();
      node.fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) {
          problems.add(where.problem(ptr + "/" + k, "unknown key '" + k + "'"
              + Suggestions.didYouMean(k, known) + "; expected one of: "
              + String.join(", ", known)));
        }
      });
      if (problems.size() > before) {
        return null;
      }
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problems.add(where.problem(ptr, cause.getMessage()));
    } catch (UnrecognizedPropertyException e) {
      problems.add(where.problem(pointer(ptr, e), "unknown key '" + e.getPropertyName()
          + "'; expected one of: " + e.getKnownPropertyIds().stream().map(Object::toString)
          .sorted().collect(Collectors.joining(", "))));
    } catch (InvalidFormatException e) {
      problems.add(where.valueProblem(pointer(ptr, e), "expected " + expected(e.getTargetType())
          + ", got " + e.getValue()));
    } catch (MismatchedInputException e) {
      String at = pointer(ptr, e);
      if (node.at(at.substring(ptr.length())).isMissingNode()) {
        problems.add(where.problem(ptr, "missing required key '"
            + at.substring(at.lastIndexOf('/') + 1) + "' (" + expected(e.getTargetType()) + ")"));
      } else {
        problems.add(where.valueProblem(at, "expected " + expected(e.getTargetType())));
      }
    } catch (IOException e) {
      problems.add(where.problem(ptr, e.getMessage()));
    }
    return null;
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "a different value";
    }
    if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a text";
    }
    if (List.class.isAssignableFrom(t)) {
      return "a list";
    }
    return t.isRecord() ? "a mapping" : "a " + t.getSimpleName();
  }

  private static String pointer(String base, JsonMappingException e) {
    StringBuilder sb = new StringBuilder(base);
    for (JsonMappingException.Reference r : e.getPath()) {
      sb.append('/').append(r.getFieldName() != null ? r.getFieldName() : r.getIndex());
    }
    return sb.toString();
  }

  /** Locates problems in the policy file when it can be read, else by path alone. */
  private record Where(String file, Optional<LocatedYaml> doc) {
    static Where of(Policy policy) {
      String file = policy.source() == null ? "preflight.yaml" : policy.source().toString();
      try {
        if (policy.source() != null && Files.isRegularFile(policy.source())) {
          return new Where(file, Optional.of(LocatedYaml.parse(
              Files.readString(policy.source()), file)));
        }
      } catch (IOException | PolicyException e) {
        // located by path alone
      }
      return new Where(file, Optional.empty());
    }

    SourceProblem problem(String ptr, String message) {
      return doc.map(d -> d.problem(ptr, message)).orElseGet(() ->
          new SourceProblem(file, 0, 0, LocatedYaml.displayPath(ptr), message));
    }

    SourceProblem valueProblem(String ptr, String message) {
      return doc.map(d -> d.valueProblem(ptr, message)).orElseGet(() ->
          new SourceProblem(file, 0, 0, LocatedYaml.displayPath(ptr), message));
    }
  }
}
