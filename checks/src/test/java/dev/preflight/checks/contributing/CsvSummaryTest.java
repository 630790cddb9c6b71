package dev.preflight.checks.contributing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.acceptance.EscrowWorld;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.report.ReadinessReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's worked report format, over a real audit of the escrow. */
class CsvSummaryTest {
  @TempDir
  Path dir;

  @Test
  void oneLinePerResultWithItsOutcomeAndFingerprint() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      ReadinessReport report = Audit.of(w.policy(dir, "")).run().report();
      List<String> lines = CsvSummary.render(report).lines().toList();
      assertEquals("check,outcome,severity,fingerprint", lines.getFirst());
      assertEquals(report.results().size() + 1, lines.size());
      String fingerprint = report.results("program.upgrade-authority").getFirst().fingerprint();
      assertTrue(lines.contains("program.upgrade-authority,pass,critical," + fingerprint),
          lines.toString());
    }
  }
}
