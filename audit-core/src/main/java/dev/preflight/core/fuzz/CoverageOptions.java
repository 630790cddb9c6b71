package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.policy.Policy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether and how a campaign measures coverage of the program under test.
 *
 * @param traceDirectory where the validator writes the traces it takes on demand (a validator
 *     started with {@code --trace-on-demand} this directory); empty: the validator cannot trace,
 *     and {@code fuzz.coverage} is INCONCLUSIVE
 * @param enabled {@code fuzz.coverage.enabled} (default true), or the build's switch
 *     ({@code -Dpreflight.fuzz.coverage=false})
 * @param guided {@code fuzz.coverage.guided} (default true): cases and sequences that reached new
 *     code are mutated further; false measures coverage of blind generation
 */
public record CoverageOptions(Optional<Path> traceDirectory, boolean enabled, boolean guided) {

  /** No tracing: a validator that cannot trace, or a campaign on a remote cluster. */
  public static CoverageOptions off() {
    return new CoverageOptions(Optional.empty(), false, false);
  }

  /** The policy's {@code fuzz.coverage.enabled} and {@code guided}, with the validator's trace directory. */
  public static CoverageOptions of(Policy policy, Optional<Path> traceDirectory) {
    return new CoverageOptions(traceDirectory, enabled(policy), flag(policy, "guided"));
  }

  /** {@code fuzz.coverage.enabled} of the policy (true when absent). */
  public static boolean enabled(Policy policy) {
    return flag(policy, "enabled");
  }

  private static boolean flag(Policy policy, String key) {
    JsonNode v = policy.extension("fuzz").map(f -> f.path("coverage").path(key))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    return !v.isBoolean() || v.asBoolean();
  }

  public CoverageOptions withEnabled(boolean v) {
    return new CoverageOptions(traceDirectory, v, guided);
  }

  public CoverageOptions withGuided(boolean v) {
    return new CoverageOptions(traceDirectory, enabled, v);
  }
}
