package dev.preflight.maven;

import dev.preflight.core.audit.ShardMerge;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Merges the shards of a fuzz campaign (the jobs of a CI matrix, each run with
 * {@code -Dpreflight.fuzz.shard=i/k}) into one report, in every format, and one gate, as one run
 * of the same seed would have given; and their corpora into this run's corpus. The merged fuzz
 * results are recorded in a snapshot that is re-checked offline: no validator, no network.
 * Shards that do not belong together (another program, seed or policy, a shard missing or given
 * twice) are refused with the file named.
 */
@Mojo(name = "merge", threadSafe = true, requiresProject = false)
public class MergeMojo extends CheckMojo {

  /** Name of the snapshot holding the merged results, written to the output directory. */
  static final String MERGED_SNAPSHOT = "preflight-merged-snapshot.json";

  /**
   * The shards: their output directories, their {@code preflight-report.json} files, or a
   * directory holding the output directories (downloaded CI artifacts); comma-separated on the
   * command line.
   */
  @Parameter(property = "preflight.shards", required = true)
  List<File> shards;

  /** Skips this goal only. */
  @Parameter(property = "preflight.merge.skip", defaultValue = "false")
  boolean mergeSkip;

  @Override
  dev.preflight.core.reactor.SkipFlag goalSkip() {
    return new dev.preflight.core.reactor.SkipFlag("preflight.merge.skip", mergeSkip);
  }

  @Override
  String goal() {
    return "merge";
  }

  @Override
  AuditRun.Request request() {
    AuditRun.Request base = super.request();
    List<Path> dirs = ShardMerge.locate(shards == null ? List.of()
        : shards.stream().map(f -> f.isAbsolute() ? f.toPath()
            : base.baseDir().resolve(f.getPath())).toList());
    Path out = base.outputDir().toAbsolutePath().normalize();
    for (Path d : dirs) {
      if (d.toAbsolutePath().normalize().equals(out)) {
        throw new dev.preflight.core.PreflightException("preflight.outputDirectory " + out
            + " is the shard " + d + "; write the merged report elsewhere (e.g. "
            + "target/preflight-merged).");
      }
    }
    ShardMerge.Merged merged = ShardMerge.merge(dirs, Optional.of(base.policyFile()));
    Path snapshot = out.resolve(MERGED_SNAPSHOT);
    merged.write(snapshot);
    // the shards' corpora sit where their runs kept them, <output>/fuzz-corpus; they join the
    // project's corpus (or the one preflight.fuzz.corpus names) to be replayed by the next run
    Path corpus = corpusOverride().map(p -> p.isAbsolute() ? p : base.baseDir().resolve(p))
        .orElse(base.baseDir().resolve(dev.preflight.core.fuzz.CorpusLocation.DEFAULT));
    int copied = ShardMerge.mergeCorpora(dirs.stream()
        .map(d -> d.resolve(dev.preflight.core.audit.FuzzPlan.SHARD_CORPUS)).toList(), corpus);
    getLog().info("merged " + dirs.size() + " shards of seed " + merged.tally().seed() + ": "
        + merged.tally().cases() + " cases, " + merged.tally().sequences() + " sequences, "
        + merged.tally().findings().size() + " findings; " + copied + " corpus files copied");
    return base.withChain(new AuditRun.Offline(snapshot));
  }
}
