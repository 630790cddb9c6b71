package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Each planted defect of fixtures/escrow/DEFECTS.md is found under its check id with a shrunk
 * reproducer, and the generated JUnit reproducer fails on the variant and passes on the clean
 * build (both worlds are built identically, so the reproducer's transaction fits both).
 */
class EscrowDefectsTest {

  @TempDir
  Path tmp;

  static EmbeddedValidator start(String variant) {
    return EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(variant),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
  }

  @ParameterizedTest
  @CsvSource({
      "escrow-defect-pause-ignored, wiring.emergency-stop",
      "escrow-defect-fee-uncapped, fuzz.bounds-accepted",
      "escrow-defect-stop-unauthorized, fuzz.unauthorized-success",
      "escrow-defect-duration-unbounded, fuzz.bounds-accepted",
      "escrow-defect-price-wrap, fuzz.conservation"})
  void defectIsFoundAndReproduced(String variant, String checkId) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    EscrowWorld world = new EscrowWorld(now);
    FuzzReport report;
    Finding finding;
    String cls;
    String source;
    try (EmbeddedValidator v = start(variant); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(3_000, 11));
      Policy policy = new PolicyLoader().load(policyFile);
      long t0 = System.nanoTime();
      report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(2)), Progress.silent());
      System.out.printf("%s: %d cases in %.1f s%n", variant, report.stats().cases(), (System.nanoTime() - t0) / 1e9);
      List<CheckResult> failed = report.results().stream().filter(r -> r.outcome() == Outcome.FAIL).toList();
      failed.forEach(r -> System.out.println("  FAIL " + r.checkId() + ": " + r.message()));
      assertFalse(failed.isEmpty(), variant + ": no finding");
      assertTrue(failed.stream().allMatch(r -> r.checkId().equals(checkId)),
          variant + ": findings outside " + checkId + ": " + failed);
      CheckResult r = failed.getFirst();
      assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.transaction")));
      assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.data")));
      finding = report.findings().stream().filter(f -> f.checkId().equals(checkId)).findFirst().orElseThrow();
      System.out.println("  shrunk: " + finding.call().instruction() + " " + finding.fuzzCase().describe());
      assertTrue(finding.fuzzCase().mutations().size() <= 2, "not shrunk: " + finding.fuzzCase().describe());
      cls = report.reproducers().keySet().stream().filter(k -> report.reproducers().get(k)
          .contains("Replays a Preflight finding: " + checkId)).findFirst().orElseThrow();
      source = report.reproducers().get(cls);
      TestExecutionSummary onVariant = ReproducerRunner.run(tmp.resolve("variant"), cls, source, v.rpcUri());
      assertEquals(1, onVariant.getTestsFailedCount(), variant + ": the reproducer must fail on the variant");
    }
    try (EmbeddedValidator v = start("escrow"); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      TestExecutionSummary onClean = ReproducerRunner.run(tmp.resolve("clean"), cls, source, v.rpcUri());
      assertEquals(1, onClean.getTestsSucceededCount(), variant + ": the reproducer must pass on the clean build: "
          + onClean.getFailures().stream().map(f -> f.getException().getMessage()).toList());
    }
  }
}
