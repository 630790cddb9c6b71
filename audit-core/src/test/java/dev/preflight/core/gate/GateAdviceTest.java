package dev.preflight.core.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.render.SampleReports;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateAdviceTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

  @TempDir
  Path dir;

  @Test
  void aCauseSharedByManyChecksIsPrintedOnceWithItsCount() {
    List<CheckResult> results = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      results.add(info("state.check-" + i, Severity.HIGH)
          .inconclusive("cluster mainnet could not be read: connection refused").build());
    }
    results.add(info("program.upgrade-authority", Severity.HIGH).fail("a single key").build());
    GateResult gate = Gate.evaluate(SuppressionOutcome.none(report(results)),
        GatePolicy.defaults());
    List<String> lines = GateAdvice.reasons(gate);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.getFirst().startsWith("13 results were inconclusive (high) with one cause: "
        + "cluster mainnet could not be read: connection refused [state.check-0, "), lines.get(0));
    assertTrue(lines.get(1).startsWith("program.upgrade-authority failed (high)"), lines.get(1));
  }

  @Test
  void onlyFailedFindingsGetASuppressionEntryAndItLoads() throws IOException {
    CheckResult fail = info("program.upgrade-authority", Severity.HIGH).fail("a single key")
        .subject(SampleReports.PROGRAM, "upgradeAuthority").build();
    CheckResult input = info("config.fee-cap", Severity.HIGH)
        .inconclusive("the policy's fee account does not decode as GlobalConfig").build();
    ReadinessReport report = report(List.of(fail, input));
    GateResult gate = Gate.evaluate(SuppressionOutcome.none(report), GatePolicy.defaults());
    List<String> steps = GateAdvice.nextSteps(gate, TODAY, Optional.of("suppressions.yaml"),
        "preflight.yaml");
    String all = String.join("\n", steps);
    assertTrue(all.contains("1 result is inconclusive: evidence was not gathered (config.fee-cap)"
        + ". Fix the policy or input named in the message at preflight.yaml"), all);
    assertFalse(all.contains("checkId: config.fee-cap"), "no suppression for missing evidence");
    assertTrue(all.contains("fingerprint " + fail.fingerprint()), all);
    assertTrue(all.contains("expires: 2026-05-31"), "90 days out: " + all);

    // Pasted as printed, the entry is one the suppressions file reads, and it waives the finding.
    List<String> entry = steps.stream().dropWhile(l -> !l.startsWith("  - fingerprint:"))
        .limit(5).toList();
    Path file = dir.resolve("suppressions.yaml");
    Files.writeString(file, "version: 1\nsuppressions:\n" + String.join("\n", entry) + "\n");
    Suppressions loaded = Suppressions.load(file);
    assertEquals(1, loaded.entries().size());
    Suppression s = loaded.entries().getFirst();
    assertEquals(fail.fingerprint(), s.fingerprint());
    assertEquals(Optional.of("program.upgrade-authority"), s.checkId());
    assertTrue(s.reason().startsWith(GateAdvice.PLACEHOLDER), s.reason());
    assertTrue(s.owner().startsWith(GateAdvice.PLACEHOLDER), s.owner());
    GateResult again = Gate.evaluate(loaded.apply(report, TODAY), GatePolicy.defaults());
    assertEquals(1, again.waived().size());
    assertEquals(1, again.reasons().size(), "the inconclusive result still breaks the gate");
  }

  private static CheckInfo info(String id, Severity s) {
    return new CheckInfo(id, id, s, List.of(), "", "", List.of());
  }

  private static ReadinessReport report(List<CheckResult> results) {
    return new ReadinessReport("test", java.time.Instant.parse("2026-03-02T10:00:00Z"),
        new ReadinessReport.Target("p", SampleReports.PROGRAM, false, "preflight.yaml"),
        List.of(), results, List.of(), List.of(), RpcStats.Snapshot.empty());
  }
}
