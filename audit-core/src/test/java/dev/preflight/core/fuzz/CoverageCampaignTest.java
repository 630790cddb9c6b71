package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.coverage.CoverageCheck;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage in a campaign on the embedded validator tracing on demand: one seed gives the same
 * coverage twice (the guided generator depends only on the seed and what earlier cases reached);
 * the cases and sequences that reached new code are kept beside the corpus and replayed first on
 * the next run; an SBPF v3 build is never traced and its coverage is INCONCLUSIVE with the reason.
 */
class CoverageCampaignTest {

  @TempDir
  Path tmp;

  record Run(FuzzReport report, List<String> log) {}

  Run run(String binary, Optional<Path> corpus, int cases, int sequences) throws Exception {
    Path traces = Files.createTempDirectory(tmp, "traces");
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(binary),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .slotTime(Duration.ZERO).clock(1_780_000_000L).traceOnDemand(traces).start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(1_780_000_000L);
      world.build(rpc);
      Path policyFile = tmp.resolve("policy-" + binary + ".yaml");
      Files.writeString(policyFile, world.policyYaml(cases, 5, sequences, 6) + "  coverage: { min: 10 }\n");
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzRequest req = FuzzRequest.of(policy, v.rpcUri()).withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(3));
      if (corpus.isPresent()) {
        req = req.withCorpus(corpus.get());
      }
      List<String> log = new ArrayList<>();
      Progress p = new Progress() {
        @Override
        public void phase(String name) {}

        @Override
        public void info(String message) {
          log.add(message);
        }

        @Override
        public void warn(String message) {
          log.add("warning: " + message);
        }
      };
      return new Run(FuzzCampaign.run(req, p, CoverageOptions.of(policy, Optional.of(traces))), log);
    }
  }

  static CheckResult coverage(FuzzReport r) {
    return r.results().stream().filter(x -> x.checkId().equals(CoverageCheck.ID)).findFirst().orElseThrow();
  }

  @Test
  void oneSeedGivesTheSameCoverageAndKeptCasesAreReplayedFirst() throws Exception {
    Path corpus = tmp.resolve("corpus");
    Run first = run("escrow", Optional.of(corpus), 400, 15);
    Run again = run("escrow", Optional.empty(), 400, 15);
    CoverageReport a = first.report().coverage().orElseThrow(() -> new AssertionError(first.log()));
    CoverageReport b = again.report().coverage().orElseThrow();
    assertEquals(Outcome.PASS, coverage(first.report()).outcome(), coverage(first.report()).message());
    assertEquals(List.of(a.reached(), a.instructionsReached(), a.edgesReached(), a.unreached()),
        List.of(b.reached(), b.instructionsReached(), b.edgesReached(), b.unreached()),
        "the same seed reaches the same code");
    assertTrue(first.log().stream().anyMatch(l -> l.startsWith("coverage of " + EscrowWorld.PROGRAM.toBase58())),
        "the campaign prints its coverage: " + first.log());

    long kept;
    try (Stream<Path> s = Files.walk(corpus)) {
      kept = s.filter(p -> p.getParent().getFileName().toString().equals("coverage")
          && p.toString().endsWith(".json")).count();
    }
    assertTrue(kept >= 5, "cases and sequences that reached new code are kept: " + kept);
    Run next = run("escrow", Optional.of(corpus), 1, 1);
    assertTrue(next.log().stream().anyMatch(l -> l.matches("coverage: replaying \\d+ kept cases from .*")), next.log().toString());
    CoverageReport c = next.report().coverage().orElseThrow();
    // one case and one sequence of their own: what they reach beyond a single call comes from the kept ones
    assertTrue(c.edgesReached() >= a.edgesReached() * 9 / 10, "replayed kept cases reach about as much: "
        + c.edgesReached() + " against " + a.edgesReached());
  }

  @Test
  void anSbpfV3BuildIsNotTracedAndItsCoverageIsInconclusive() throws Exception {
    Run r = run("escrow-v3", Optional.empty(), 50, 0);
    CheckResult c = coverage(r.report());
    assertEquals(Outcome.INCONCLUSIVE, c.outcome(), c.message());
    assertTrue(c.message().contains("SBPF v3"), c.message());
    assertTrue(r.report().coverage().isEmpty());
    assertTrue(r.report().stats().cases() > 0, "the campaign itself ran");
  }
}
