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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns against the real escrow binaries on the embedded validator. */
class EscrowFuzzTest {

  @TempDir
  Path tmp;

  record Run(FuzzReport report, EscrowWorld world) {}

  Run campaign(String variant, int cases, long seed) throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(variant),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      Path policyFile = tmp.resolve(variant + ".yaml");
      Files.writeString(policyFile, world.policyYaml(cases, seed));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzRequest req = FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(3))
          .withCorpus(tmp.resolve("corpus"));
      long t0 = System.nanoTime();
      FuzzReport report = FuzzCampaign.run(req, Progress.console());
      System.out.printf("%s: %d cases, %d simulations in %.1f s (%.0f cases/s)%n", variant,
          report.stats().cases(), report.stats().simulations(), (System.nanoTime() - t0) / 1e9,
          report.stats().casesPerSecond());
      for (CheckResult r : report.results()) {
        System.out.println("  " + r.checkId() + " " + r.outcome() + " " + r.message());
      }
      report.results().getFirst().evidence().stream().filter(e -> e.field().startsWith("fuzz.instruction."))
          .forEach(e -> System.out.println("  " + e.field() + ": " + e.value()));
      return new Run(report, world);
    }
  }

  @Test
  void cleanEscrowHasNoFindings() throws Exception {
    Run run = campaign("escrow", 5_000, 7);
    assertEquals(5_000, run.report().stats().cases());
    for (CheckResult r : run.report().results()) {
      // coverage is not measured here (no tracing validator) and no minimum is set: nothing to judge
      Outcome expected = r.checkId().equals(dev.preflight.core.coverage.CoverageCheck.ID)
          ? Outcome.NOT_APPLICABLE : Outcome.PASS;
      assertEquals(expected, r.outcome(), r.checkId() + ": " + r.message());
    }
    // one result per registered campaign id, none missing, none extra
    java.util.Set<String> registered = new java.util.TreeSet<>();
    FuzzCampaign.definitions().forEach(d -> registered.add(d.id()));
    java.util.Set<String> reported = new java.util.TreeSet<>();
    run.report().results().forEach(r -> reported.add(r.checkId()));
    assertEquals(registered, reported);
    assertEquals(FuzzCampaign.definitions().size(), run.report().results().size());
  }
}
