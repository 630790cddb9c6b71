package dev.preflight.core.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
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
    return diff(tmp, candidate, baseline, 400, 60, 8);
  }

  static UpgradeDiff.Report diff(Path tmp, String candidate, UpgradeBaseline baseline, int cases,
                                 int sequences, int steps) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    EscrowWorld world = new EscrowWorld(now);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(cases, 7, sequences, steps));
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

  /**
   * Every defect build the campaign reaches in this world within this budget (400 cases, 60
   * sequences of 8 steps). Five need a longer multi-step sequence that this world does not give
   * within 2,000 cases and 400 sequences of 12 steps (tried): timelock-bypass, wallet-cap-per-purchase,
   * daily-volume-per-purchase, config-reinit, purchase-unbound; examples/escrow-readiness's
   * ExampleUpgradeDiffTest shows each of them in the example's world. fee-unwrap needs the larger
   * budget: {@link #feeUnwrapShowsWithALongerCampaign}.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "escrow-defect-pause-ignored",
      "escrow-defect-fee-uncapped",
      "escrow-defect-stop-unauthorized",
      "escrow-defect-duration-unbounded",
      "escrow-defect-price-wrap",
      "escrow-defect-create-prefunded",
      "escrow-defect-sale-end-inclusive",
      "escrow-defect-slippage-ignored",
      "escrow-defect-fee-round-down",
      "escrow-defect-cancel-not-seller",
      "escrow-defect-stop-duplicate-signers",
      "escrow-defect-treasury-unchecked"})
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

  /** A panic is reached only by a long sequence (a buy whose fee overflows): a larger budget. */
  @Test
  void feeUnwrapShowsWithALongerCampaign() throws Exception {
    UpgradeDiff.Report r = diff(tmp, "escrow-defect-fee-unwrap", UpgradeBaseline.empty(), 2000, 400, 12);
    assertTrue(r.differences().stream().anyMatch(f -> f.difference().instruction().equals("buy_tokens")),
        "no difference of buy_tokens: " + r.differences());
  }

  @Test
  void acceptedDifferencesNoLongerFailAndExpiredOnesDo() throws Exception {
    String variant = "escrow-defect-stop-unauthorized";
    UpgradeDiff.Report first = diff(tmp, variant, UpgradeBaseline.empty());
    assertFalse(first.differences().isEmpty());
    List<UpgradeBaseline.Accepted> accepted = first.differences().stream().map(f -> new UpgradeBaseline.Accepted(
        f.fingerprint(), Optional.of(f.difference().title()), "v2 lets anyone stop buying", "ops@example.com",
        LocalDate.now().plusDays(30), "baseline.yaml:1")).toList();
    UpgradeDiff.Report second = diff(tmp, variant, UpgradeBaseline.of(accepted));
    assertTrue(second.results().stream().noneMatch(x -> x.outcome() == Outcome.FAIL), "still failing: "
        + second.results().stream().map(CheckResult::message).toList());
    assertTrue(second.results().stream().anyMatch(x -> x.outcome() == Outcome.ATTESTED));

    List<UpgradeBaseline.Accepted> expired = accepted.stream().map(a -> new UpgradeBaseline.Accepted(a.fingerprint(),
        a.difference(), a.reason(), a.owner(), LocalDate.now().minusDays(1), a.source())).toList();
    UpgradeDiff.Report third = diff(tmp, variant, UpgradeBaseline.of(expired));
    assertTrue(third.results().stream().anyMatch(x -> x.outcome() == Outcome.FAIL
        && x.message().contains("expired")), "an expired entry must not accept the difference");
  }

  @Test
  void baselineFileIsReadWithPlaces() throws Exception {
    Path file = tmp.resolve("preflight-upgrade-baseline.yaml");
    Files.writeString(file, """
        version: 1
        accepted:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            difference: "set_emergency_stop: outcome"
            reason: anyone may stop buying in v2
            owner: ops@example.com
            expires: 2030-01-31
        """);
    UpgradeBaseline b = UpgradeBaseline.load(file, "preflight-upgrade-baseline.yaml");
    assertEquals(1, b.entries().size());
    assertEquals("preflight-upgrade-baseline.yaml:3", b.entries().getFirst().source());
    Files.writeString(file, """
        accepted:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            owner: o
            expires: someday
        """);
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.preflight.core.PreflightException.class,
        () -> UpgradeBaseline.load(file, "b.yaml"));
    assertTrue(e.getMessage().startsWith("b.yaml:5: accepted[0].expires 'someday' is not an ISO date"), e.getMessage());
  }

  /**
   * The reproducer of a difference pins the deployed behaviour: on the validator holding the
   * world it passes with the deployed binary and fails once the candidate is installed.
   */
  @Test
  void reproducerPassesOnTheDeployedBinaryAndFailsOnTheCandidate() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    EscrowWorld world = new EscrowWorld(now);
    Path candidate = EscrowWorld.binary("escrow-defect-stop-unauthorized");
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .slotTime(Duration.ZERO)
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(300, 7, 20, 6));
      FuzzRequest fr = FuzzRequest.of(new PolicyLoader().load(policyFile), v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl));
      UpgradeDiff.Report r = UpgradeDiff.run(new UpgradeDiff.Request(fr, candidate, CandidateTolerance.DEFAULT,
          UpgradeBaseline.empty(), LocalDate.now()), Progress.silent());
      UpgradeDiff.Found found = r.differences().stream()
          .filter(f -> f.difference().title().equals("set_emergency_stop: outcome")).findFirst().orElseThrow();
      String source = r.reproducers().get(found.reproducerClass());
      // the diff left the validator on the deployed binary, in the world
      var onDeployed = dev.preflight.core.fuzz.ReproducerRunner.run(tmp.resolve("deployed"),
          found.reproducerClass(), source, v.rpcUri());
      assertEquals(1, onDeployed.getTestsSucceededCount(), "must pass on the deployed binary: "
          + onDeployed.getFailures().stream().map(f -> f.getException().getMessage()).toList());
      ProgramSwap.install(rpc, EscrowWorld.PROGRAM, Files.readAllBytes(candidate));
      var onCandidate = dev.preflight.core.fuzz.ReproducerRunner.run(tmp.resolve("candidate"),
          found.reproducerClass(), source, v.rpcUri());
      assertEquals(1, onCandidate.getTestsFailedCount(), "must fail on the candidate");
    }
  }

  /** Fail closed: a candidate the validator cannot load is INCONCLUSIVE with the reason, never a pass. */
  @Test
  void aCandidateThatCannotRunIsInconclusive() throws Exception {
    Path broken = tmp.resolve("broken.so");
    byte[] elf = Files.readAllBytes(EscrowWorld.binary("escrow"));
    Files.write(broken, java.util.Arrays.copyOf(elf, 512)); // an ELF header, no program
    long now = System.currentTimeMillis() / 1000;
    EscrowWorld world = new EscrowWorld(now);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(100, 7, 5, 4));
      FuzzRequest fr = FuzzRequest.of(new PolicyLoader().load(policyFile), v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl));
      UpgradeDiff.Report r = UpgradeDiff.run(new UpgradeDiff.Request(fr, broken, CandidateTolerance.DEFAULT,
          UpgradeBaseline.empty(), LocalDate.now()), Progress.silent());
      assertEquals(1, r.results().size());
      CheckResult only = r.results().getFirst();
      assertEquals(Outcome.INCONCLUSIVE, only.outcome(), only.message());
      assertTrue(only.message().startsWith("the candidate could not run: "), only.message());
      // the deployed binary is back in place
      var program = rpc.account(EscrowWorld.PROGRAM).orElseThrow();
      assertTrue(program.executable());
      var programData = rpc.account(software.sava.core.accounts.PublicKey.readPubKey(program.data(), 4)).orElseThrow();
      assertEquals(dev.preflight.core.chain.ProgramHash.ofFile(EscrowWorld.binary("escrow")),
          dev.preflight.core.chain.ProgramHash.ofProgramDataAccount(programData.data()));
    }
  }

  @Test
  void noValidatorNoComparison() {
    Policy policy;
    try {
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, new EscrowWorld(0).policyYaml(10, 7, 0, 1));
      policy = new PolicyLoader().load(policyFile);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    UpgradeDiff.Report r = UpgradeDiff.run(new UpgradeDiff.Request(
        FuzzRequest.of(policy, java.net.URI.create("http://127.0.0.1:1")), EscrowWorld.binary("escrow"),
        CandidateTolerance.DEFAULT, UpgradeBaseline.empty(), LocalDate.now()), Progress.silent());
    assertEquals(Outcome.INCONCLUSIVE, r.results().getFirst().outcome());
    assertTrue(r.results().getFirst().message().contains("could not run"), r.results().getFirst().message());
  }
}
