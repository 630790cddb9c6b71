package dev.preflight.core.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.render.SampleReports;
import dev.preflight.core.report.ReadinessReport;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
  private final ReadinessReport report = SampleReports.current();

  private static List<String> ids(GateResult g) {
    return g.reasons().stream().map(r -> r.gatedResult().map(x -> x.result().checkId())
        .orElseGet(() -> "cluster:" + ((GateReason.ClusterUnreachable) r).cluster())).toList();
  }

  @Test
  void strictGateFailsOnHighFindingsInconclusivesAndUnreachableClusters() {
    GateResult g = Gate.evaluate(SuppressionOutcome.none(report), GatePolicy.defaults());
    assertEquals(GateResult.Verdict.FAIL, g.verdict());
    assertEquals(List.of("cluster:staging", "governance.multisig-threshold",
        "program.upgrade-authority", "ops.failure-rate", "fuzz.buy-tokens", "cluster.reachable"),
        ids(g));
    assertTrue(g.waived().isEmpty());
    assertEquals("FAIL: 5 findings at or above high, 1 cluster unreachable", g.summary());
  }

  @Test
  void suppressionWaivesOnlyWhileInForce() {
    CheckResult threshold = SampleReports.byId(report, "governance.multisig-threshold");
    Suppression s = new Suppression(threshold.fingerprint(), Optional.empty(), "key ceremony",
        "alice", LocalDate.of(2026, 3, 31), "s.yaml:2");
    Suppressions file = Suppressions.of(List.of(s));

    GateResult inForce = Gate.evaluate(file.apply(report, LocalDate.of(2026, 3, 2)),
        GatePolicy.defaults());
    assertFalse(ids(inForce).contains("governance.multisig-threshold"));
    assertEquals(1, inForce.waived().size());
    assertEquals(threshold, inForce.waived().getFirst().result());

    GateResult expired = Gate.evaluate(file.apply(report, LocalDate.of(2026, 4, 1)),
        GatePolicy.defaults());
    assertTrue(ids(expired).contains("governance.multisig-threshold"));
    assertTrue(expired.waived().isEmpty());
    assertTrue(expired.reasons().stream().anyMatch(r -> r.message().contains(
        "suppression expired on 2026-03-31")));
  }

  @Test
  void inconclusiveCountsOnlyWhenAskedAndAtThreshold() {
    GateResult lenient = Gate.evaluate(SuppressionOutcome.none(report),
        new GatePolicy(Severity.HIGH, false));
    assertEquals(List.of("cluster:staging", "governance.multisig-threshold",
        "program.upgrade-authority", "fuzz.buy-tokens"), ids(lenient));

    GateResult critical = Gate.evaluate(SuppressionOutcome.none(report),
        new GatePolicy(Severity.CRITICAL, true));
    assertEquals(List.of("cluster:staging", "governance.multisig-threshold"), ids(critical));

    GateResult low = Gate.evaluate(SuppressionOutcome.none(report),
        new GatePolicy(Severity.LOW, false));
    assertTrue(ids(low).containsAll(List.of("config.platform-fee-cap", "program.security-txt")));
  }

  @Test
  void passesWhenNothingBreaksIt() {
    List<CheckResult> ok = report.results().stream()
        .filter(r -> r.outcome() != Outcome.FAIL && r.outcome() != Outcome.INCONCLUSIVE).toList();
    ReadinessReport clean = new ReadinessReport(report.toolVersion(), report.generatedAt(),
        report.target(), report.clusters().subList(0, 3), ok, report.checklist(),
        report.readiness(), report.rpc());
    GateResult g = Gate.evaluate(SuppressionOutcome.none(clean), GatePolicy.defaultsFor(clean));
    assertTrue(g.passed());
    assertEquals("PASS: no finding at or above high", g.summary());
  }

  @Test
  void defaultsFollowTheTarget() {
    assertTrue(GatePolicy.defaultsFor(report).failOnInconclusive());
    ReadinessReport devnet = new ReadinessReport(report.toolVersion(), report.generatedAt(),
        new ReadinessReport.Target("p", SampleReports.PROGRAM, false, "preflight.yaml"),
        report.clusters(), report.results(), report.checklist(), report.readiness(),
        report.rpc());
    assertEquals(new GatePolicy(Severity.HIGH, false), GatePolicy.defaultsFor(devnet));
  }
}
