package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.fuzz.CampaignTally;
import dev.preflight.core.fuzz.CorpusLocation;
import dev.preflight.core.fuzz.CoverageOptions;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.FuzzShard;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.upgrade.UpgradeBaseline;
import dev.preflight.core.upgrade.UpgradeDiff;
import dev.preflight.core.vocabulary.Progress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Whether and where a run fuzzes, decided once for every front end: the campaign runs when asked
 * ({@link Mode}), on the chain the audit reads (a redirected URL or the embedded validator, else
 * the policy's primary cluster), never offline, where the snapshot's recorded results stand in.
 * With an optional seed and case count overriding the policy's, the corpus directory the build
 * names, the shard of the campaign to run (a CI matrix job; the merge judges the whole), and
 * whether coverage is measured (the build's {@code preflight.fuzz.coverage} over the policy's).
 */
public record FuzzPlan(Mode mode, OptionalLong seed, OptionalInt maxCases, Optional<Path> corpus,
                       Optional<FuzzShard> shard, Optional<Boolean> coverage) {

  /** Where a shard keeps its corpus, inside its output directory (the merge reads it there). */
  public static final String SHARD_CORPUS = "fuzz-corpus";

  /** Directory under the output directory where the embedded validator writes its traces. */
  public static final String TRACES_DIR = "traces";

  public FuzzPlan(Mode mode, OptionalLong seed, OptionalInt maxCases) {
    this(mode, seed, maxCases, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public FuzzPlan(Mode mode, OptionalLong seed, OptionalInt maxCases, Optional<Path> corpus,
                  Optional<FuzzShard> shard) {
    this(mode, seed, maxCases, corpus, shard, Optional.empty());
  }

  /** This plan with the corpus directory the build names ({@code preflight.fuzz.corpus}). */
  public FuzzPlan withCorpus(Optional<Path> dir) {
    return new FuzzPlan(mode, seed, maxCases, dir, shard, coverage);
  }

  /** This plan running one shard of the campaign ({@code preflight.fuzz.shard}). */
  public FuzzPlan withShard(Optional<FuzzShard> s) {
    return new FuzzPlan(mode, seed, maxCases, corpus, s, coverage);
  }

  /** This plan with the build's coverage switch ({@code preflight.fuzz.coverage}). */
  public FuzzPlan withCoverage(Optional<Boolean> on) {
    return new FuzzPlan(mode, seed, maxCases, corpus, shard, on);
  }

  /**
   * Where the embedded validator writes traces for this run: only when the campaign runs on the
   * embedded validator and measures coverage (the build's switch, else the policy's), never for a
   * shard (coverage guidance decides what a campaign runs next, so a shard's numbers would no
   * longer be its own; measure coverage in an unsharded run).
   */
  public Optional<Path> traceDirectory(Policy policy, Path policyFile, boolean embedded,
                                       Path outputDir) {
    boolean on = embedded && shard.isEmpty() && wanted(policy, policyFile)
        && coverage.orElse(CoverageOptions.enabled(policy));
    return on ? Optional.of(outputDir.toAbsolutePath().resolve(TRACES_DIR)) : Optional.empty();
  }

  /**
   * An upgrade candidate to compare with the deployed binary, the baseline file of accepted
   * differences (read when it exists) and the day the baseline's expiries are judged on.
   */
  public record Upgrade(Path candidate, Path baselineFile, String baselineShown, LocalDate today) {}

  /**
   * {@code WHEN_CONFIGURED}: when the policy has a {@code fuzz} section (the check goal);
   * {@code REQUIRED}: the policy must have one (the fuzz goal); {@code NEVER}.
   */
  public enum Mode { NEVER, WHEN_CONFIGURED, REQUIRED }

  public static FuzzPlan whenConfigured() {
    return new FuzzPlan(Mode.WHEN_CONFIGURED, OptionalLong.empty(), OptionalInt.empty());
  }

  /** Whether the campaign runs for {@code policy} (read from {@code policyFile}). */
  public boolean wanted(Policy policy, Path policyFile) {
    boolean configured = policy.extension("fuzz").isPresent();
    return switch (mode) {
      case NEVER -> false;
      case WHEN_CONFIGURED -> configured;
      case REQUIRED -> {
        if (!configured) {
          throw new PreflightException(policyFile + " has no fuzz section; add one (scenario, "
              + "campaigns, emergencyStop: see docs/policy-reference.md#fuzz) to run the fuzz "
              + "goal.");
        }
        yield true;
      }
    };
  }

  /**
   * The chain the campaign executes on: the URL the audit's clusters were pointed at, else the
   * policy's primary cluster; none offline.
   */
  public static Optional<URI> target(Policy policy, Optional<URI> redirected, boolean offline) {
    if (offline) {
      return Optional.empty();
    }
    return redirected.or(() -> Optional.of(URI.create(policy.primaryCluster().url())));
  }

  /**
   * The ids a campaign of this policy reports: the oracles always, the emergency stop wiring only
   * when the fuzz section configures it. Offline, each one the snapshot lacks is INCONCLUSIVE.
   */
  public static List<CheckInfo> expectedIds(Policy policy) {
    boolean wiring = policy.extension("fuzz").map(f -> f.has("emergencyStop")).orElse(false);
    return FuzzCampaign.definitions().stream()
        .filter(i -> wiring || !i.id().startsWith("wiring.")).toList();
  }

  /**
   * The ids a campaign of this policy reports, with {@code upgrade.diff} when a candidate is
   * compared: offline, each one the snapshot lacks is INCONCLUSIVE.
   */
  public static List<CheckInfo> expectedIds(Policy policy, boolean upgrade) {
    List<CheckInfo> ids = new ArrayList<>(expectedIds(policy));
    if (upgrade) {
      ids.add(UpgradeDiff.info());
    }
    return ids;
  }

  /**
   * The corpus directory: the build's, else the policy's {@code fuzz.corpus}, else the project's
   * {@code src/test/preflight/corpus}; a corpus an earlier version left under the output
   * directory is moved there once, with an info line.
   */
  public Path corpusDirectory(Policy policy, Path policyFile, Path baseDir, Path outputDir,
                              Progress progress) {
    CorpusLocation at = CorpusLocation.of(corpus,
        policy.extension("fuzz").map(f -> f.path("corpus").asText(null)),
        policyFile, baseDir, outputDir.resolve("fuzz-corpus"));
    at.migrate().ifPresent(m -> progress.info("moved " + m.files() + " saved fuzz case"
        + (m.files() == 1 ? "" : "s") + " from " + shown(m.from(), baseDir) + " to "
        + shown(m.to(), baseDir) + ": the corpus now lives in the project (mvn clean keeps it; "
        + "commit it to replay the cases in CI)"));
    return at.directory();
  }

  /**
   * The campaign as a dynamic result source against {@code target}: reproducers under
   * {@code outputDir}, the corpus in the project (a shard replays it and keeps what it finds in
   * its own output, so parallel shards never write one directory), and with an upgrade
   * candidate every case and sequence also run on it.
   */
  public Function<AuditContext, List<CheckResult>> campaign(Policy policy, URI target,
                                                            Path policyFile, Path baseDir,
                                                            Path outputDir,
                                                            Optional<Upgrade> upgrade,
                                                            Optional<Path> traceDir,
                                                            Consumer<FuzzReport> report,
                                                            Progress progress) {
    CoverageOptions cov = shard.isPresent() ? CoverageOptions.off()
        : CoverageOptions.of(policy, traceDir);
    if (shard.isEmpty() && coverage.isPresent()) {
      cov = cov.withEnabled(coverage.get());
    }
    Path corpusDir = corpusDirectory(policy, policyFile, baseDir, outputDir, progress);
    FuzzRequest fr = FuzzRequest.of(policy, target)
        .withCorpus(corpusDir)
        .withReproducers(outputDir.resolve("reproducers"));
    if (seed.isPresent()) {
      fr = fr.withSeed(seed.getAsLong());
    }
    if (maxCases.isPresent()) {
      fr = fr.withMaxCases(maxCases.getAsInt());
    }
    // a tally left by an earlier run in this directory would pass for this run's: a shard writes
    // its own when its campaign completes
    Path tally = outputDir.resolve(CampaignTally.FILE);
    try {
      Files.deleteIfExists(tally);
    } catch (IOException e) {
      throw new PreflightException("Cannot remove the earlier shard tally in " + outputDir + ": "
          + e.getMessage(), e);
    }
    if (shard.isPresent()) {
      FuzzShard sh = shard.get();
      progress.info("fuzz shard " + sh + ": case and sequence numbers n with n mod "
          + sh.count() + " = " + (sh.index() - 1) + "; merge the shards with preflight:merge");
      Path shardCorpus = outputDir.resolve(SHARD_CORPUS);
      ShardMerge.mergeCorpora(List.of(corpusDir), shardCorpus);
      fr = fr.withShard(sh, tally).withCorpus(shardCorpus);
    }
    progress.info("fuzz campaign against " + Endpoints.redact(target));
    if (upgrade.isEmpty()) {
      return FuzzCampaign.asDynamic(fr, progress, cov, report);
    }
    // an upgrade candidate: the same campaign, then every case and sequence on both binaries
    Upgrade u = upgrade.get();
    UpgradeBaseline baseline = Files.isRegularFile(u.baselineFile())
        ? UpgradeBaseline.load(u.baselineFile(), u.baselineShown())
        : UpgradeBaseline.empty();
    progress.info("upgrade diff against the candidate " + shown(u.candidate(), baseDir)
        + (baseline.entries().isEmpty() ? " (no accepted differences)"
        : " (" + baseline.entries().size() + " accepted differences in " + u.baselineShown()
        + ")"));
    return UpgradeDiff.asDynamic(new UpgradeDiff.Request(fr, u.candidate(),
        policy.program().candidateTolerance(), baseline, u.today(), cov), progress, report);
  }

  private static String shown(Path p, Path baseDir) {
    return dev.preflight.core.vocabulary.ShownPath.of(p, baseDir);
  }
}
