package dev.preflight.maven;

import dev.preflight.core.audit.FuzzPlan;
import dev.preflight.core.fuzz.FuzzShard;
import dev.preflight.core.reactor.SkipFlag;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the instruction fuzzer and the wiring checks of the policy's {@code fuzz} section with the
 * audit, on the same chain (use {@code validator=embedded} or a loopback URL: look-alike accounts
 * and the emergency stop are set up with cheatcodes), writes the reports with the findings and
 * their reproducers, and gates like {@code check}. Skipped with {@code preflight.fuzz.skip}.
 */
@Mojo(name = "fuzz", threadSafe = true)
public class FuzzMojo extends GateMojo {

  /**
   * Runs one shard of the campaign, {@code i/k} (e.g. {@code 2/8}, one per job of a CI matrix):
   * the case and sequence numbers n with n mod k = i - 1, each shard with the full budgets
   * ({@code maxCases}, {@code sequences.count}, the time bounds). A shard's report says it is one
   * and claims no full result; its gate is left to {@code preflight:merge}, which judges the
   * merged shards as one run of k times the budget with the same seed.
   */
  @Parameter(property = "preflight.fuzz.shard")
  String shard;


  @Override
  String goal() {
    return "fuzz";
  }

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.fuzz.skip", fuzzSkip);
  }

  @Override
  FuzzPlan fuzz() {
    FuzzPlan overrides = super.fuzz();
    return new FuzzPlan(FuzzPlan.Mode.REQUIRED, overrides.seed(), overrides.maxCases(),
        overrides.corpus(), shard(), overrides.coverage());
  }

  private Optional<FuzzShard> shard() {
    return shard == null || shard.isBlank() ? Optional.empty()
        : Optional.of(FuzzShard.parse(shard, "preflight.fuzz.shard"));
  }

  @Override
  void conclude(AuditRun.Result result) throws MojoFailureException {
    Optional<FuzzShard> s = shard();
    if (s.isEmpty()) {
      super.conclude(result);
      return;
    }
    logSummary(result);
    getLog().info("Preflight fuzz shard " + s.get() + " done: its report is a slice of the "
        + "campaign, not a verdict. Run preflight:merge over all " + s.get().count()
        + " shards' output directories for the report and the gate.");
  }
}
