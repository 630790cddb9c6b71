package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.fuzz.CampaignTally;
import dev.preflight.core.fuzz.FuzzShard;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz goal's shard and the merge goal's shards, as parameters. */
class ShardMojoTest {

  @TempDir
  Path dir;

  @Test
  void aShardReachesTheRequestAndABadOneIsNamed() {
    FuzzMojo m = new FuzzMojo();
    m.policy = new File("/p/preflight.yaml");
    m.outputDirectory = new File("/p/target/preflight");
    m.failOnSeverity = "high";
    assertEquals(Optional.empty(), m.request().fuzz().shard());
    m.shard = "2/8";
    assertEquals(Optional.of(new FuzzShard(2, 8)), m.request().fuzz().shard());
    m.shard = "0/4";
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .startsWith("preflight.fuzz.shard '0/4': shard 0 does not exist, shards are numbered 1 to 4"));
  }

  @Test
  void theMergeWritesNeitherIntoAShardNorWithoutShards() throws Exception {
    Path shard = dir.resolve("shard-1");
    new CampaignTally(new FuzzShard(1, 1), 1, "hash", "", 0, 0, 0, List.of(), List.of(),
        Optional.empty(), Map.of(), Map.of(), 0, false, 0, List.of(), Map.of(), List.of())
        .write(shard.resolve(CampaignTally.FILE));
    MergeMojo m = new MergeMojo();
    m.policy = dir.resolve("preflight.yaml").toFile();
    m.basedir = dir.toFile();
    m.failOnSeverity = "high";
    m.outputDirectory = shard.toFile();
    m.shards = List.of(new File("shard-1"));
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("is the shard " + shard + "; write the merged report elsewhere"));
    m.shards = List.of();
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .startsWith("No shards given"));
    Files.createDirectories(dir.resolve("merged"));
    m.outputDirectory = dir.resolve("merged").toFile();
    m.shards = List.of(new File("shard-1"));
    // a relative shard is the project's; its snapshot is missing here
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .startsWith(shard + " has no preflight-snapshot.json"));
  }
}
