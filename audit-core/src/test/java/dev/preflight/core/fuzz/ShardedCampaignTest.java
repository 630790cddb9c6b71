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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escrow's whole scenario with a defect, on the embedded validator: one campaign, and the same
 * campaign as two shards of half the budget. The shards run exactly the single run's cases and
 * sequences (the merged per-instruction counts equal the single run's), and judged on their merged
 * tally they give the single run's outcomes and findings.
 */
class ShardedCampaignTest {

  @TempDir
  Path tmp;

  static final String VARIANT = "escrow-defect-fee-uncapped";

  FuzzReport run(Optional<FuzzShard> shard, int maxCases, int sequences, Path tally) throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(VARIANT),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        // the chain's clock moves only when a sequence moves it: runs are comparable to the second
        .clock(1_800_000_000L).slotTime(Duration.ZERO)
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(1_800_000_000L);
      world.build(rpc);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(maxCases, 21, sequences, 8));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzRequest r = FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(4));
      return FuzzCampaign.run(shard.map(s -> r.withShard(s, tally)).orElse(r.withShard(FuzzShard.WHOLE, tally)),
          Progress.silent());
    }
  }

  @Test
  void twoShardsMergedAreTheSingleRun() throws Exception {
    FuzzReport single = run(Optional.empty(), 600, 40, tmp.resolve("single.json"));
    FuzzReport one = run(Optional.of(new FuzzShard(1, 2)), 300, 20, tmp.resolve("one.json"));
    FuzzReport two = run(Optional.of(new FuzzShard(2, 2)), 300, 20, tmp.resolve("two.json"));
    CampaignTally whole = CampaignTally.read(tmp.resolve("single.json"));
    CampaignTally merged = CampaignTally.merge(List.of(CampaignTally.read(tmp.resolve("one.json")),
        CampaignTally.read(tmp.resolve("two.json"))));

    assertTrue(single.results().stream().anyMatch(r -> r.outcome() == Outcome.FAIL),
        "the single run must find the defect: " + single.results());
    // the shards ran exactly the single run's numbers
    assertEquals(whole.cases(), merged.cases());
    assertEquals(whole.sequences(), merged.sequences());
    assertEquals(whole.steps(), merged.steps());
    assertEquals(new TreeMap<>(whole.instructions()), new TreeMap<>(merged.instructions()));
    // and keep its findings
    assertEquals(CampaignTally.choose(whole.findings()), merged.findings());

    // the verdicts: a shard claims nothing it alone cannot; the merge judges as the single run
    for (CheckResult r : one.results()) {
      if (r.checkId().equals(dev.preflight.core.coverage.CoverageCheck.ID)) {
        // a shard does not measure coverage: without a minimum there is nothing to judge
        assertEquals(Outcome.NOT_APPLICABLE, r.outcome(), r.toString());
        assertTrue(r.message().contains("a shard does not measure coverage"), r.message());
        continue;
      }
      if (r.outcome() != Outcome.FAIL && !r.checkId().startsWith("wiring.")) {
        assertEquals(Outcome.INCONCLUSIVE, r.outcome(), r.toString());
        assertTrue(r.message().startsWith("shard 1/2 of the campaign, not a full result"), r.message());
      }
    }
    assertFalse(two.results().stream().anyMatch(r -> r.outcome() == Outcome.PASS
        && !r.checkId().startsWith("wiring.")));
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (String id : whole.ids()) {
      single.results().stream().filter(r -> r.checkId().equals(id))
          .forEach(r -> expected.add(id + " " + r.outcome() + " " + r.fingerprint()));
      List<CampaignTally.FindingKey> found = merged.findings().stream()
          .filter(k -> k.checkId().equals(id)).toList();
      if (found.isEmpty()) {
        actual.add(id + " " + merged.verdict(id).outcome() + " " + single.results().stream()
            .filter(r -> r.checkId().equals(id)).findFirst().orElseThrow().fingerprint());
      }
      found.forEach(k -> actual.add(id + " " + Outcome.FAIL + " " + dev.preflight.core.check.Fingerprint.of(
          id, "", EscrowWorld.PROGRAM.toBase58(), k.field())));
    }
    assertEquals(expected, actual);
  }
}
