package dev.preflight.core.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.EscrowWorld;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.policy.CandidateTolerance;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upgrade diff on the real escrow binaries: the clean build deployed, a defect build of
 * fixtures/escrow/bin as the candidate. Small budgets: one short campaign per variant.
 */
class UpgradeDiffTest {

  @TempDir
  Path tmp;

  static UpgradeDiff.Report diff(Path tmp, String candidate, UpgradeBaseline baseline) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    EscrowWorld world = new EscrowWorld(now);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(400, 7, 60, 8));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzRequest fr = FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofSeconds(40))
          .withReproducers(tmp.resolve("reproducers"));
      long t0 = System.nanoTime();
      UpgradeDiff.Report r = UpgradeDiff.run(new UpgradeDiff.Request(fr, EscrowWorld.binary(candidate),
          CandidateTolerance.DEFAULT, baseline, LocalDate.now()), Progress.silent());
      System.out.printf("%s: %d cases, %d sequences replayed, %d differences in %.1f s%n", candidate,
          r.casesReplayed(), r.sequencesReplayed(), r.differences().size(), (System.nanoTime() - t0) / 1e9);
      r.results().forEach(x -> System.out.println("  " + x.outcome() + " " + x.message()));
      return r;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "escrow-defect-pause-ignored",
      "escrow-defect-fee-uncapped",
      "escrow-defect-stop-unauthorized",
      "escrow-defect-duration-unbounded",
      "escrow-defect-price-wrap",
      "escrow-defect-create-prefunded",
      "escrow-defect-sale-end-inclusive",
      "escrow-defect-timelock-bypass",
      "escrow-defect-wallet-cap-per-purchase",
      "escrow-defect-daily-volume-per-purchase",
      "escrow-defect-config-reinit",
      "escrow-defect-slippage-ignored",
      "escrow-defect-fee-round-down",
      "escrow-defect-purchase-unbound",
      "escrow-defect-cancel-not-seller",
      "escrow-defect-stop-duplicate-signers",
      "escrow-defect-treasury-unchecked",
      "escrow-defect-fee-unwrap"})
  void defectBuildShowsDifferencesWithReproducers(String variant) throws Exception {
    UpgradeDiff.Report r = diff(tmp, variant, UpgradeBaseline.empty());
    List<CheckResult> failed = r.results().stream().filter(x -> x.outcome() == Outcome.FAIL).toList();
    assertFalse(failed.isEmpty(), variant + ": no difference");
    for (CheckResult f : failed) {
      assertEquals(UpgradeDiff.ID, f.checkId());
      assertTrue(f.evidence().stream().anyMatch(e -> e.field().equals("upgrade.deployed")));
      assertTrue(f.evidence().stream().anyMatch(e -> e.field().startsWith("reproducer.step[")));
      String cls = f.evidence().stream().filter(e -> e.field().equals("reproducer.class")).findFirst()
          .orElseThrow().value();
      assertTrue(Files.isRegularFile(tmp.resolve("reproducers").resolve(cls + ".java")), cls);
    }
  }

  @Test
  void cleanAgainstCleanShowsNone() throws Exception {
    UpgradeDiff.Report r = diff(tmp, "escrow", UpgradeBaseline.empty());
    assertEquals(List.of(), r.differences());
    assertEquals(1, r.results().size());
    assertEquals(Outcome.PASS, r.results().getFirst().outcome(), r.results().getFirst().message());
    assertTrue(r.casesReplayed() > 100 && r.sequencesReplayed() > 10, "too little was compared");
  }
}
