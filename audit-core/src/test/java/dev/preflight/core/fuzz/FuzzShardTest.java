package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards are written i/k; together they take every number exactly once; bad input is named. */
class FuzzShardTest {

  @Test
  void theShardsOfACampaignTakeEveryNumberOnce() {
    int k = 3;
    List<Long> all = new ArrayList<>();
    for (int i = 1; i <= k; i++) {
      FuzzShard s = FuzzShard.parse(i + "/" + k, "preflight.fuzz.shard");
      for (long local = 0; local < 5; local++) {
        long n = s.global(local);
        assertTrue(s.includes(n));
        all.add(n);
      }
    }
    all.sort(null);
    assertEquals(java.util.stream.LongStream.range(0, 15).boxed().toList(), all);
    assertFalse(new FuzzShard(2, 3).includes(0));
    assertEquals("2/8", FuzzShard.parse(" 2 / 8 ", "x").toString());
    assertTrue(FuzzShard.WHOLE.whole());
  }

  @Test
  void badInputSaysWhatToWrite() {
    assertEquals("preflight.fuzz.shard '3/2': shard 3 does not exist, shards are numbered 1 to 2; "
        + "write it as i/k, the shard's number from 1 to k and the number of shards, e.g. 2/8 for "
        + "the second of eight.", message("3/2"));
    assertTrue(message("0/4").contains("shard 0 does not exist, shards are numbered 1 to 4"));
    assertTrue(message("x").startsWith("preflight.fuzz.shard 'x' is not a shard; write it as i/k"));
    assertTrue(message("a/b").contains("both sides of '/' must be whole numbers"));
    assertTrue(message("1/0").contains("the number of shards must be at least 1"));
    assertTrue(message("").contains("is not a shard"));
  }

  private static String message(String text) {
    return assertThrows(PreflightException.class,
        () -> FuzzShard.parse(text, "preflight.fuzz.shard")).getMessage();
  }
}
