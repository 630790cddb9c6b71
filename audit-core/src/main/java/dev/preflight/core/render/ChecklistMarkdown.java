package dev.preflight.core.render;

import dev.preflight.core.gate.GateResult;
import java.util.List;

/**
 * {@code checklist.md}: the auditor's checklist as Markdown. Readiness figures, then each checklist
 * group with a task-list box per item ({@code - [x]} when its status is satisfied), its id and
 * status, the checks that decided it and the explorer links of their evidence. Every string from
 * the report is escaped, so an on-chain value cannot inject Markdown or HTML.
 */
final class ChecklistMarkdown {
  private ChecklistMarkdown() {}

  static String write(ReportModel m, GateResult gate) {
    StringBuilder b = new StringBuilder();
    b.append("# Auditor checklist: ").append(esc(m.project())).append("\n\n");
    b.append("- Program: ").append(link(m.programId(), m.programLink())).append('\n');
    b.append("- Target: ").append(m.mainnet() ? "mainnet (strict policy)" : "pre-mainnet")
        .append('\n');
    b.append("- Policy: ").append(esc(m.policyFile())).append('\n');
    b.append("- Generated: ").append(esc(m.generatedAt())).append(" by Preflight ")
        .append(esc(m.toolVersion())).append('\n');
    b.append("- Gate: **").append(gate.verdict().name()).append("** (")
        .append(esc(gate.summary())).append(")\n");
    for (ReportModel.Reason r : m.gate().reasons()) {
      b.append("  - ").append(esc(r.message())).append('\n');
    }
    b.append('\n');

    b.append("## Readiness\n\n");
    if (!m.phases().isEmpty() || !m.otherReadiness().isEmpty()) {
      b.append("| Id | Title | Kind | Satisfied | Total | Readiness |\n");
      b.append("| --- | --- | --- | ---: | ---: | ---: |\n");
      for (List<ReportModel.ReadinessRow> rows : List.of(m.phases(), m.otherReadiness())) {
        for (ReportModel.ReadinessRow r : rows) {
          b.append("| ").append(esc(r.id())).append(" | ").append(esc(r.title())).append(" | ")
              .append(esc(r.kind().label())).append(" | ").append(r.satisfied()).append(" | ")
              .append(r.total()).append(" | ").append(r.percentText()).append(" |\n");
        }
      }
      b.append('\n');
    } else {
      b.append("The report carries no readiness figures.\n\n");
    }
    if (!m.criteria().isEmpty()) {
      b.append("### Production-ready criteria\n\n");
      for (ReportModel.ReadinessRow c : m.criteria()) {
        boolean met = c.total() > 0 && c.satisfied() == c.total();
        b.append("- [").append(met ? 'x' : ' ').append("] **").append(esc(c.id())).append("** ")
            .append(esc(c.title())).append(": ").append(c.satisfied()).append('/')
            .append(c.total()).append(met ? " met" : " not met").append('\n');
      }
      b.append('\n');
    }

    for (ReportModel.ChecklistGroup g : m.checklist()) {
      b.append("## ").append(esc(g.name())).append(" (").append(g.satisfied()).append('/')
          .append(g.total()).append(")\n\n");
      for (ReportModel.ItemView it : g.items()) {
        b.append("- [").append(it.satisfied() ? 'x' : ' ').append("] **").append(esc(it.id()))
            .append("** ").append(esc(it.text())).append(": ").append(esc(it.status().label()));
        if (!it.reason().isBlank()) {
          b.append(" (").append(esc(it.reason())).append(')');
        }
        b.append('\n');
        if (!it.checks().isEmpty()) {
          b.append("  - checks: ").append(String.join(", ",
              it.checks().stream().map(ChecklistMarkdown::esc).toList())).append('\n');
        }
        if (!it.links().isEmpty()) {
          b.append("  - evidence: ").append(String.join(", ",
              it.links().stream().map(l -> link(l.label(), l.href())).toList())).append('\n');
        }
      }
      b.append('\n');
    }

    List<ReportModel.ResultView> suppressed = m.suppressed();
    if (!suppressed.isEmpty()) {
      b.append("## Suppressed findings\n\n");
      for (ReportModel.ResultView r : suppressed) {
        b.append("- **").append(esc(r.checkId())).append("** ").append(esc(r.subject()))
            .append(" (").append(esc(r.severity().label())).append("): suppressed by ")
            .append(esc(r.suppressionOwner())).append(" until ").append(esc(r.suppressionExpires()))
            .append(": ").append(esc(r.suppressionReason())).append('\n');
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A link when there is an href (always an explorer URL built from a checked address). */
  private static String link(String label, String href) {
    return href.isEmpty() ? esc(label) : "[" + esc(label) + "](" + href + ")";
  }

  /**
   * Escapes every character that can start Markdown or HTML syntax inline (CommonMark lets any
   * ASCII punctuation be backslash-escaped) and folds line breaks, so a value stays one plain run
   * of text inside its list item or table cell.
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '(', ')', '#', '!', '|', '~',
             '&', '$' -> b.append('\\').append(c);
        case '\n', '\r', '\t' -> b.append(' ');
        default -> b.append(Character.isISOControl(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }
}
