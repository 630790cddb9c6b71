package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validates the SARIF against the OASIS 2.1.0 schema (see sarif-schema-2.1.0.SOURCE.md). */
class SarifWriterTest {
  private static JsonSchema schema;

  @TempDir
  Path dir;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = SarifWriterTest.class.getResourceAsStream("sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in,
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  private int runs;

  private JsonNode sample() throws IOException {
    Path out = dir.resolve("run" + runs++);
    return Json.read(ReportWriterTest.writeSample(out).file(ReportFormat.SARIF).orElseThrow());
  }

  @Test
  void validatesAgainstTheSarif210Schema() throws IOException {
    Set<ValidationMessage> errors = schema.validate(sample());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void theSchemaCatchesABrokenLog() throws IOException {
    ObjectNode broken = (ObjectNode) sample();
    broken.put("version", "2.0.0");
    ((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "fatal");
    Set<ValidationMessage> errors = schema.validate(broken);
    assertTrue(errors.size() >= 2, errors.toString());
  }

  @Test
  void oneRunWithRulesFindingsFingerprintsAndLocations() throws IOException {
    JsonNode sarif = sample();
    ReadinessReport report = SampleReports.current();
    assertEquals("2.1.0", sarif.path("version").asText());
    assertEquals(1, sarif.path("runs").size());
    JsonNode run = sarif.path("runs").get(0);
    JsonNode rules = run.path("tool").path("driver").path("rules");
    assertEquals(report.results().stream().map(CheckResult::checkId).distinct().count(),
        rules.size());
    JsonNode upgrade = null;
    for (JsonNode r : rules) {
      if (r.path("id").asText().equals("program.upgrade-authority")) {
        upgrade = r;
      }
    }
    assertEquals("ProgramUpgradeAuthority", upgrade.path("name").asText());
    assertEquals(SampleReports.UPGRADE.rationale(),
        upgrade.path("fullDescription").path("text").asText());
    assertEquals(SampleReports.UPGRADE.remediation(), upgrade.path("help").path("text").asText());
    assertEquals("8.0", upgrade.path("properties").path("security-severity").asText());

    // Results: FAIL and INCONCLUSIVE only.
    JsonNode results = run.path("results");
    List<String> ids = new ArrayList<>();
    results.forEach(r -> ids.add(r.path("ruleId").asText()));
    assertEquals(report.results().stream().filter(r -> r.outcome() == Outcome.FAIL
        || r.outcome() == Outcome.INCONCLUSIVE).map(CheckResult::checkId).toList(), ids);
    assertTrue(ids.size() > 3 && ids.size() < report.results().size(), ids.toString());
    Map<String, String> levels = Map.of("program.upgrade-authority", "error",
        "governance.multisig-threshold", "error", "config.platform-fee-cap", "warning",
        "program.security-txt", "note");
    for (JsonNode r : results) {
      String id = r.path("ruleId").asText();
      if (levels.containsKey(id)) {
        assertEquals(levels.get(id), r.path("level").asText(), id);
      }
      assertEquals(id, rules.get(r.path("ruleIndex").asInt()).path("id").asText());
      assertEquals(SampleReports.byId(report, id).fingerprint(),
          r.path("partialFingerprints").path(SarifWriter.FINGERPRINT_KEY).asText());
      JsonNode loc = r.path("locations").get(0);
      assertEquals("preflight.yaml",
          loc.path("physicalLocation").path("artifactLocation").path("uri").asText());
      assertEquals(SampleReports.PROGRAM, loc.path("logicalLocations").get(0).path("name")
          .asText());
      assertEquals("resource", loc.path("logicalLocations").get(0).path("kind").asText());
    }
    JsonNode first = results.get(0);
    JsonNode account = first.path("locations").get(0).path("logicalLocations").get(1);
    assertEquals(SampleReports.PROGRAM_DATA, account.path("name").asText());
    assertEquals("object", account.path("kind").asText());
    assertEquals("mainnet/" + SampleReports.PROGRAM_DATA,
        account.path("fullyQualifiedName").asText());
    assertTrue(results.get(3).path("message").path("text").asText().startsWith("Inconclusive: "));
  }

  @Test
  void suppressionsAreRecordedAsTheGateDecided() throws IOException {
    JsonNode results = sample().path("runs").get(0).path("results");
    JsonNode threshold = results.get(1);
    JsonNode s = threshold.path("suppressions").get(0);
    assertEquals("external", s.path("kind").asText());
    assertEquals("accepted", s.path("status").asText());
    assertEquals("alice@example.com", s.path("properties").path("owner").asText());
    assertEquals("2026-03-31", s.path("properties").path("expires").asText());
    // Expired: recorded as rejected, so consumers do not treat the result as suppressed.
    assertEquals("rejected", results.get(2).path("suppressions").get(0).path("status").asText());
    assertEquals(0, results.get(0).path("suppressions").size());
    assertTrue(results.get(0).path("properties").path("breaksGate").asBoolean());
    assertFalse(threshold.path("properties").path("breaksGate").asBoolean());
  }

  @Test
  void unreachableClustersAndSuppressionWarningsAreNotifications() throws IOException {
    JsonNode inv = sample().path("runs").get(0).path("invocations").get(0);
    assertTrue(inv.path("toolExecutionNotifications").get(0).path("message").path("text").asText()
        .contains("cluster staging could not be read"));
    assertEquals(1, inv.path("toolConfigurationNotifications").size());
    assertTrue(inv.path("toolConfigurationNotifications").get(0).path("message").path("text")
        .asText().contains("expired on 2026-02-28"));
  }

  @Test
  void policyFileNamesBecomeRelativeUris() {
    assertEquals("preflight.yaml", SarifWriter.policyUri(""));
    assertEquals("config/my%20policy.yaml", SarifWriter.policyUri("config\\my policy.yaml"));
  }

  static GateResult gate() {
    return ReportWriterTest.sampleGate(SampleReports.current());
  }

  @Test
  void resultsPointAtThePolicyLineThatConfiguresTheCheck() {
    dev.preflight.core.policy.PolicyLines lines = dev.preflight.core.policy.PolicyLines.of("""
        project: token-sale-escrow
        program:
          id: x
        severities:
          governance.multisig-threshold: critical
        """, "preflight.yaml");
    JsonNode sarif = SarifWriter.toJson(ReportWriterTest.sampleGate(SampleReports.current()),
        Map.of(), lines);
    assertTrue(schema.validate(sarif).isEmpty());
    Map<String, Integer> startLine = new java.util.HashMap<>();
    for (JsonNode r : sarif.path("runs").get(0).path("results")) {
      startLine.putIfAbsent(r.path("ruleId").asText(), r.path("locations").get(0)
          .path("physicalLocation").path("region").path("startLine").asInt());
    }
    assertEquals(2, startLine.get("program.upgrade-authority"), "the program section");
    assertEquals(5, startLine.get("governance.multisig-threshold"), "its severities entry");
    assertEquals(1, startLine.get("cluster.reachable"), "no policy line: the file's first");
  }
}
