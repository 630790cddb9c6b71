package dev.preflight.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.fuzz.CampaignTally;
import dev.preflight.core.fuzz.FuzzShard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
