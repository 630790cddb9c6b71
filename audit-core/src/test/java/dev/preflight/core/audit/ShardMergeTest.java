package dev.preflight.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.fuzz.CampaignTally;
import dev.preflight.core.fuzz.FuzzShard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards that do not belong together are refused, with the file named, before anything else. */
class ShardMergeTest {

  @TempDir
  Path dir;

  Path shard(String name, FuzzShard s, long seed, String programHash, String policy) {
    Path d = dir.resolve(name);
    new CampaignTally(s, seed, programHash, policy, 10, 0, 0, List.of(), List.of(),
        Optional.empty(), Map.of(), Map.of(), 0, false, 0, List.of(), Map.of(), List.of())
        .write(d.resolve(CampaignTally.FILE));
    return d;
  }

  String refused(List<Path> dirs) {
    return assertThrows(PreflightException.class, () -> ShardMerge.merge(dirs, Optional.empty()))
        .getMessage();
  }

  @Test
  void shardsOfAnotherCampaignAreRefusedByFile() {
    Path one = shard("one", new FuzzShard(1, 2), 7, "hash", "policy");
    String m = refused(List.of(one, shard("seed", new FuzzShard(2, 2), 8, "hash", "policy")));
    assertTrue(m.startsWith(dir.resolve("seed").resolve(CampaignTally.FILE) + ": seed 8 differs from 7 in "
        + one.resolve(CampaignTally.FILE)), m);
    m = refused(List.of(one, shard("program", new FuzzShard(2, 2), 7, "other", "policy")));
    assertTrue(m.contains("program hash other differs from hash"), m);
    m = refused(List.of(one, shard("policy", new FuzzShard(2, 2), 7, "hash", "edited")));
    assertTrue(m.contains("policy (SHA-256 of the policy file) edited differs from policy"), m);
    m = refused(List.of(one, shard("count", new FuzzShard(2, 3), 7, "hash", "policy")));
    assertTrue(m.contains("number of shards 3 differs from 2"), m);
  }

  @Test
  void aShardMissingOrGivenTwiceIsRefused() {
    Path one = shard("one", new FuzzShard(1, 3), 7, "hash", "policy");
    Path again = shard("again", new FuzzShard(1, 3), 7, "hash", "policy");
    Path three = shard("three", new FuzzShard(3, 3), 7, "hash", "policy");
    String m = refused(List.of(one, three));
    assertTrue(m.startsWith("Shard 2/3 is missing: the shards given are [1 ("), m);
    m = refused(List.of(one, again, three));
    assertTrue(m.startsWith(again.resolve(CampaignTally.FILE) + " is shard 1/3 again (as "
        + one.resolve(CampaignTally.FILE) + ")"), m);
  }

