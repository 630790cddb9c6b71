package dev.preflight.maven;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the instruction fuzzer and the wiring checks of the policy's {@code fuzz} section with the
 * audit, on the same chain (use {@code validator=embedded} or a loopback URL: look-alike accounts
 * and the emergency stop are set up with cheatcodes), writes the reports with the findings and
 * their reproducers, and gates like {@code check}.
 */
@Mojo(name = "fuzz", threadSafe = true)
public class FuzzMojo extends CheckMojo {

  /** Overrides the policy's {@code fuzz.seed}: one seed reproduces a whole campaign. */
  @Parameter(property = "preflight.fuzz.seed")
  Long seed;

  /** Overrides the policy's {@code fuzz.maxCases}. */
  @Parameter(property = "preflight.fuzz.maxCases")
  Integer maxCases;

  /**
   * Measures coverage of the program's code during the campaign (default: the policy's
   * {@code fuzz.coverage.enabled}, itself true); {@code false} turns tracing off.
   */
  @Parameter(property = "preflight.fuzz.coverage")
  Boolean coverage;

  @Override
  String goal() {
    return "fuzz";
  }

  @Override
  AuditRun.Fuzz fuzz() {
    return new AuditRun.Fuzz(AuditRun.FuzzMode.REQUIRED,
        seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
        maxCases == null ? OptionalInt.empty() : OptionalInt.of(maxCases),
        java.util.Optional.ofNullable(coverage));
  }
}
