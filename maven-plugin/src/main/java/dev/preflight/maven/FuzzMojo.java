package dev.preflight.maven;

import dev.preflight.core.audit.FuzzPlan;
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

  @Override
  String goal() {
    return "fuzz";
  }

  @Override
  FuzzPlan fuzz() {
    return new FuzzPlan(FuzzPlan.Mode.REQUIRED,
        seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
        maxCases == null ? OptionalInt.empty() : OptionalInt.of(maxCases));
  }
}
