package dev.preflight.maven;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.gate.GateAdvice;
import dev.preflight.core.gate.GateReason;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.GatedResult;
import dev.preflight.core.gate.SuppressionWarning;
import dev.preflight.core.report.ReadinessReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The lines a goal prints at the end: counts, the verdict, why, and where the reports are. */
final class Summary {
  private Summary() {}

  static List<String> lines(AuditRun.Result r, Path baseDir) {
    return lines(r, baseDir, Optional.empty());
  }

  /** {@code suppressions}: the suppressions file as the build names it, when one is set. */
  static List<String> lines(AuditRun.Result r, Path baseDir, Optional<String> suppressions) {
    ReadinessReport report = r.report();
    List<String> out = new ArrayList<>();
    out.add("Preflight: " + report.target().project() + " (program " + report.target().programId()
        + (report.target().mainnet() ? ", mainnet policy" : "") + ")");
    for (ReadinessReport.ClusterInfo c : report.clusters()) {
      out.add("  cluster " + c.name() + " @ slot " + c.slot() + ", genesis " + c.genesisHash()
          + c.error().map(e -> "  UNREACHABLE: " + e).orElse(""));
    }
    // Rows: outcomes; columns: severities. A reader sees at once where the findings sit.
    // A suppressed finding has a row of its own: the fail row counts what is still open.
    Map<Outcome, Map<Severity, Integer>> table = new EnumMap<>(Outcome.class);
    Map<Severity, Integer> suppressed = new EnumMap<>(Severity.class);
    for (GatedResult g : r.gate().suppressions().results()) {
      CheckResult res = g.result();
      if (g.suppressed()) {
        suppressed.merge(res.severity(), 1, Integer::sum);
        continue;
      }
      table.computeIfAbsent(res.outcome(), o -> new EnumMap<>(Severity.class))
          .merge(res.severity(), 1, Integer::sum);
    }
    Severity[] cols = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
        Severity.INFO};
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-15s", "outcome"));
    for (Severity s : cols) {
      head.append(String.format(Locale.ROOT, "%9s", s.label()));
    }
    head.append(String.format(Locale.ROOT, "%8s", "total"));
    out.add(head.toString());
    for (Outcome o : Outcome.values()) {
      out.add(row(o.label(), table.getOrDefault(o, Map.of()), cols));
    }
    if (!suppressed.isEmpty()) {
      out.add(row("suppressed", suppressed, cols));
    }
    for (ReadinessReport.Readiness p : report.readiness()) {
      if (p.kind() != ReadinessReport.Kind.PHASE && p.kind() != ReadinessReport.Kind.OVERALL) {
        continue; // sections and criteria are in the reports; the log keeps to the phases
      }
      out.add(String.format(Locale.ROOT, "  readiness %-45s %3d/%-3d (%3.0f%%)", p.title(),
          p.satisfied(), p.total(), p.percent()));
    }
    GateResult gate = r.gate();
    out.add("  gate (fail on " + gate.policy().failOnSeverity().label()
        + (gate.policy().failOnInconclusive() ? ", inconclusive counts" : "") + "): "
        + gate.summary());
    for (String reason : GateAdvice.reasons(gate)) {
      out.add("    x " + reason);
    }
    if (!gate.passed()) {
      out.add("  next steps:");
      GateAdvice.nextSteps(gate, gate.suppressions().asOf(), suppressions,
          report.target().policy()).forEach(l -> out.add("    " + l));
    }
    r.written().ifPresent(w -> {
      out.add("  reports in " + relative(baseDir, w.directory()) + "/:");
      for (Path p : w.paths()) {
        out.add("    " + p.getFileName());
      }
    });
    out.add("  snapshot " + relative(baseDir, r.snapshotFile())
        + " (re-check offline with -Dpreflight.snapshot=<file>)");
    return out;
  }

  private static String row(String label, Map<Severity, Integer> row, Severity[] cols) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-15s", label));
    int total = 0;
    for (Severity s : cols) {
      int n = row.getOrDefault(s, 0);
      total += n;
      line.append(String.format(Locale.ROOT, "%9s", n == 0 ? "." : Integer.toString(n)));
    }
    line.append(String.format(Locale.ROOT, "%8d", total));
    return line.toString();
  }

  static List<String> warnings(GateResult gate) {
    return gate.warnings().stream().map(SuppressionWarning::message).toList();
  }

  private static String relative(Path base, Path p) {
    try {
      Path a = p.toAbsolutePath().normalize();
      Path b = base.toAbsolutePath().normalize();
      return a.startsWith(b) ? b.relativize(a).toString() : a.toString();
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }
}
