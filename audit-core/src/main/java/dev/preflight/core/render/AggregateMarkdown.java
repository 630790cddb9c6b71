package dev.preflight.core.render;

import java.util.List;
import java.util.Map;

/**
 * The aggregate of a multi-module build as Markdown ({@code aggregate.md}): the combined gate,
 * then one section per module. Every value is escaped as in the checklist: strings that came from
 * a chain stay text. The model is the plain map {@code dev.preflight.core.reactor.AggregateWriter}
 * builds.
 */
public final class AggregateMarkdown {
  private AggregateMarkdown() {}

  @SuppressWarnings("unchecked")
  public static String write(Map<String, Object> model) {
    StringBuilder b = new StringBuilder("# Preflight aggregate\n\n");
    b.append("**Combined gate: ").append(esc(model.get("summary"))).append("**\n\n");
    for (String r : (List<String>) model.get("reasons")) {
      b.append("- ").append(esc(r)).append('\n');
    }
    for (Map<String, Object> mod : (List<Map<String, Object>>) model.get("modules")) {
      b.append("\n## ").append(esc(mod.get("module")));
      if ("audited".equals(mod.get("status"))) {
        b.append(": ").append(esc(mod.get("project"))).append("\n\n");
        b.append("- program `").append(mod.get("programId")).append('`')
            .append(Boolean.TRUE.equals(mod.get("mainnet")) ? " (mainnet policy)" : "")
            .append('\n');
        b.append("- gate: ").append(esc(mod.get("gate"))).append('\n');
        for (String r : (List<String>) mod.get("reasons")) {
          b.append("  - ").append(esc(r)).append('\n');
        }
        StringBuilder counts = new StringBuilder();
        ((Map<String, Object>) mod.get("outcomes")).forEach((k, v) -> counts
            .append(counts.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        b.append("- results: ").append(counts).append('\n');
        String reports = (String) mod.get("reports");
        if (!reports.isEmpty()) {
          b.append("- reports: [").append(esc(reports + "/index.html")).append("](")
              .append(reports.replace(" ", "%20")).append("/index.html)\n");
        }
      } else {
        b.append(": ").append(esc(mod.get("status"))).append("\n\n")
            .append(esc(mod.get("reason"))).append('\n');
      }
    }
    return b.toString();
  }

  private static String esc(Object o) {
    return ChecklistMarkdown.esc(o == null ? "" : o.toString());
  }
}
