package dev.preflight.examples.escrow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.upgrade.UpgradeBaseline;
import dev.preflight.core.upgrade.UpgradeDiff;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upgrade diff in the example's world, with the example's policy and scenario (the clock
 * pinned to the world's time): the clean escrow deployed, a defect build as the candidate. These
 * are the defect builds whose difference needs the example's scenario (its governance lifecycle,
 * its buyers near their caps, its probe of initialize_config on the existing config); audit-core's
 * UpgradeDiffTest covers the others on its own world. A shortened campaign: 300 cases and, per
 * build, the sequences that reach its difference.
 */
class ExampleUpgradeDiffTest {

  @TempDir
  Path tmp;

  UpgradeDiff.Report diff(String candidate, int sequences) throws Exception {
    Properties world = ExamplePolicyFuzzTest.world();
    long now = Instant.parse(world.getProperty("now")).getEpochSecond();
    Path clean = ExamplePolicyFuzzTest.BIN.resolve("escrow.so");
    // the example's policy with fewer sequences: sequence n is a function of the seed and n, so
    // the first ones are the same as in the full campaign
    Path file = ExamplePolicyFuzzTest.EXAMPLE.resolve("preflight.yaml");
    String text = Files.readString(file);
    assertTrue(text.contains("sequences: { count: 1000,"), "the example's sequences changed; adjust this test");
    Policy policy = new PolicyLoader(n -> Optional.ofNullable(System.getenv(n)),
        n -> n.equals("escrow.binary") ? Optional.of(clean.toString()) : Optional.empty())
        .parse(text.replace("sequences: { count: 1000,", "sequences: { count: " + sequences + ","), file);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(world.getProperty("program"), clean, Optional.of(world.getProperty("squads-vault-0")))
        .accountDirectory(ExamplePolicyFuzzTest.EXAMPLE.resolve("chain/accounts"))
        .slotTime(Duration.ZERO)
        .clock(now)
        .start()) {
      FuzzRequest req = FuzzRequest.of(policy, v.rpcUri()).withMaxCases(300)
          .withMaxTime(Duration.ofSeconds(120)).withReproducers(tmp.resolve("reproducers"));
      long t0 = System.nanoTime();
      UpgradeDiff.Report r = UpgradeDiff.run(new UpgradeDiff.Request(req,
          ExamplePolicyFuzzTest.BIN.resolve(candidate + ".so"), policy.program().candidateTolerance(),
          UpgradeBaseline.empty(), LocalDate.ofInstant(Instant.ofEpochSecond(now), ZoneOffset.UTC)),
          Progress.silent());
      System.out.printf("%s: %d cases, %d sequences replayed, %d differences in %.1f s%n", candidate,
          r.casesReplayed(), r.sequencesReplayed(), r.differences().size(), (System.nanoTime() - t0) / 1e9);
      r.results().forEach(x -> System.out.println("  " + x.outcome() + " " + x.message()));
      return r;
    }
  }

  /** Each with the number of sequences (of the policy's seed) that reaches its difference, and a margin. */
  @ParameterizedTest
  @CsvSource({
      "escrow-defect-timelock-bypass, 150",
      "escrow-defect-wallet-cap-per-purchase, 1000",
      "escrow-defect-daily-volume-per-purchase, 320",
      "escrow-defect-config-reinit, 10",
      "escrow-defect-purchase-unbound, 40"})
  void defectBuildShowsADifference(String variant, int sequences) throws Exception {
    UpgradeDiff.Report r = diff(variant, sequences);
    List<CheckResult> failed = r.results().stream().filter(x -> x.outcome() == Outcome.FAIL).toList();
    assertFalse(failed.isEmpty(), variant + ": no difference");
    for (CheckResult f : failed) {
      assertTrue(f.evidence().stream().anyMatch(e -> e.field().equals("reproducer.step[0]")), f.message());
    }
  }
}