  @Test
  void aDirectoryThatIsNoShardIsNamed() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String m = assertThrows(PreflightException.class, () -> ShardMerge.locate(List.of(empty))).getMessage();
    assertTrue(m.startsWith(empty + " holds no shard"), m);
    m = assertThrows(PreflightException.class, () -> ShardMerge.locate(List.of(dir.resolve("nowhere"))))
        .getMessage();
    assertTrue(m.startsWith("Shard " + dir.resolve("nowhere") + " does not exist"), m);
    // a directory of artifacts: each shard's directory inside it, in name order
    Path a = shard("artifacts/shard-2", new FuzzShard(2, 2), 7, "hash", "policy");
    Path b = shard("artifacts/shard-1", new FuzzShard(1, 2), 7, "hash", "policy");
    assertEquals(List.of(b, a), ShardMerge.locate(List.of(dir.resolve("artifacts"))));
    // the merge then wants each shard's snapshot
    m = refused(List.of(a, b));
    assertTrue(m.contains("has no " + ShardMerge.SNAPSHOT), m);
  }

  static final String PROGRAM = "4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3";

  static CheckInfo info(String id) {
    return FuzzCampaign.definitions().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  /** A shard's files: its tally and a snapshot recording its results (as its run writes them). */
  Path recordedShard(String name, FuzzShard s, List<CampaignTally.FindingKey> findings,
                     String wiringMessage) {
    Path d = dir.resolve(name);
    CampaignTally t = new CampaignTally(s, 7, "hash", "policy", 10, 0, 0,
        List.of(new CampaignTally.Template("buy", false)), List.of(), Optional.of("none"),
        Map.of("buy", new CampaignTally.InstructionTally(11, 0, 5, Map.of(), Long.MAX_VALUE,
            Long.MIN_VALUE)),
        Map.of("buy", new CampaignTally.InstructionTally(1, 0, 1, Map.of(), Long.MAX_VALUE,
            Long.MIN_VALUE)), 0, false, 0, List.of(), Map.of(), findings);
    t.write(d.resolve(CampaignTally.FILE));
    List<CheckResult> recorded = new ArrayList<>();
    for (String id : t.ids()) {
      List<CampaignTally.FindingKey> mine = findings.stream().filter(k -> k.checkId().equals(id)).toList();
      if (mine.isEmpty()) {
        recorded.add(info(id).inconclusive("shard " + s + " of the campaign, not a full result")
            .evidence(t.commonEvidence()).subject(PROGRAM, id).build());
      }
      for (CampaignTally.FindingKey k : mine) {
        List<Evidence> ev = new ArrayList<>(List.of(Evidence.note("reproducer.case",
            Long.toString(k.number()))));
        ev.addAll(t.commonEvidence());
        recorded.add(info(id).fail("succeeded with remove admin1").evidence(ev)
            .subject(PROGRAM, k.field()).build());
      }
    }
    recorded.add(info("wiring.emergency-stop").pass(wiringMessage)
        .subject(PROGRAM, "wiring.emergency-stop").build());
    SnapshotJson.write(new Snapshot("test", Instant.parse("2026-03-01T00:00:00Z"), List.of(
            new dev.preflight.core.snapshot.ClusterSnapshot("localnet", "embedded", "genesis", 5,
                Map.of(), new dev.preflight.core.snapshot.ClusterSnapshot.Transactions.NotRequested(),
                Optional.empty()))),
        recorded, d.resolve(ShardMerge.SNAPSHOT));
    return d;
  }

  @Test
  void theMergedResultsAreJudgedOnTheMergedTally() {
    CampaignTally.FindingKey found = new CampaignTally.FindingKey("fuzz.unauthorized-success",
        CampaignTally.Kind.CASE, false, 3, "fuzz.unauthorized-success|buy|RemoveAccount:1",
        "fuzz.unauthorized-success|buy|RemoveAccount:1", "fuzz.unauthorized-success|buy|RemoveAccount:1",
        "fuzz.unauthorized-success:buy:RemoveAccount:1");
    Path one = recordedShard("one", new FuzzShard(1, 2), List.of(), "the stop holds");
    Path two = recordedShard("two", new FuzzShard(2, 2), List.of(found), "the stop holds");
    ShardMerge.Merged m = ShardMerge.merge(List.of(two, one), Optional.empty());
    assertEquals(List.of(one, two), m.shards().stream().map(ShardMerge.Shard::directory).toList());
    CheckResult fail = m.recorded().stream().filter(r -> r.outcome() == Outcome.FAIL).findFirst().orElseThrow();
    assertEquals("fuzz.unauthorized-success", fail.checkId());
    // the finding's own evidence, then the merged campaign's: 20 cases, the call as given once
    assertEquals("3", value(fail, "reproducer.case"));
    assertEquals("20", value(fail, "fuzz.cases"));
    assertEquals("21 cases, 0 sequence steps, 9 succeeded", value(fail, "fuzz.instruction.buy"));
    assertTrue(fail.evidence().stream().noneMatch(e -> e.field().equals("fuzz.shard")));
    assertEquals(new CampaignTally.Verdict(Outcome.PASS, "20 cases and 0 sequence steps (seed 7) found nothing"),
        outcome(m, "fuzz.bounds-accepted"));
    assertEquals(Outcome.INCONCLUSIVE, outcome(m, "fuzz.prefunded-account").outcome());
    assertEquals(new CampaignTally.Verdict(Outcome.PASS, "the stop holds"), outcome(m, "wiring.emergency-stop"));
  }

  @Test
  void aResultTheShardsDisagreeOnClaimsNothing() {
    Path one = recordedShard("one", new FuzzShard(1, 2), List.of(), "the stop holds");
    Path two = recordedShard("two", new FuzzShard(2, 2), List.of(), "the stop failed to hold");
    CampaignTally.Verdict v = outcome(ShardMerge.merge(List.of(one, two), Optional.empty()),
        "wiring.emergency-stop");
    assertEquals(Outcome.INCONCLUSIVE, v.outcome());
    // shards are named by number and directory name: a report carries no machine path
    assertTrue(v.message().startsWith("The shards disagree on wiring.emergency-stop ([2/2 "
        + two.getFileName() + "] differ from 1/2 " + one.getFileName() + ")"), v.message());
    assertFalse(v.message().contains(one.getParent().toString()), v.message());
  }

  static String value(CheckResult r, String field) {
    return r.evidence().stream().filter(e -> e.field().equals(field)).findFirst().orElseThrow().value();
  }

  static CampaignTally.Verdict outcome(ShardMerge.Merged m, String id) {
    CheckResult r = m.recorded().stream().filter(x -> x.checkId().equals(id)).findFirst().orElseThrow();
    return new CampaignTally.Verdict(r.outcome(), r.message());
  }
}
