package dev.preflight.core.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.SuppressionOutcome;
import dev.preflight.core.render.SampleReports;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateTest {
  private final ReadinessReport failing = SampleReports.current();

  private GateResult failingGate() {
    return Gate.evaluate(SuppressionOutcome.none(failing), GatePolicy.defaults());
  }

  /** The sample report without its failures and unreachable cluster: a gate that passes. */
  private GateResult passingGate() {
    List<CheckResult> ok = failing.results().stream()
        .filter(r -> r.outcome() == Outcome.PASS).toList();
    ReadinessReport clean = new ReadinessReport(failing.toolVersion(), failing.generatedAt(),
        failing.target(), failing.clusters().subList(0, 3), ok, failing.checklist(),
        failing.readiness(), failing.rpc());
    GateResult g = Gate.evaluate(SuppressionOutcome.none(clean), GatePolicy.defaultsFor(clean));
    assertTrue(g.passed());
    return g;
  }

  @Test
  void passesOnlyWhenEveryAuditedModulePassed() {
    Aggregate pass = Aggregate.of(List.of(
        new ModuleEntry.Audited("a", passingGate(), Optional.empty()),
        new ModuleEntry.Skipped("tools", ModuleDecision.Reason.NO_POLICY, "no policy")));
    assertTrue(pass.passed());
    assertEquals("PASS: 1 module audited, 1 skipped", pass.summary());

    Aggregate fail = Aggregate.of(List.of(
        new ModuleEntry.Audited("a", passingGate(), Optional.empty()),
        new ModuleEntry.Audited("b", failingGate(), Optional.empty()),
        new ModuleEntry.Skipped("tools", ModuleDecision.Reason.NO_POLICY, "no policy")));
    assertFalse(fail.passed());
    assertEquals("FAIL: 2 modules audited (1 failed), 1 skipped", fail.summary());
    assertEquals(failingGate().reasons().size(), fail.reasons().size());
    assertTrue(fail.reasons().stream().allMatch(r -> r.startsWith("b: ")));
  }

  @Test
  void aModuleWithAPolicyThatWasNotAuditedFailsClosed() {
    Aggregate a = Aggregate.of(List.of(
        new ModuleEntry.Audited("a", passingGate(), Optional.empty()),
        new ModuleEntry.NotRun("b", "it has a preflight.yaml but no Preflight goal ran in it")));
    assertFalse(a.passed());
    assertEquals(List.of("b: it has a preflight.yaml but no Preflight goal ran in it"),
        a.reasons());
  }

  @Test
  void anAggregateOfNothingIsNoPass() {
    Aggregate a = Aggregate.of(List.of(new ModuleEntry.Skipped("tools",
        ModuleDecision.Reason.NO_POLICY, "no policy")));
    assertFalse(a.passed());
    assertTrue(a.reasons().getFirst().startsWith("no module of the build was audited"));
  }

  @Test
  void writesOneSectionPerModuleLinkingItsReports(@TempDir Path dir) throws IOException {
    Path reports = dir.resolve("escrow/target/preflight");
    Aggregate a = Aggregate.of(List.of(
        new ModuleEntry.Audited("escrow", failingGate(), Optional.of(reports)),
        new ModuleEntry.Skipped("tools", ModuleDecision.Reason.NO_POLICY, "no policy")));
    List<Path> written = AggregateWriter.write(a, dir.resolve("target/preflight-aggregate"));
    assertEquals(List.of("preflight-aggregate.json", "index.html", "aggregate.md"),
        written.stream().map(p -> p.getFileName().toString()).toList());

    JsonNode json = Json.read(written.get(0));
    assertEquals("FAIL", json.get("verdict").asText());
    assertEquals("escrow", json.get("modules").get(0).get("module").asText());
    assertEquals(SampleReports.PROGRAM, json.get("modules").get(0).get("programId").asText());
    assertEquals("../../escrow/target/preflight",
        json.get("modules").get(0).get("reports").asText());
    assertEquals("skipped", json.get("modules").get(1).get("status").asText());

    String html = Files.readString(written.get(1));
    assertTrue(html.contains("id=\"module-escrow\""));
    assertTrue(html.contains("href=\"../../escrow/target/preflight/index.html\""));
    assertTrue(html.indexOf("Combined gate") < html.indexOf("id=\"module-escrow\""));
    // Strings from the chain are escaped, never markup.
    assertFalse(html.contains("<script"));
    assertTrue(Files.readString(written.get(2)).contains("## tools: skipped"));
  }

  @Test
  void modulesSwitchedOffByTheUserLeaveNothingToAggregate() {
    var off = new ModuleEntry.Skipped("a", ModuleDecision.Reason.SKIP_FLAG, "preflight.check.skip");
    assertTrue(Aggregate.of(List.of(off)).everyModuleSwitchedOff());
    assertFalse(Aggregate.of(List.of(off, new ModuleEntry.Skipped("tools",
        ModuleDecision.Reason.NO_POLICY, "no policy"))).everyModuleSwitchedOff());
  }
}
