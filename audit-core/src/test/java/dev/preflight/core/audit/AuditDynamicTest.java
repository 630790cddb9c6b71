package dev.preflight.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.checklist.ChecklistEvaluator;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.snapshot.Snapshot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic result sources join the report like any check; a campaign that cannot run is inconclusive. */
class AuditDynamicTest {

  @TempDir
  Path tmp;

  @Test
  void aCampaignThatCannotReachItsValidatorAddsInconclusiveResults() throws Exception {
    Path policyFile = tmp.resolve("preflight.yaml");
    Files.writeString(policyFile, """
        project: dynamic
        clusters:
          - name: local
            url: http://127.0.0.1:9
        program:
          id: 4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3
        severities:
          fuzz.conservation: low
        """);
    Policy policy = new PolicyLoader().load(policyFile);
    var result = Audit.of(policy)
        .offline(new Snapshot("test", Instant.parse("2026-01-01T00:00:00Z"), List.of()))
        .checks(CheckRegistry.of(List.of()))
        .checklist(dev.preflight.core.checklist.ChecklistEvaluator.none())
        // port 9 on loopback: nothing listens, so the campaign fails closed
        .dynamic(FuzzCampaign.asDynamic(FuzzRequest.of(policy, URI.create("http://127.0.0.1:9"))
            .withMaxTime(Duration.ofSeconds(5)), Progress.silent()))
        .run();
    List<CheckResult> results = result.report().results();
    assertEquals(FuzzCampaign.definitions().size(), results.size());
    assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.INCONCLUSIVE), results.toString());
    assertTrue(results.stream().allMatch(r -> r.message().contains("could not run")));
    assertEquals(Severity.LOW, results.stream().filter(r -> r.checkId().equals("fuzz.conservation"))
        .findFirst().orElseThrow().severity(), "severity overrides apply to dynamic results");
  }
}
