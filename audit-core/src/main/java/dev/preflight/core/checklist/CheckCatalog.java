package dev.preflight.core.checklist;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The check catalog as Markdown, from the registry's metadata and the checklist items the checks
 * answer: {@code docs/check-catalog.md} for the built-in checks, and {@code preflight:catalog} for
 * whatever is on a build's class path (third-party checks included).
 */
public final class CheckCatalog {
  private CheckCatalog() {}

  /** The catalog of every check on {@code loader}'s class path, against the built-in checklist. */
  public static String forClassPath(ClassLoader loader) {
    List<CheckInfo> definitions = CheckRegistry.load(loader).definitions();
    return markdown(definitions, ChecklistLoader.builtin(loader, definitions));
  }

  public static String markdown(List<CheckInfo> checks, Checklist checklist) {
    StringBuilder b = new StringBuilder();
    b.append("# Check catalog\n\n");
    b.append("<!-- Generated from the check registry by CheckCatalog (`mvn preflight:catalog`); "
        + "do not edit by hand. -->\n\n");
    b.append("Every check id a run can report (state checks, config presets, fuzz oracles, "
        + "wiring checks, the upgrade diff, and any check jar on the plugin's dependencies), "
        + "found with "
        + "`ServiceLoader` exactly as the plugin finds them. Each result carries its check id; "
        + "suppress, re-grade "
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
