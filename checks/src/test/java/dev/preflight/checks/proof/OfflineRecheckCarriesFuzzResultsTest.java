package dev.preflight.checks.proof;

import dev.preflight.core.fuzz.EscrowWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.audit.RecordedResults;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.Suppressions;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot records the fuzz and wiring results of the run that wrote it, reproducers included;
 * an offline re-check shows them as recorded (marked "from snapshot"), the gate still fails on a
 * recorded FAIL, and a snapshot without them makes each expected id INCONCLUSIVE, never absent.
 */
class OfflineRecheckCarriesFuzzResultsTest {

  @TempDir
  Path dir;

  @Test
  void recordedFuzzResultsAreShownOfflineAndStillFailTheGate() throws IOException {
    EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
    Path policyFile = dir.resolve("preflight.yaml");
    Files.writeString(policyFile, world.policyYaml(FuzzFixtures.CASES, FuzzFixtures.SEED));
    Policy policy = new PolicyLoader().load(policyFile);
    AuditResult live;
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(),
            EscrowWorld.binary("escrow-defect-stop-unauthorized"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      FuzzRequest request = FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(2));
      live = Audit.of(policy).url("local", v.rpcUri())
          .dynamic(ctx -> FuzzCampaign.run(request, Progress.silent()).results()).run();
    }
    List<String> fuzzIds = FuzzCampaign.definitions().stream().map(CheckInfo::id).toList();
    assertEquals(fuzzIds.stream().sorted().toList(), live.dynamicResults().stream()
        .map(CheckResult::checkId).distinct().sorted().toList());

    Path file = dir.resolve("preflight-snapshot.json");
    SnapshotJson.write(live.snapshot(), live.dynamicResults(), file);
    // The validator is gone: the re-check runs on the file alone.
    SnapshotJson.Saved saved = SnapshotJson.load(file);
    assertEquals(live.dynamicResults(), saved.recorded());
    AuditResult offline = Audit.of(policy).offline(saved.snapshot())
        .dynamic(RecordedResults.replay(saved.snapshot(), saved.recorded(),
            FuzzCampaign.definitions())).run();

    for (CheckResult was : live.dynamicResults()) {
      CheckResult now = offline.results().stream()
          .filter(r -> r.fingerprint().equals(was.fingerprint())).findFirst()
          .orElseThrow(() -> new AssertionError("offline lost " + was.checkId()));
      assertEquals(was.outcome(), now.outcome(), was.checkId());
      assertEquals(was.message(), now.message(), was.checkId());
      assertTrue(RecordedResults.isRecorded(now), was.checkId() + " is not marked");
      assertTrue(now.evidence().getLast().value().startsWith("from snapshot taken "
          + saved.snapshot().takenAt()), now.evidence().getLast().value());
    }
    CheckResult finding = offline.report().results("fuzz.unauthorized-success").stream()
        .filter(r -> r.outcome() == Outcome.FAIL).findFirst().orElseThrow();
    assertTrue(finding.evidence().stream().anyMatch(e -> e.field().equals("reproducer.transaction")
        && !e.value().isEmpty()), "the reproducer travels with the result");

    GateResult gate = Gate.evaluate(Suppressions.empty().apply(offline.report(),
        LocalDate.of(2026, 1, 1)), new GatePolicy(Severity.HIGH, false));
    assertFalse(gate.passed(), "a recorded FAIL must still fail the gate: " + gate.summary());

    // The re-check's own snapshot carries them on; re-checking that keeps the first mark, once.
    Path again = dir.resolve("recheck-snapshot.json");
    SnapshotJson.write(offline.snapshot(), offline.dynamicResults(), again);
    SnapshotJson.Saved savedAgain = SnapshotJson.load(again);
    AuditResult twice = Audit.of(policy).offline(savedAgain.snapshot())
        .dynamic(RecordedResults.replay(savedAgain.snapshot(), savedAgain.recorded(),
            FuzzCampaign.definitions())).run();
    assertEquals(offline.dynamicResults(), twice.dynamicResults());
    for (CheckResult r : twice.dynamicResults()) {
      assertEquals(1, r.evidence().stream().filter(e -> e.field().equals(RecordedResults.FIELD))
          .count(), r.checkId());
    }
  }

  @Test
  void aSnapshotWithoutRecordedResultsLeavesEachExpectedIdInconclusive() throws IOException {
    EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
    Path policyFile = dir.resolve("preflight.yaml");
    Files.writeString(policyFile, world.policyYaml(FuzzFixtures.CASES, FuzzFixtures.SEED));
    Policy policy = new PolicyLoader().load(policyFile);
    Path file = dir.resolve("preflight-snapshot.json");
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start()) {
      AuditResult live = Audit.of(policy).url("local", v.rpcUri()).run();
      SnapshotJson.write(live.snapshot(), live.dynamicResults(), file);
    }
    SnapshotJson.Saved saved = SnapshotJson.load(file);
    assertEquals(List.of(), saved.recorded());
    AuditResult offline = Audit.of(policy).offline(saved.snapshot())
        .dynamic(RecordedResults.replay(saved.snapshot(), saved.recorded(),
            FuzzCampaign.definitions())).run();
    for (CheckInfo info : FuzzCampaign.definitions()) {
      CheckResult r = offline.result(info.id());
      assertEquals(Outcome.INCONCLUSIVE, r.outcome(), info.id());
      assertTrue(r.message().startsWith("Not re-run offline"), r.message());
    }
  }
}
