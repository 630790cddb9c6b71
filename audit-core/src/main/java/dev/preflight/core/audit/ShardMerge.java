package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Fingerprint;
import dev.preflight.core.fuzz.CampaignTally;
import dev.preflight.core.fuzz.FuzzShard;
import dev.preflight.core.report.SnapshotJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Merges the shards of a fuzz campaign (the jobs of a CI matrix, each run with
 * {@code -Dpreflight.fuzz.shard=i/k}) into what one run of the same seed would have recorded:
 * the shards' tallies are added up and every oracle is judged once on the merged evidence
 * ({@link CampaignTally#merge}), the findings are chosen as one run chooses them, and the result
 * is a snapshot with the merged fuzz results recorded. Re-checked offline like any snapshot, it
 * gives one report in every format and one gate.
 *
 * <p>Refuses shards that do not belong together, naming the file: another program hash, seed or
 * policy, another number of shards, a shard given twice or one missing.
 *
 * <pre>{@code
 * List<Path> dirs = ShardMerge.locate(List.of(Path.of("shards")));
 * ShardMerge.Merged m = ShardMerge.merge(dirs, Optional.of(policyFile));
 * m.write(Path.of("target/preflight-merged/merged-snapshot.json"));
 * }</pre>
 */
public final class ShardMerge {
  /** A shard's output directory holds these. */
  public static final String REPORT = "preflight-report.json";
  public static final String SNAPSHOT = "preflight-snapshot.json";

  private ShardMerge() {}

  /** One shard as read from its output directory. */
  public record Shard(Path directory, CampaignTally tally, SnapshotJson.Saved saved) {}

  /** A shard as reports name it: {@code 2/8 shard-2} (its number and its directory's name). */
  static String label(Shard s) {
    return s.tally().shard() + " " + s.directory().getFileName();
  }

  /**
   * The merge: the shards in order, the merged tally, and the results to record (the merged
   * oracles, then the results every shard ran whole, such as the wiring checks, from shard 1).
   */
  public record Merged(List<Shard> shards, CampaignTally tally, List<CheckResult> recorded) {
    public Merged {
      shards = List.copyOf(shards);
      recorded = List.copyOf(recorded);
    }

    /** Writes the merged snapshot: shard 1's chain state with the merged results recorded. */
    public void write(Path file) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new PreflightException("Cannot create " + file.getParent() + ": " + e.getMessage(), e);
      }
      SnapshotJson.write(shards.getFirst().saved().snapshot(), recorded, file);
    }
  }

  /**
   * The shard directories among {@code given}: a shard's output directory (it holds {@value
   * CampaignTally#FILE}), a shard's {@value #REPORT} (its directory is meant), or a directory whose
   * subdirectories are shards' output directories (the downloaded artifacts of a matrix).
   */
  public static List<Path> locate(List<Path> given) {
    if (given.isEmpty()) {
      throw new PreflightException("No shards given: name the shards' output directories (or "
          + "their " + REPORT + " files, or one directory holding them) in preflight.shards.");
    }
    List<Path> out = new ArrayList<>();
    for (Path p : given) {
      if (Files.isRegularFile(p)) {
        out.add(p.toAbsolutePath().getParent());
      } else if (Files.isRegularFile(p.resolve(CampaignTally.FILE))) {
        out.add(p);
      } else if (Files.isDirectory(p)) {
        List<Path> inside;
        try (Stream<Path> s = Files.list(p)) {
          inside = s.filter(d -> Files.isRegularFile(d.resolve(CampaignTally.FILE))).sorted().toList();
        } catch (IOException e) {
          throw new PreflightException("Cannot list " + p + ": " + e.getMessage(), e);
        }
        if (inside.isEmpty()) {
          throw new PreflightException(p + " holds no shard: neither it nor a directory in it "
              + "has a " + CampaignTally.FILE + ". Give the output directories of fuzz runs with "
              + "-Dpreflight.fuzz.shard=i/k.");
        }
        out.addAll(inside);
      } else {
        throw new PreflightException("Shard " + p + " does not exist; give the output directory "
            + "of a fuzz run with -Dpreflight.fuzz.shard=i/k, or its " + REPORT + ".");
      }
    }
    return out;
  }

  /**
   * Reads and checks the shards and merges them.
   *
   * @param policy the policy the merge is made for; shards of another policy file are refused
   */
  public static Merged merge(List<Path> shardDirs, Optional<Path> policy) {
    // the tallies first: shards that do not belong together are refused before anything else
    List<Shard> tallies = new ArrayList<>();
    for (Path d : shardDirs) {
      Path tally = d.resolve(CampaignTally.FILE);
      if (!Files.isRegularFile(tally)) {
        throw new PreflightException(d + " has no " + CampaignTally.FILE + ": either the "
            + "shard's campaign did not complete (its report says why) or it is not the output of "
            + "a fuzz run with -Dpreflight.fuzz.shard=i/k. Run that shard again.");
      }
      tallies.add(new Shard(d, CampaignTally.read(tally), null));
    }
    check(tallies, policy);
    List<Shard> shards = new ArrayList<>();
    for (Shard t : tallies) {
      Path snapshot = t.directory().resolve(SNAPSHOT);
      if (!Files.isRegularFile(snapshot)) {
        throw new PreflightException(t.directory() + " has no " + SNAPSHOT + ": give the whole "
            + "output directory of the shard's run.");
      }
      shards.add(new Shard(t.directory(), t.tally(), SnapshotJson.load(snapshot)));
    }
    shards.sort(java.util.Comparator.comparingInt(s -> s.tally().shard().index()));
    CampaignTally merged = CampaignTally.merge(shards.stream().map(Shard::tally).toList());
    return new Merged(shards, merged, recorded(shards, merged));
  }

  private static void check(List<Shard> shards, Optional<Path> policy) {
    Shard first = shards.getFirst();
    CampaignTally t0 = first.tally();
    Path f0 = first.directory().resolve(CampaignTally.FILE);
    Map<Integer, Path> seen = new TreeMap<>();
    for (Shard s : shards) {
      CampaignTally t = s.tally();
      Path f = s.directory().resolve(CampaignTally.FILE);
      same(f, "number of shards", t.shard().count(), t0.shard().count(), f0);
      same(f, "seed", t.seed(), t0.seed(), f0);
      same(f, "program hash", t.programHash(), t0.programHash(), f0);
      same(f, "policy (SHA-256 of the policy file)", t.policySha256(), t0.policySha256(), f0);
      Path dup = seen.put(t.shard().index(), f);
      if (dup != null) {
        throw new PreflightException(f + " is shard " + t.shard() + " again (as " + dup
            + "): give each shard once.");
      }
    }
    for (int i = 1; i <= t0.shard().count(); i++) {
      if (!seen.containsKey(i)) {
        throw new PreflightException("Shard " + new FuzzShard(i, t0.shard().count()) + " is missing: "
            + "the shards given are " + seen.entrySet().stream().map(e -> e.getKey() + " ("
            + e.getValue() + ")").toList() + ". Give every shard's output directory; a merge of "
            + "part of the campaign would claim a result it does not have.");
      }
    }
    if (policy.isPresent() && !t0.policySha256().isEmpty() && Files.isRegularFile(policy.get())) {
      String mine = sha256(policy.get());
      if (!mine.equals(t0.policySha256())) {
        throw new PreflightException(f0 + " was run with another policy than " + policy.get()
            + " (SHA-256 " + t0.policySha256() + ", this one " + mine + "): run the shards and "
            + "the merge from the same commit.");
      }
    }
  }

  private static void same(Path file, String what, Object value, Object expected, Path first) {
    if (!value.equals(expected)) {
      throw new PreflightException(file + ": " + what + " " + value + " differs from " + expected
          + " in " + first + ". These are shards of different campaigns; run every shard with "
          + "the same program, policy, seed and number of shards.");
    }
  }

  /** The results one run would have recorded, in its order. */
  private static List<CheckResult> recorded(List<Shard> shards, CampaignTally merged) {
    List<Evidence> common = new ArrayList<>(merged.commonEvidence());
    // where the merged evidence came from: one row, so the report says it is a merge
    common.add(Evidence.note("fuzz.merged", shards.size() + " shards: " + String.join(", ",
        shards.stream().map(ShardMerge::label).toList())));
    List<CheckResult> first = shards.getFirst().saved().recorded();
    List<String> ids = merged.ids();
    List<CheckResult> out = new ArrayList<>();
    for (String id : ids) {
      List<CampaignTally.FindingKey> mine = new ArrayList<>();
      merged.findings().stream().filter(k -> k.checkId().equals(id)
          && k.kind() == CampaignTally.Kind.CASE).forEach(mine::add);
      merged.findings().stream().filter(k -> k.checkId().equals(id)
          && k.kind() == CampaignTally.Kind.SEQUENCE).forEach(mine::add);
      if (mine.isEmpty()) {
        CheckResult like = first.stream().filter(r -> r.checkId().equals(id)).findFirst()
            .orElseThrow(() -> new PreflightException(shards.getFirst().directory().resolve(SNAPSHOT)
                + " records no result of " + id + ": the shard did not finish; run it again."));
        CampaignTally.Verdict v = merged.verdict(id);
        out.add(new CheckResult(id, like.title(), v.outcome(), like.severity(), v.message(), common,
            like.checklist(), like.fingerprint(), like.remediation(), like.subject()));
        continue;
      }
      for (CampaignTally.FindingKey k : mine) {
        Shard from = shards.stream().filter(s -> s.tally().findings().contains(k)).findFirst()
            .orElseThrow();
        CheckResult r = from.saved().recorded().stream().filter(x -> x.checkId().equals(id)
                && x.fingerprint().equals(Fingerprint.of(id, "", x.subject().orElse(""), k.field())))
            .findFirst().orElseThrow(() -> new PreflightException(from.directory().resolve(SNAPSHOT)
                + " records no result for the finding " + k.field() + " its "
                + CampaignTally.FILE + " names: the shard's files are from different runs; run "
                + "the shard again."));
        List<Evidence> ev = new ArrayList<>(r.evidence().stream()
            .filter(e -> !e.field().startsWith("fuzz.")).toList());
        ev.addAll(common);
        out.add(new CheckResult(id, r.title(), r.outcome(), r.severity(), r.message(), ev,
            r.checklist(), r.fingerprint(), r.remediation(), r.subject()));
      }
    }
    // what every shard ran whole (the wiring checks) is the same in every shard; a result that
    // differs between shards is one the merge cannot combine, and claims nothing
    for (CheckResult r : first.stream().filter(r -> !ids.contains(r.checkId())).toList()) {
      // named as the shard and its directory's name: a report never carries a machine path
      List<String> differing = shards.stream().filter(s -> s.saved().recorded().stream()
              .noneMatch(x -> x.fingerprint().equals(r.fingerprint())
                  && x.outcome() == r.outcome() && x.message().equals(r.message())))
          .map(ShardMerge::label).toList();
      if (differing.isEmpty()) {
        out.add(r);
      } else {
        out.add(new CheckResult(r.checkId(), r.title(), dev.preflight.core.check.Outcome.INCONCLUSIVE,
            r.severity(), "The shards disagree on " + r.checkId() + " (" + differing + " differ from "
            + label(shards.getFirst()) + ") and the merge cannot combine it: run it unsharded.", r.evidence(), r.checklist(), r.fingerprint(), r.remediation(),
            r.subject()));
      }
    }
    return out;
  }

  /**
   * Copies the corpus files every shard kept into {@code into}; a file of the same name is the
   * same case (names are content hashes) and is kept once. Returns how many were copied.
   */
  public static int mergeCorpora(List<Path> corpora, Path into) {
    int copied = 0;
    for (Path c : corpora) {
      if (!Files.isDirectory(c)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(c)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException e) {
        throw new PreflightException("Cannot read the corpus " + c + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        Path to = into.resolve(c.relativize(f).toString());
        try {
          if (!Files.exists(to)) {
            Files.createDirectories(to.getParent());
            Files.copy(f, to);
            copied++;
          }
        } catch (IOException e) {
          throw new PreflightException("Cannot copy " + f + " to " + to + ": " + e.getMessage(), e);
        }
      }
    }
    return copied;
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(file)));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new PreflightException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
