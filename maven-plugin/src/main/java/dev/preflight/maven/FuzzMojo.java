package dev.preflight.maven;

import dev.preflight.core.reactor.SkipFlag;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs the instruction fuzzer and the wiring checks of the policy's {@code fuzz} section with the
 * audit, on the same chain (use {@code validator=embedded} or a loopback URL: look-alike accounts
 * and the emergency stop are set up with cheatcodes), writes the reports with the findings and
 * their reproducers, and gates like {@code check}. Skipped with {@code preflight.fuzz.skip}.
 */
@Mojo(name = "fuzz", threadSafe = true)
public class FuzzMojo extends GateMojo {

  @Override
  String goal() {
    return "fuzz";
  }

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.fuzz.skip", fuzzSkip);
  }

  @Override
  AuditRun.Fuzz fuzz() {
    AuditRun.Fuzz overrides = super.fuzz();
    return new AuditRun.Fuzz(AuditRun.FuzzMode.REQUIRED, overrides.seed(), overrides.maxCases());
  }
}
