package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fork mode between two embedded validators: the source holds the escrow and its market, the
 * target starts empty; the campaign copies the program (from its ProgramData) and the scenario's
 * accounts, then fuzzes the copy, including the emergency stop wiring, without writing to the
 * source.
 */
class ForkTest {

  @TempDir
  Path tmp;

  @Test
  void campaignRunsOnAForkOfAnotherValidator() throws Exception {
    try (EmbeddedValidator source = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         EmbeddedValidator target = EmbeddedValidator.builder().start();
         RpcValidator src = new RpcValidator(source.rpcUri());
         RpcValidator dst = new RpcValidator(target.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(src);
      assertTrue(dst.account(EscrowWorld.PROGRAM).isEmpty(), "target starts without the program");
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(1_000, 5));
      Policy policy = new PolicyLoader().load(policyFile);
      byte[] configBefore = src.account(world.config).orElseThrow().data();

      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, target.rpcUri())
          .withForkFrom(source.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(2)), Progress.console());
      for (CheckResult r : report.results()) {
        System.out.println("  " + r.checkId() + " " + r.outcome() + " " + r.message());
        // coverage is not measured here (no tracing validator) and no minimum is set: nothing to judge
        Outcome expected = r.checkId().equals(dev.preflight.core.coverage.CoverageCheck.ID)
            ? Outcome.NOT_APPLICABLE : Outcome.PASS;
        assertEquals(expected, r.outcome(), r.checkId() + ": " + r.message());
      }
      assertEquals(1_000, report.stats().cases());
      assertEquals(ProgramHash.ofFile(EscrowWorld.binary("escrow")), report.stats().programHash());
      assertEquals(1065, configBefore.length);
      assertTrue(java.util.Arrays.equals(configBefore, src.account(world.config).orElseThrow().data()),
          "the source is never written");
      assertTrue(dst.account(world.sale1).isPresent(), "the sale was copied");
    }
  }
}
