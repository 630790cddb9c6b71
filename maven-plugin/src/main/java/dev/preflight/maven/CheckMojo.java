package dev.preflight.maven;

import dev.preflight.core.reactor.SkipFlag;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The gate: runs the audit, writes every report to {@code target/preflight/}, and fails the build
 * when a finding at or above {@code failOnSeverity} is not suppressed. Runs the policy's fuzz
 * campaign too, honouring {@code preflight.fuzz.seed}, {@code preflight.fuzz.maxCases} and
 * {@code preflight.fuzz.skip}. A module without {@code preflight.yaml} is skipped.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends GateMojo {

  /** Skips this goal only. */
  @Parameter(property = "preflight.check.skip", defaultValue = "false")
  boolean checkSkip;

  @Override
  String goal() {
    return "check";
  }

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.check.skip", checkSkip);
  }
}
