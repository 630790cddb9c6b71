package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.upgrade.UpgradeDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTML report's "Upgrade diff" section: each difference side by side, new or accepted. */
class UpgradeDiffSectionTest {

  static CheckResult difference(Outcome outcome, String title, String deployed, String candidate) {
    return UpgradeDiff.info().result(outcome, title).evidence(List.of(
        Evidence.note("upgrade.difference", title),
        Evidence.note("upgrade.deployed", deployed),
        Evidence.note("upgrade.candidate-value", candidate),
        Evidence.note("upgrade.occurrences", "7 of 278 runs"),
        Evidence.note("reproducer.step[0]", "set_emergency_stop {} | deployed: NotEnoughSignatures (6009), 3410 CU | candidate: ok, 5120 CU"),
        Evidence.note("upgrade.candidate", "escrow-v2.so"),
        Evidence.note("upgrade.deployed-hash", "ab".repeat(32)),
        Evidence.note("upgrade.candidate-hash", "cd".repeat(32)),
        Evidence.note("upgrade.replayed", "218 distinct cases and 64 sequences (seed 7) on both binaries")))
        .subject(SampleReports.PROGRAM, title).build();
  }

  @Test
  void differencesAreShownSideBySide() {
    ReadinessReport base = SampleReports.current();
    List<CheckResult> results = new ArrayList<>(base.results());
    results.add(difference(Outcome.FAIL, "set_emergency_stop: outcome", "NotEnoughSignatures (6009)", "ok"));
    results.add(difference(Outcome.ATTESTED, "buy_tokens: token delta of treasury_token_account", "+250001", "+250000"));
    ReadinessReport r = new ReadinessReport(base.toolVersion(), base.generatedAt(), base.target(), base.clusters(),
        results, base.checklist(), base.readiness(), base.rpc());
    String html = ReportWriter.html(ReportWriterTest.sampleGate(r), Optional.empty(), RenderOptions.defaults());
    assertTrue(html.contains("<section id=\"upgrade-diff\">"));
    assertTrue(html.contains("href=\"#upgrade-diff\""));
    assertTrue(html.contains("set_emergency_stop: outcome"));
    assertTrue(html.contains("<td class=\"wrap\">NotEnoughSignatures (6009)</td><td class=\"wrap\">ok</td>"), "side by side");
    assertTrue(html.contains(">NEW</span>") && html.contains(">ACCEPTED</span>"));
    assertTrue(html.contains("escrow-v2.so"));
  }

  @Test
  void noCandidateNoSection() {
    String html = ReportWriter.html(ReportWriterTest.sampleGate(SampleReports.current()), Optional.empty(),
        RenderOptions.defaults());
    assertFalse(html.contains("id=\"upgrade-diff\""));
  }
}
