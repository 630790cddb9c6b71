package dev.preflight.core.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.render.SampleReports;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDiffTest {
  @TempDir
  Path dir;

  @Test
  void newResolvedAndChangedByFingerprint() {
    ReadinessReport now = SampleReports.current();
    ReportDiff d = ReportDiff.between(SampleReports.previous(), now);
    assertEquals(List.of("fuzz.buy-tokens", "program.upgrade-authority"),
        d.added().stream().map(ReportDiff.Entry::checkId).toList());
    // The upgrade authority passed before: a regression, with its earlier outcome kept.
    ReportDiff.Entry upgrade = d.added().get(1);
    assertEquals(Optional.of(Outcome.PASS), upgrade.before().map(ReportDiff.Side::outcome));
    assertEquals(Optional.empty(), d.added().getFirst().before());

    assertEquals(List.of("mint.freeze-authority"),
        d.resolved().stream().map(ReportDiff.Entry::checkId).toList());
    assertEquals(Optional.empty(), d.resolved().getFirst().after());

    assertEquals(List.of("ops.failure-rate"),
        d.changed().stream().map(ReportDiff.Entry::checkId).toList());
    ReportDiff.Entry changed = d.changed().getFirst();
    assertEquals(new ReportDiff.Side(Outcome.FAIL, Severity.MEDIUM, changed.before().get()
        .message()), changed.before().get());
    assertEquals(Outcome.INCONCLUSIVE, changed.after().get().outcome());
    assertEquals(Severity.HIGH, changed.after().get().severity());

    // threshold, fee cap, security.txt and the unreachable-cluster result are as they were.
    assertEquals(4, d.unchanged());
    assertTrue(d.lines().getFirst().contains("2 new, 1 resolved, 1 changed, 4 unchanged"),
        d.lines().getFirst());
  }

  @Test
  void readsThePreviousReportFromItsJson() {
    Path prev = dir.resolve("preflight-report.json");
    ReportJson.write(SampleReports.previous(), prev);
    ReadinessReport now = SampleReports.current();
    assertEquals(ReportDiff.between(SampleReports.previous(), now), ReportDiff.against(prev, now));
  }

  @Test
  void sameReportHasNoChanges() {
    ReadinessReport now = SampleReports.current();
    ReportDiff d = ReportDiff.between(now, now);
    assertTrue(d.isEmpty());
    assertEquals(7, d.unchanged());
  }
}
