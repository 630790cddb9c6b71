package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.report.ReadinessReport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportModelTest {

  @Test
  void computeUnitsComeFromEvidenceWithBudgetsOnARoundAxis() {
    ReportModel m = ReportModel.of(ReportWriterTest.sampleGate(SampleReports.current()),
        Optional.empty());
    List<ReportModel.Bar> cu = m.computeUnits();
    assertEquals(List.of("initialize_sale", "buy_tokens", "emergency_stop"),
        cu.stream().map(ReportModel.Bar::label).toList());
    assertEquals(31200, cu.get(1).value());
    assertEquals(30000, cu.get(1).marker());
    assertEquals("over", cu.get(1).css());
    assertEquals(-1, cu.get(2).marker());
    assertEquals(40000, cu.getFirst().max());
  }

  @Test
  void computeUnitsComeFromMeasurementsOfAnyCheckAndNeverFromText() {
    ReadinessReport base = SampleReports.current();
    List<dev.preflight.core.check.CheckResult> results = new java.util.ArrayList<>(base.results()
        .stream().filter(r -> !r.checkId().equals("ops.compute-units")).toList());
    results.add(SampleReports.FUZZ.pass("no crash in 5,000 cases")
        .evidence(dev.preflight.core.check.Evidence.note("buy_tokens", "max 45,120 units")
            .with(dev.preflight.core.check.Measurement.computeUnits(45_120,
                java.util.OptionalLong.of(50_000))))
        // Text that looks like compute units is text: no measurement, no bar.
        .evidence(dev.preflight.core.check.Evidence.note("cancel_sale", "9999 CU (budget 1)"))
        .evidence(dev.preflight.core.check.Evidence.note("cases", "5000")).build());
    ReadinessReport r = new ReadinessReport(base.toolVersion(), base.generatedAt(), base.target(),
        base.clusters(), results, base.checklist(), base.readiness(), base.rpc());
    List<ReportModel.Bar> cu = ReportModel.of(ReportWriterTest.sampleGate(r), Optional.empty())
        .computeUnits();
    assertEquals(1, cu.size());
    assertEquals("buy_tokens", cu.getFirst().label());
    assertEquals(45120, cu.getFirst().value());
    assertEquals(50000, cu.getFirst().marker());
    assertEquals("45120 CU / 50000", cu.getFirst().valueText());
  }

  @Test
  void measurementsSurviveTheJson() {
    ReadinessReport r = SampleReports.current();
    ReadinessReport back = dev.preflight.core.report.ReportJson.fromJson(
        dev.preflight.core.report.ReportJson.toJson(r), "test");
    assertEquals(r.results(), back.results());
    assertEquals(r.checklist(), back.checklist());
    assertEquals(r.readiness(), back.readiness());
  }

  @Test
  void aWordThisVersionDoesNotKnowFailsTheReadNamingWhere() {
    com.fasterxml.jackson.databind.node.ObjectNode json =
        dev.preflight.core.report.ReportJson.toJson(SampleReports.current());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("checklist").get(0))
        .put("status", "done");
    dev.preflight.core.PreflightException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.preflight.core.PreflightException.class,
        () -> dev.preflight.core.report.ReportJson.fromJson(json, "old-report.json"));
    assertTrue(e.getMessage().startsWith("old-report.json: checklist item 1.1.4 has status "
        + "'done', not one of [satisfied, failed"), e.getMessage());
  }

  @Test
  void triageOrderBreakingFirstThenFindingsThenSuppressedThenTheRest() {
    ReportModel m = ReportModel.of(ReportWriterTest.sampleGate(SampleReports.current()),
        Optional.empty());
    // All high: failures before inconclusive results; the fuzz finding sits with the others.
    assertEquals(List.of("program.upgrade-authority", "fuzz.buy-tokens", "ops.failure-rate",
            "cluster.reachable"),
        m.breaking().stream().map(ReportModel.ResultView::checkId).toList());
    assertTrue(m.breaking().stream().allMatch(ReportModel.ResultView::breaksGate));
    assertEquals(List.of("governance.multisig-threshold"),
        m.suppressed().stream().map(ReportModel.ResultView::checkId).toList());
    assertTrue(m.findings().stream().noneMatch(ReportModel.ResultView::suppressed));
    assertTrue(m.others().stream().noneMatch(ReportModel.ResultView::finding));
    assertEquals(SampleReports.current().results().size(), m.breaking().size()
        + m.findings().size() + m.suppressed().size() + m.others().size());
  }

  @Test
  void niceCeilings() {
    assertEquals(1, ReportModel.niceCeiling(1));
    assertEquals(40000, ReportModel.niceCeiling(31200));
    assertEquals(100, ReportModel.niceCeiling(100));
    assertEquals(200, ReportModel.niceCeiling(101));
    assertEquals(1000, ReportModel.niceCeiling(801));
  }

  @Test
  void explorerLinksFollowTheClusterKind() {
    List<ReadinessReport.ClusterInfo> clusters = SampleReports.clusters();
    ExplorerLinks links = new ExplorerLinks(clusters);
    String a = SampleReports.PROGRAM;
    assertEquals(Optional.of("https://explorer.solana.com/address/" + a),
        links.address("mainnet", a));
    assertEquals(Optional.of("https://explorer.solana.com/address/" + a + "?cluster=devnet"),
        links.address("devnet", a));
    assertEquals(Optional.of("https://explorer.solana.com/address/" + a
        + "?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899"), links.address("localnet", a));
    assertEquals(Optional.empty(), links.address("staging", a), "custom clusters get no link");
    assertEquals(Optional.empty(), links.address("nowhere", a));
    assertEquals(Optional.empty(), links.address("mainnet", "javascript:alert(1)"));
    assertEquals(Optional.empty(), links.address("mainnet", "docs/audit/otter-report.pdf"));
    // A localnet that is not on this machine gets no link: its URL may carry a key.
    assertEquals(Optional.empty(), ExplorerLinks.address(new ReadinessReport.ClusterInfo("l",
        ReadinessReport.ClusterKind.LOCALNET, "https://node.example.com/abc", "", 0,
        Optional.empty()), a));
    assertEquals(Optional.of("https://explorer.solana.com/address/" + a + "?cluster=testnet"),
        ExplorerLinks.address(new ReadinessReport.ClusterInfo("t",
            ReadinessReport.ClusterKind.TESTNET,
            "https://api.testnet.solana.com", "", 0, Optional.empty()), a));
  }

  @Test
  void controlCharactersLeaveTheHtml() {
    assertEquals("a\uFFFDb\uFFFDc\td\ne",
        HtmlRenderer.withoutControlCharacters("a\u0000b\u0085c\td\ne"));
    String html = ReportWriter.html(ReportWriterTest.sampleGate(SampleReports.current()),
        Optional.empty(), RenderOptions.defaults());
    assertTrue(html.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r'));
  }
}
