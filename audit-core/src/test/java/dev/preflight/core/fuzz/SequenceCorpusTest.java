package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sequence finding is kept in the corpus and replayed first on the next run of the same binary:
 * a second campaign too small to find it again (one sequence of one step) still reports it, from
 * the kept sequence, with its reproducer.
 */
class SequenceCorpusTest {

  @TempDir
  Path tmp;

  FuzzReport run(int sequences, int steps) throws Exception {
    return run(sequences, steps, (report, url) -> { });
  }

  /** What a test does with the report while the validator and its world still run. */
  interface WhileRunning {
    void accept(FuzzReport report, java.net.URI url) throws Exception;
  }

  FuzzReport run(int sequences, int steps, WhileRunning also) throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow-defect-create-prefunded"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(200, 5, sequences, steps));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(3)).withCorpus(tmp.resolve("corpus")), Progress.silent());
      also.accept(report, v.rpcUri());
      return report;
    }
  }

  static Optional<CheckResult> prefunded(FuzzReport r) {
    return r.results().stream().filter(x -> x.checkId().equals(PrefundOracle.ID) && x.outcome() == Outcome.FAIL)
        .findFirst();
  }

  @Test
  void aKeptSequenceIsReplayedFirst() throws Exception {
    FuzzReport first = run(300, 12, (report, url) -> {
      // the generated sequence reproducer compiles and reproduces on the world it came from
      String cls = report.reproducers().keySet().stream().filter(k -> report.reproducers().get(k)
          .contains("Replays a Preflight sequence finding: " + PrefundOracle.ID)).findFirst()
          .orElseThrow(() -> new AssertionError("no sequence reproducer: " + report.reproducers().keySet()));
      var summary = ReproducerRunner.run(tmp.resolve("repro"), cls, report.reproducers().get(cls), url);
      assertEquals(1, summary.getTestsFailedCount(), "the reproducer must fail while the defect is there");
    });
    assertTrue(prefunded(first).isPresent(), "the first campaign finds the pre-funded creation");
    long kept;
    try (Stream<Path> files = Files.walk(tmp.resolve("corpus"))) {
      kept = files.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> {
            try {
              return Files.readString(p).contains("\"kind\" : \"sequence\"");
            } catch (java.io.IOException e) {
              return false;
            }
          }).count();
    }
    assertTrue(kept >= 1, "the sequence is kept in the corpus");

    FuzzReport second = run(1, 1);
    CheckResult again = prefunded(second).orElseThrow(() -> new AssertionError(
        "the kept sequence must be found again: " + second.results()));
    assertEquals(List.of("corpus"), again.evidence().stream()
        .filter(e -> e.field().equals("reproducer.sequence")).map(e -> e.value()).toList());
    assertTrue(again.evidence().stream().anyMatch(e -> e.field().equals("reproducer.transaction")));
  }
}
