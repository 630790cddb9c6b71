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

/** Findings are kept per program hash and replayed first: a later one-case run still finds them. */
class CorpusReplayTest {

  @TempDir
  Path tmp;

  @Test
  void savedFindingsAreReplayedFirst() throws Exception {
    String variant = "escrow-defect-stop-unauthorized";
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(variant),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(2_000, 11));
      Policy policy = new PolicyLoader().load(policyFile);
      Path corpus = tmp.resolve("fuzz-corpus");
      FuzzRequest base = FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(1)).withCorpus(corpus);
      FuzzReport first = FuzzCampaign.run(base, Progress.silent());
      assertTrue(first.findings().stream().anyMatch(f -> f.checkId().equals(Oracles.UNAUTHORIZED)));
      Path dir = corpus.resolve(ProgramHash.ofFile(EscrowWorld.binary(variant)));
      assertTrue(Files.isDirectory(dir), "corpus keyed by program hash: " + dir);

      // another seed and a single generated case: the saved cases still find it
      FuzzReport second = FuzzCampaign.run(base.withSeed(999).withMaxCases(1), Progress.silent());
      assertEquals(1, second.stats().cases());
      assertTrue(second.stats().corpusReplayed() > 0);
      CheckResult r = second.results().stream().filter(x -> x.checkId().equals(Oracles.UNAUTHORIZED)
          && x.outcome() == Outcome.FAIL).findFirst().orElseThrow();
      assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.case") && e.value().equals("corpus")));
    }
  }
}
