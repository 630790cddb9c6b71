package dev.preflight.core.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.gate.GateReason;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.GatedResult;
import dev.preflight.core.gate.SuppressionState;
import dev.preflight.core.gate.SuppressionWarning;
import dev.preflight.core.policy.PolicyLines;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SARIF 2.1.0: one run; a rule per check id of the report; a result per FAIL and INCONCLUSIVE
 * result with its fingerprint, suppression, the program and account addresses as logical locations,
 * and the policy line that configures the check as the physical location (SARIF consumers such as
 * code scanning need one; {@link PolicyLines} finds the line).
 */
final class SarifWriter {
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String FINGERPRINT_KEY = "preflightFingerprint/v1";

  private SarifWriter() {}

  static ObjectNode toJson(GateResult gate, Map<String, CheckInfo> catalog) {
    return toJson(gate, catalog, PolicyLines.none());
  }

  static ObjectNode toJson(GateResult gate, Map<String, CheckInfo> catalog, PolicyLines lines) {
    ReadinessReport report = gate.report();
    ObjectNode root = Json.object();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Preflight");
    driver.put("fullName", "Preflight production-readiness audit for Solana programs");
    driver.put("version", report.toolVersion());

    // Rules: every check id of the report, sorted, so consumers also see what ran and passed.
    Map<String, List<CheckResult>> byId = new TreeMap<>();
    report.results().forEach(r -> byId.computeIfAbsent(r.checkId(), k -> new java.util.ArrayList<>())
        .add(r));
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode rules = driver.putArray("rules");
    for (Map.Entry<String, List<CheckResult>> e : byId.entrySet()) {
      ruleIndex.put(e.getKey(), ruleIndex.size());
      rules.add(rule(e.getKey(), e.getValue(), catalog.get(e.getKey())));
    }

    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    invocation.put("endTimeUtc", report.generatedAt().toString());
    ArrayNode execution = invocation.putArray("toolExecutionNotifications");
    for (GateReason reason : gate.reasons()) {
      if (reason instanceof GateReason.ClusterUnreachable c) {
        ObjectNode n = execution.addObject();
        n.putObject("message").put("text", c.message());
        n.put("level", "error");
      }
    }
    ArrayNode configuration = invocation.putArray("toolConfigurationNotifications");
    for (SuppressionWarning w : gate.warnings()) {
      ObjectNode n = configuration.addObject();
      n.putObject("message").put("text", w.message());
      n.put("level", "warning");
    }

    Set<Integer> breaking = new LinkedHashSet<>();
    gate.reasons().forEach(r -> r.gatedResult().ifPresent(g -> breaking.add(g.index())));
    String policyUri = policyUri(report.target().policy());
    ArrayNode results = run.putArray("results");
    for (GatedResult g : gate.suppressions().results()) {
      if (!g.finding()) {
        continue;
      }
      results.add(result(g, ruleIndex.get(g.result().checkId()), report, policyUri,
          lines.lineOf(g.result().checkId()).orElse(1), breaking.contains(g.index())));
    }

    ObjectNode props = run.putObject("properties");
    props.put("project", report.target().project());
    props.put("programId", report.target().programId());
    props.put("mainnet", report.target().mainnet());
    props.put("gateVerdict", gate.verdict().label());
    props.put("failOnSeverity", gate.policy().failOnSeverity().label());
    props.put("failOnInconclusive", gate.policy().failOnInconclusive());
    return root;
  }

  private static ObjectNode rule(String id, List<CheckResult> results, CheckInfo info) {
    CheckResult first = results.getFirst();
    Severity severity = info != null ? info.severity() : results.stream()
        .map(CheckResult::severity).max(Enum::compareTo).orElse(Severity.INFO);
    ObjectNode rule = Json.object();
    rule.put("id", id);
    rule.put("name", ruleName(id));
    String title = info != null ? info.title() : first.title();
    rule.putObject("shortDescription").put("text", nonEmpty(title, id));
    String full = info != null && !info.rationale().isBlank() ? info.rationale() : title;
    rule.putObject("fullDescription").put("text", nonEmpty(full, id));
    String remediation = info != null ? info.remediation() : first.remediation();
    rule.putObject("help").put("text", nonEmpty(remediation, "See the Preflight check " + id + "."));
    if (info != null) {
      info.references().stream().filter(SarifWriter::isWebUri).findFirst()
          .ifPresent(u -> rule.put("helpUri", u));
    }
    rule.putObject("defaultConfiguration").put("level", level(severity));
    ObjectNode props = rule.putObject("properties");
    props.put("security-severity", severity.securityScore());
    props.put("precision", "high");
    ArrayNode tags = props.putArray("tags");
    tags.add("security");
    tags.add("solana");
    tags.add("production-readiness");
    tags.add(prefix(id));
    List<String> checklist = info != null ? info.checklist() : first.checklist();
    checklist.forEach(c -> tags.add("checklist:" + c));
    return rule;
  }

