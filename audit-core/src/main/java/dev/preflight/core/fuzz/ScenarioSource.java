package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.policy.LocatedYaml;
import dev.preflight.core.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A scenario as read, with where its parts stand: a file (YAML or JSON, read with positions so a
 * problem is reported as {@code file:line:column}) or the {@code fuzz.scenario} mapping of the
 * policy.
 *
 * @param name how the scenario is shown: the file as the user wrote it, or {@code fuzz.scenario}
 * @param root the scenario's tree ({@code {"calls": [...]}})
 * @param located positions of the tree's keys and values, when known
 * @param prefix the JSON pointer of the scenario inside {@code located} ({@code /fuzz/scenario}
 *     for a scenario written in the policy, empty for a file)
 */
public record ScenarioSource(String name, JsonNode root, Optional<LocatedYaml> located, String prefix) {

  /** A scenario given as a tree, without positions (the policy's inline {@code fuzz.scenario}). */
  public static ScenarioSource inline(JsonNode root) {
    return new ScenarioSource("fuzz.scenario", root, Optional.empty(), "");
  }

  /** A scenario inside a located policy, at {@code pointer}. */
  public static ScenarioSource inPolicy(LocatedYaml policy, String pointer) {
    JsonNode root = policy.root().at(pointer);
    return new ScenarioSource(policy.file(), root, Optional.of(policy), pointer);
  }

  /**
   * Reads a scenario file; {@code shown} is how the file is named in messages. A file that cannot
   * be read or does not parse fails naming the file (and the line and column of a syntax error).
   */
  public static ScenarioSource read(Path file, String shown) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new PreflightException("fuzz.scenario: cannot read " + shown + ": " + e.getMessage()
          + "; give a JSON or YAML file with a 'calls' list (see docs/fuzz-scenarios.md)");
    }
    try {
      LocatedYaml y = LocatedYaml.parse(text, shown); // YAML 1.2 reads JSON as well
      return new ScenarioSource(shown, y.root(), Optional.of(y), "");
    } catch (PolicyException e) {
      throw new PreflightException(e.getMessage().replace("docs/policy-reference.md",
          "docs/fuzz-scenarios.md"), e);
    }
  }

  /**
   * Where the member at {@code pointer} (relative to the scenario) stands: {@code
   * fuzz/calls.yaml:12:7 calls[0].accounts.vault}, or {@code fuzz.scenario.calls[0].accounts.vault}
   * without positions.
   */
  public String at(String pointer) {
    if (located.isEmpty()) {
      return name + "." + LocatedYaml.displayPath(pointer);
    }
    LocatedYaml.Mark m = located.get().mark(prefix + pointer);
    String path = LocatedYaml.displayPath(prefix + pointer);
    return name + ":" + m.line() + ":" + m.column() + " " + path;
  }
}
