package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.preflight.checks.checklist.SeedChecklist;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.Checklist;
import dev.preflight.core.checklist.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/check-catalog.md} is generated from the built-in checks' metadata (the same
 * {@link CheckRegistry} the plugin loads). This test fails when the file is stale; regenerate it
 * with {@code ./mvnw -pl maven-plugin -am test -Dtest=CheckCatalogDocTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpreflight.updateDocs=true}.
 */
class CheckCatalogDocTest {

  @Test
  void catalogMatchesTheChecks() throws IOException {
    Path file = Path.of(System.getProperty("preflight.root"), "docs", "check-catalog.md");
    String expected = render(CheckRegistry.load(getClass().getClassLoader()).definitions(),
        SeedChecklist.load());
    if (Boolean.getBoolean("preflight.updateDocs")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertEquals(expected, actual, "docs/check-catalog.md is stale; regenerate it with "
        + "-Dpreflight.updateDocs=true (see this test's documentation)");
  }

  static String render(List<CheckInfo> checks, Checklist checklist) {
    StringBuilder b = new StringBuilder();
    b.append("# Check catalog\n\n");
    b.append("<!-- Generated from the checks' metadata by CheckCatalogDocTest "
        + "(maven-plugin/src/test); do not edit by hand. -->\n\n");
    b.append("The built-in checks of `preflight-checks`, found with `ServiceLoader` exactly as the "
        + "plugin finds them. Each result carries its check id; suppress, re-grade "
        + "(`severities:` in [the policy](policy-reference.md)) or look up a finding by it. "
        + "Rules and presets you declare in `preflight.yaml` add ids of their own (see the policy "
        + "reference); attestations appear as `attestation.<item id>`.\n\n");
    b.append("| id | title | default severity |\n| --- | --- | --- |\n");
    for (CheckInfo c : checks) {
      b.append("| [`").append(c.id()).append("`](#").append(anchor(c.id())).append(") | ")
          .append(cell(c.title())).append(" | ").append(c.severity().label()).append(" |\n");
    }
    for (CheckInfo c : checks) {
      b.append("\n## ").append(c.id()).append("\n\n");
      b.append("**").append(c.title()).append("** (default severity: ")
          .append(c.severity().label()).append(")\n\n");
      b.append(c.rationale().strip()).append("\n\n");
      b.append("*Remediation:* ").append(c.remediation().strip()).append("\n");
      if (!c.checklist().isEmpty()) {
        b.append("\nAnswers these checklist items:\n\n");
        for (String id : c.checklist()) {
          Optional<Item> item = checklist.item(id);
          b.append("- `").append(id).append("`")
              .append(item.map(i -> ": " + i.text().strip()).orElse("")).append('\n');
        }
      }
      if (!c.references().isEmpty()) {
        b.append("\nReferences:\n\n");
        c.references().forEach(r -> b.append("- ").append(r).append('\n'));
      }
    }
    return b.toString();
  }

  private static String anchor(String id) {
    return id.replace(".", "");
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