  private static ObjectNode result(GatedResult g, int ruleIndex, ReadinessReport report,
                                   String policyUri, int policyLine, boolean breaksGate) {
    CheckResult r = g.result();
    ObjectNode n = Json.object();
    n.put("ruleId", r.checkId());
    n.put("ruleIndex", ruleIndex);
    n.put("kind", "fail");
    n.put("level", level(r.severity()));
    String text = r.outcome() == Outcome.INCONCLUSIVE
        ? "Inconclusive: " + nonEmpty(r.message(), r.title()) : nonEmpty(r.message(), r.title());
    n.putObject("message").put("text", text);

    ObjectNode location = n.putArray("locations").addObject();
    ObjectNode physical = location.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", policyUri);
    // The policy line that configures the check: where a team edits it (1 when none does).
    physical.putObject("region").put("startLine", policyLine);
    ArrayNode logical = location.putArray("logicalLocations");
    ObjectNode program = logical.addObject();
    program.put("name", report.target().programId());
    program.put("fullyQualifiedName", "program/" + report.target().programId());
    program.put("kind", "resource");
    Set<String> seen = new LinkedHashSet<>();
    seen.add(report.target().programId());
    for (Evidence e : r.evidence()) {
      String addr = e.address().orElse("");
      if (ExplorerLinks.isAddress(addr) && seen.add(addr)) {
        ObjectNode acc = logical.addObject();
        acc.put("name", addr);
        acc.put("fullyQualifiedName", e.cluster().map(c -> c + "/").orElse("") + addr);
        acc.put("kind", "object");
      }
    }

    n.putObject("partialFingerprints").put(FINGERPRINT_KEY, r.fingerprint());
    ArrayNode suppressions = n.putArray("suppressions");
    switch (g.suppression()) {
      case SuppressionState.Active a -> {
        ObjectNode s = suppressions.addObject();
        s.put("kind", "external");
        s.put("status", "accepted");
        s.put("justification", a.entry().reason());
        ObjectNode sp = s.putObject("properties");
        sp.put("owner", a.entry().owner());
        sp.put("expires", a.entry().expires().toString());
        sp.put("source", a.entry().source());
      }
      case SuppressionState.Expired x -> {
        // A rejected suppression: recorded, but the result is not suppressed.
        ObjectNode s = suppressions.addObject();
        s.put("kind", "external");
        s.put("status", "rejected");
        s.put("justification", "expired on " + x.entry().expires() + ": " + x.entry().reason());
        ObjectNode sp = s.putObject("properties");
        sp.put("owner", x.entry().owner());
        sp.put("expires", x.entry().expires().toString());
        sp.put("source", x.entry().source());
      }
      case SuppressionState.None none -> { }
    }

    ObjectNode props = n.putObject("properties");
    props.put("outcome", r.outcome().label());
    props.put("severity", r.severity().label());
    props.put("title", r.title());
    r.subject().ifPresent(s -> props.put("subject", s));
    props.put("breaksGate", breaksGate);
    ArrayNode checklist = props.putArray("checklist");
    r.checklist().forEach(checklist::add);
    dev.preflight.core.report.ReportJson.evidence(props.putArray("evidence"), r.evidence());
    return n;
  }

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** {@code program.upgrade-authority} -> {@code ProgramUpgradeAuthority}. */
  static String ruleName(String id) {
    StringBuilder b = new StringBuilder();
    boolean upper = true;
    for (char c : id.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return b.isEmpty() ? "Check" : b.toString();
  }

  static String prefix(String id) {
    int dot = id.indexOf('.');
    return dot > 0 ? id.substring(0, dot) : id;
  }

  /** The policy file name as a relative URI reference (percent-encoded). */
  static String policyUri(String policy) {
    String name = policy == null || policy.isBlank() ? "preflight.yaml" : policy;
    try {
      return new URI(null, null, name.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      return "preflight.yaml";
    }
  }

  private static boolean isWebUri(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (!(l.startsWith("https://") || l.startsWith("http://"))) {
      return false;
    }
    try {
      new URI(s);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String nonEmpty(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }
}
