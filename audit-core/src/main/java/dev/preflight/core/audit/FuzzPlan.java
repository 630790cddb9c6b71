package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.vocabulary.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Whether and where a run fuzzes, decided once for every front end: the campaign runs when asked
 * ({@link Mode}), on the chain the audit reads (a redirected URL or the embedded validator, else
 * the policy's primary cluster), never offline, where the snapshot's recorded results stand in.
 */
public record FuzzPlan(Mode mode, OptionalLong seed, OptionalInt maxCases) {

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
   * The campaign as a dynamic result source against {@code target}, keeping its corpus and
   * reproducers under {@code outputDir}.
   */
  public Function<AuditContext, List<CheckResult>> campaign(Policy policy, URI target,
                                                            Path outputDir, Progress progress) {
    FuzzRequest fr = FuzzRequest.of(policy, target)
        .withCorpus(outputDir.resolve("fuzz-corpus"))
        .withReproducers(outputDir.resolve("reproducers"));
    if (seed.isPresent()) {
      fr = fr.withSeed(seed.getAsLong());
    }
    if (maxCases.isPresent()) {
      fr = fr.withMaxCases(maxCases.getAsInt());
    }
    progress.info("fuzz campaign against " + Endpoints.redact(target));
    return FuzzCampaign.asDynamic(fr, progress);
  }
}
