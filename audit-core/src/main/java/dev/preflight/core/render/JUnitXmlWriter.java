package dev.preflight.core.render;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.GatedResult;
import dev.preflight.core.gate.SuppressionState;
import dev.preflight.core.report.ReadinessReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JUnit XML in the layout Maven Surefire writes ({@code TEST-*.xml}): one {@code testsuite}, one
 * {@code testcase} per check result. FAIL is a {@code failure}, INCONCLUSIVE an {@code error}
 * (the check could not run to a verdict), NOT_APPLICABLE and MANUAL are {@code skipped}, PASS and
 * ATTESTED pass. A suppressed finding is {@code skipped} with the suppression as its message, as the
 * gate waives it. Times are 0: the audit is not timed per check, and the file must be reproducible.
 */
final class JUnitXmlWriter {
  private JUnitXmlWriter() {}

  static String write(GateResult gate) {
    ReadinessReport report = gate.report();
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (GatedResult g : gate.suppressions().results()) {
      switch (kind(g)) {
        case FAILURE -> failures++;
        case ERROR -> errors++;
        case SKIPPED -> skipped++;
        case PASSED -> { }
      }
    }
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xsi:noNamespaceSchemaLocation=\"https://maven.apache.org/surefire/")
        .append("maven-surefire-plugin/xsd/surefire-test-report.xsd\"")
        .append(" version=\"3.0.2\"")
        .append(attr("name", "preflight." + report.target().project()))
        .append(" time=\"0\"")
        .append(attr("tests", Integer.toString(report.results().size())))
        .append(attr("errors", Integer.toString(errors)))
        .append(attr("skipped", Integer.toString(skipped)))
        .append(attr("failures", Integer.toString(failures)))
        .append(">\n");
    Map<String, String> props = new TreeMap<>();
    props.put("preflight.project", report.target().project());
    props.put("preflight.programId", report.target().programId());
    props.put("preflight.policy", report.target().policy());
    props.put("preflight.toolVersion", report.toolVersion());
    props.put("preflight.generatedAt", report.generatedAt().toString());
    props.put("preflight.gate", gate.verdict().label());
    props.put("preflight.gate.summary", gate.summary());
    x.append("  <properties>\n");
    props.forEach((k, v) -> x.append("    <property").append(attr("name", k))
        .append(attr("value", v)).append("/>\n"));
    x.append("  </properties>\n");
    List<String> names = names(gate.suppressions().results());
    for (GatedResult g : gate.suppressions().results()) {
      testcase(x, g, names.get(g.index()));
    }
    x.append("</testsuite>\n");
    return x.toString();
  }

  private enum Kind { PASSED, FAILURE, ERROR, SKIPPED }

  private static Kind kind(GatedResult g) {
    if (g.suppressed()) {
      return Kind.SKIPPED;
    }
    return switch (g.result().outcome()) {
      case FAIL -> Kind.FAILURE;
      case INCONCLUSIVE -> Kind.ERROR;
      case NOT_APPLICABLE, MANUAL -> Kind.SKIPPED;
      case PASS, ATTESTED -> Kind.PASSED;
    };
  }

  /**
   * One test name per result, unique in the file: CI dashboards key test history by name, and
   * merge results that share one. The check id and subject; where that repeats (several fuzz
   * findings of one oracle), the finding's instruction and the fingerprint's first 8 digits; as a
   * last resort a counter (two results with one fingerprint).
   */
  static List<String> names(List<GatedResult> results) {
    List<String> base = new ArrayList<>();
    for (GatedResult g : results) {
      CheckResult r = g.result();
      base.add(r.checkId() + r.subject().map(s -> " [" + s + "]").orElse(""));
    }
    Map<String, Integer> count = new HashMap<>();
    base.forEach(n -> count.merge(n, 1, Integer::sum));
    List<String> named = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      CheckResult r = results.get(i).result();
      String n = base.get(i);
      if (count.get(n) > 1) {
        n += r.evidence().stream()
            .filter(e -> e.field().equals(ReportModel.REPRODUCER_PREFIX + "instruction"))
            .map(e -> " " + e.value()).findFirst().orElse("")
            + " #" + r.fingerprint().substring(0, Math.min(8, r.fingerprint().length()));
      }
      named.add(n);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (String n : named) {
      int k = seen.merge(n, 1, Integer::sum);
      out.add(k == 1 ? n : n + " (" + k + ")");
    }
    return out;
  }

  private static void testcase(StringBuilder x, GatedResult g, String name) {
    CheckResult r = g.result();
    x.append("  <testcase").append(attr("name", name))
        .append(attr("classname", SarifWriter.prefix(r.checkId()))).append(" time=\"0\"");
    Kind kind = kind(g);
    if (kind == Kind.PASSED) {
      x.append("/>\n");
      return;
    }
    x.append(">\n");
    switch (kind) {
      case FAILURE, ERROR -> {
        String tag = kind == Kind.FAILURE ? "failure" : "error";
        x.append("    <").append(tag).append(attr("message", r.message()))
            .append(attr("type", r.outcome().label() + "." + r.severity().label())).append(">")
            .append(XmlText.text(details(g))).append("</").append(tag).append(">\n");
      }
      case SKIPPED -> {
        String message = g.suppression() instanceof SuppressionState.Active a
            ? "suppressed by " + a.entry().owner() + " until " + a.entry().expires() + ": "
                + a.entry().reason()
            : r.outcome().label() + ": " + r.message();
        x.append("    <skipped").append(attr("message", message)).append("/>\n");
      }
      case PASSED -> { }
    }
    x.append("  </testcase>\n");
  }

  /** The failure body: what a reader needs to re-check the finding by hand. */
  private static String details(GatedResult g) {
    CheckResult r = g.result();
    StringBuilder b = new StringBuilder();
    b.append(r.title()).append('\n');
    b.append("outcome: ").append(r.outcome().label()).append(", severity: ")
        .append(r.severity().label()).append('\n');
    b.append("fingerprint: ").append(r.fingerprint()).append('\n');
    if (g.suppression() instanceof SuppressionState.Expired e) {
      b.append("suppression expired on ").append(e.entry().expires()).append(" (")
          .append(e.entry().source()).append(")\n");
    }
    for (Evidence e : r.evidence()) {
      b.append("evidence: ");
      e.cluster().ifPresent(v -> b.append(v).append(' '));
      e.slot().ifPresent(v -> b.append("slot ").append(v).append(' '));
      e.address().ifPresent(v -> b.append(v).append(' '));
      b.append(e.field()).append(" = ").append(e.value());
      e.dataSha256().ifPresent(v -> b.append(" (sha256 ").append(v).append(')'));
      b.append('\n');
    }
    if (!r.remediation().isBlank()) {
      b.append("remediation: ").append(r.remediation()).append('\n');
    }
    return b.toString();
  }

  private static String attr(String name, String value) {
    return " " + name + "=\"" + XmlText.attr(value) + "\"";
  }
}
