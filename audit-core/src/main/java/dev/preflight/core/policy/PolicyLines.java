package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where in {@code preflight.yaml} a check is configured, so a code-scanning alert opens at the
 * line a team would edit. Looked up in this order: the check's own {@code severities} entry; a
 * rule whose {@code id} is the check id; in the policy section that configures the check's family
 * ({@link #SECTIONS}), the first key naming the check's subject (its id's first word after the
 * family, e.g. {@code threshold} finds {@code governance.minThreshold}); that section's key. A
 * check the policy does not configure has no line (SARIF then points at line 1).
 */
public final class PolicyLines {
  /**
   * The policy section that configures each check family (the id's first segment), in the order
   * to search. Families absent here (a third-party check) fall back to their severities entry.
   */
  static final Map<String, List<String>> SECTIONS = Map.of(
      "program", List.of("/program"),
      "multisig", List.of("/governance"),
      "config", List.of("/presets", "/rules"),
      "mint", List.of("/mints"),
      "ops", List.of("/ops"),
      "evidence", List.of("/evidence", "/attestations"),
      "deploy", List.of("/clusters"),
      "fuzz", List.of("/fuzz"),
      "wiring", List.of("/fuzz/emergencyStop", "/fuzz"));

  private static final PolicyLines NONE = new PolicyLines(null);

  private final LocatedYaml doc;

  private PolicyLines(LocatedYaml doc) {
    this.doc = doc;
  }

  /** No policy text: every check falls back. */
  public static PolicyLines none() {
    return NONE;
  }

  /**
   * Reads {@code policyFile}. The audit has loaded it already, so a file that no longer reads
   * (changed since) only loses the lines, never the report.
   */
  public static PolicyLines read(Path policyFile) {
    try {
      return of(Files.readString(policyFile, StandardCharsets.UTF_8), policyFile.toString());
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  public static PolicyLines of(String text, String file) {
    try {
      return new PolicyLines(LocatedYaml.parse(text, file));
    } catch (PolicyException e) {
      return NONE;
    }
  }

  /** The 1-based line that configures {@code checkId}, if the policy has one. */
  public OptionalInt lineOf(String checkId) {
    if (doc == null) {
      return OptionalInt.empty();
    }
    var severity = doc.keyMark("/severities/" + escape(checkId));
    if (severity.isPresent()) {
      return OptionalInt.of(severity.get().line());
    }
    JsonNode rules = doc.root().path("rules");
    for (int i = 0; i < rules.size(); i++) {
      if (checkId.equals(rules.get(i).path("id").asText())) {
        return OptionalInt.of(doc.mark("/rules/" + i).line());
      }
    }
    int dot = checkId.indexOf('.');
    String family = dot < 0 ? checkId : checkId.substring(0, dot);
    String word = dot < 0 ? "" : checkId.substring(dot + 1).split("[-.]")[0]
        .toLowerCase(Locale.ROOT);
    for (String section : SECTIONS.getOrDefault(family, List.of())) {
      var sectionMark = doc.keyMark(section);
      if (sectionMark.isEmpty()) {
        continue;
      }
      if (!word.isEmpty()) {
        var named = doc.keyMarks().entrySet().stream()
            .filter(e -> e.getKey().startsWith(section + "/"))
            .filter(e -> last(e.getKey()).toLowerCase(Locale.ROOT).contains(word))
            .map(Map.Entry::getValue)
            .min(Comparator.comparingInt(LocatedYaml.Mark::line)
                .thenComparingInt(LocatedYaml.Mark::column));
        if (named.isPresent()) {
          return OptionalInt.of(named.get().line());
        }
      }
      return OptionalInt.of(sectionMark.get().line());
    }
    return OptionalInt.empty();
  }

  private static String last(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
