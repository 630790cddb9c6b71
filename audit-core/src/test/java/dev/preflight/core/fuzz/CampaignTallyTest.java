package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merged shards are judged as one run: counts add up (what every shard repeats counts once), an
 * instruction that succeeded in one shard has succeeded, and the findings kept are the ones one
 * run keeps.
 */
class CampaignTallyTest {

  @TempDir
  Path dir;

  static CampaignTally.InstructionTally counts(long cases, long successes, String error, long failures) {
    return new CampaignTally.InstructionTally(cases, 0, successes,
        failures == 0 ? Map.of() : Map.of(error, failures), Long.MAX_VALUE, Long.MIN_VALUE);
  }

  static CampaignTally tally(FuzzShard shard, long cases, Map<String, CampaignTally.InstructionTally> ix,
                             Map<String, String> extraGaps, List<CampaignTally.FindingKey> findings) {
    Map<String, CampaignTally.InstructionTally> shared = new LinkedHashMap<>();
    // the calls as given: one success of each, in every shard
    ix.keySet().forEach(k -> shared.put(k, counts(1, 1, "", 0)));
    return new CampaignTally(shard, 7, "hash", "policy", cases, 0, 0,
        List.of(new CampaignTally.Template("buy", false), new CampaignTally.Template("sell", false)),
        List.of(), Optional.of("fuzz.sequences.count is 0"), ix, shared, 0, false, 0,
        List.of("policy.invariant"), extraGaps, findings);
  }

  @Test
  void anInstructionThatSucceededInOneShardHasSucceeded() {
    // the calls as given fail for sell in neither shard here; sell's cases succeed in shard 2 only
    CampaignTally one = tally(new FuzzShard(1, 2), 10,
        Map.of("buy", counts(6, 4, "", 0), "sell", counts(5, 0, "NotSeller (6001)", 5)),
        Map.of("policy.invariant", "never evaluated"), List.of());
    CampaignTally two = tally(new FuzzShard(2, 2), 10,
        Map.of("buy", counts(6, 3, "", 0), "sell", counts(5, 2, "NotSeller (6001)", 3)),
        Map.of(), List.of());
    // shard 1 alone could not vouch for the oracles that judge successes
    assertTrue(one.gaps().contains("sell never succeeded (NotSeller (6001) x5)"), one.gaps()::toString);
    assertEquals(Outcome.INCONCLUSIVE, one.verdict(Oracles.UNAUTHORIZED).outcome());

    CampaignTally merged = CampaignTally.merge(List.of(one, two));
    assertEquals(FuzzShard.WHOLE, merged.shard());
    assertEquals(20, merged.cases());
    // the call as given ran in both shards and counts once
    assertEquals(11, merged.instructions().get("buy").cases());
    assertEquals(6, merged.instructions().get("buy").successes());
    assertEquals(Map.of("NotSeller (6001)", 8L), merged.instructions().get("sell").failures());
    assertEquals(new CampaignTally.Verdict(Outcome.PASS, "20 cases and 0 sequence steps (seed 7) "
        + "found nothing"), merged.verdict(Oracles.UNAUTHORIZED));
    // the policy's oracle was evaluated in shard 2: judged
    assertEquals(Outcome.PASS, merged.verdict("policy.invariant").outcome());
    assertEquals(Outcome.INCONCLUSIVE, one.verdict("policy.invariant").outcome());
    // not per number: no sequences in any shard
    assertEquals(new CampaignTally.Verdict(Outcome.INCONCLUSIVE, "not judged: fuzz.sequences.count is 0"),
        merged.verdict(PrefundOracle.ID));
  }

  @Test
  void anInstructionThatNeverSucceededAnywhereLeavesTheMergeInconclusive() {
    CampaignTally one = tally(new FuzzShard(1, 2), 10,
        Map.of("buy", counts(6, 4, "", 0), "sell", counts(5, 1, "NotSeller (6001)", 4)),
        Map.of("policy.invariant", "never evaluated"), List.of());
    CampaignTally two = tally(new FuzzShard(2, 2), 10,
        Map.of("buy", counts(6, 3, "", 0), "sell", counts(5, 1, "NotSeller (6001)", 4)),
        Map.of("policy.invariant", "never evaluated"), List.of());
    CampaignTally merged = CampaignTally.merge(List.of(one, two));
    // the only success of sell is the call as given, counted once: every generated call failed...
    // ...which still is a success: what the oracles need is one. Now take that away:
    CampaignTally none = CampaignTally.merge(List.of(
        tally(new FuzzShard(1, 2), 10, Map.of("buy", counts(6, 4, "", 0),
            "sell", counts(5, 0, "NotSeller (6001)", 5)), Map.of(), List.of()),
        tally(new FuzzShard(2, 2), 10, Map.of("buy", counts(6, 3, "", 0),
            "sell", counts(5, 0, "NotSeller (6001)", 5)), Map.of(), List.of())));
    assertEquals(Outcome.PASS, merged.verdict(Oracles.BOUNDS).outcome());
    assertEquals(Outcome.INCONCLUSIVE, merged.verdict("policy.invariant").outcome());
    CampaignTally.Verdict v = none.verdict(Oracles.BOUNDS);
    assertEquals(Outcome.INCONCLUSIVE, v.outcome());
    assertTrue(v.message().contains("sell never succeeded (NotSeller (6001) x"), v.message());
  }

  /**
   * A campaign's raw findings (case number, check, raw and shrunk key) kept as one run keeps them,
   * against the same stream run as k shards, each keeping its own, then chosen among: the same.
   */
  @Test
  void theFindingsChosenAmongShardsAreTheOnesOneRunKeeps() {
    for (long seed = 1; seed <= 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int k = 2 + rnd.nextInt(4);
      List<CampaignTally.FindingKey> stream = new ArrayList<>();
      for (long n = 0; n < 60; n++) {
        if (rnd.nextInt(3) != 0) {
          continue;
        }
        String check = "check" + rnd.nextInt(3);
        String raw = check + "|ix|" + rnd.nextInt(6);
        String shrunk = check + "|ix|s" + rnd.nextInt(3);
        stream.add(new CampaignTally.FindingKey(check, CampaignTally.Kind.CASE, false, n, raw, shrunk,
            shrunk, shrunk));
      }
      List<CampaignTally.FindingKey> whole = shrunkOnce(chosenBeforeShrinking(stream));
      List<CampaignTally.FindingKey> fromShards = new ArrayList<>();
      for (int i = 1; i <= k; i++) {
        FuzzShard s = new FuzzShard(i, k);
        fromShards.addAll(chosenBeforeShrinking(stream.stream().filter(f -> s.includes(f.number())).toList()));
      }
      assertEquals(whole, CampaignTally.choose(fromShards), "seed " + seed + ", " + k + " shards");
    }
  }

  /**
   * Sequences: the kept ones replayed from the corpus (the same in every shard), then the new
   * ones, chosen by raw key and cap, then repeats after shrinking, then one per check and
   * violating instruction.
   */
  @Test
  void theSequenceFindingsChosenAmongShardsAreTheOnesOneRunKeeps() {
    for (long seed = 1; seed <= 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int k = 2 + rnd.nextInt(4);
      List<CampaignTally.FindingKey> corpus = new ArrayList<>();
      for (int i = 0; i < rnd.nextInt(3); i++) {
        String kept = "check" + rnd.nextInt(2) + "|ix" + rnd.nextInt(3);
        corpus.add(new CampaignTally.FindingKey(kept.substring(0, 6), CampaignTally.Kind.SEQUENCE,
            true, i, kept, kept + "|" + (2 + rnd.nextInt(3)), kept, kept));
      }
      List<CampaignTally.FindingKey> stream = new ArrayList<>();
      for (long n = 0; n < 40; n++) {
        if (rnd.nextInt(3) != 0) {
          continue;
        }
        String check = "check" + rnd.nextInt(2);
        String raw = check + "|ix" + rnd.nextInt(3);
        // shrinking may end at another instruction's step
        String kept = rnd.nextInt(4) == 0 ? check + "|ix" + rnd.nextInt(3) : raw;
        stream.add(new CampaignTally.FindingKey(check, CampaignTally.Kind.SEQUENCE, false, n, raw,
            kept + "|" + (2 + rnd.nextInt(3)), kept, kept));
      }
      List<CampaignTally.FindingKey> whole = new ArrayList<>(corpus);
      java.util.Set<String> keptKeys = new LinkedHashSet<>();
      corpus.forEach(c -> keptKeys.add(c.keptKey()));
      shrunkOnce(chosenBeforeShrinking(stream)).stream().filter(f -> keptKeys.add(f.keptKey()))
          .forEach(whole::add);
      List<CampaignTally.FindingKey> fromShards = new ArrayList<>();
      for (int i = 1; i <= k; i++) {
        FuzzShard s = new FuzzShard(i, k);
        fromShards.addAll(corpus);
        fromShards.addAll(chosenBeforeShrinking(stream.stream().filter(f -> s.includes(f.number())).toList()));
      }
      assertEquals(whole, CampaignTally.choose(fromShards), "seed " + seed + ", " + k + " shards");
    }
  }

  /** What FuzzCampaign chooses of its raw findings before shrinking, in case order. */
  private static List<CampaignTally.FindingKey> chosenBeforeShrinking(List<CampaignTally.FindingKey> raw) {
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Integer> perCheck = new LinkedHashMap<>();
    List<CampaignTally.FindingKey> kept = new ArrayList<>();
    for (CampaignTally.FindingKey f : raw) {
      if (seen.contains(f.rawKey()) || perCheck.getOrDefault(f.checkId(), 0) >= CampaignTally.MAX_PER_CHECK) {
        continue;
      }
      seen.add(f.rawKey());
      perCheck.merge(f.checkId(), 1, Integer::sum);
      kept.add(f);
    }
    return kept;
  }

  /** What FuzzCampaign keeps after shrinking: the first of each shrunk key. */
  private static List<CampaignTally.FindingKey> shrunkOnce(List<CampaignTally.FindingKey> chosen) {
    Set<String> shrunk = new LinkedHashSet<>();
    return chosen.stream().filter(f -> shrunk.add(f.shrunkKey())).toList();
  }

  @Test
  void aTallyReadsBackAsWritten() throws Exception {
    CampaignTally t = tally(new FuzzShard(2, 3), 10,
        Map.of("buy", new CampaignTally.InstructionTally(6, 2, 4, Map.of("Paused (6017)", 2L), 100, 200)),
        Map.of("policy.invariant", "never evaluated"),
        List.of(new CampaignTally.FindingKey("fuzz.bounds-accepted", CampaignTally.Kind.SEQUENCE, true, 0,
            "r", "s", "k", "fuzz.bounds-accepted:buy:sequence")));
    Path file = dir.resolve(CampaignTally.FILE);
    t.write(file);
    assertEquals(t, CampaignTally.read(file));
    Files.writeString(file, "{\"format\":\"preflight-report/1\"}");
    String m = assertThrows(PreflightException.class, () -> CampaignTally.read(file)).getMessage();
    assertTrue(m.startsWith(file + " is not a shard tally"), m);
  }
}
