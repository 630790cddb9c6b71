package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.preflight.core.reactor.ModuleDecision;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skip switches, a module without a policy, and the fuzz overrides every goal honours. */
class GoalSwitchesTest {
  @TempDir
  Path dir;

  private <M extends AbstractPreflightMojo> M in(M m) {
    m.basedir = dir.toFile();
    m.policy = dir.resolve("preflight.yaml").toFile();
    m.outputDirectory = dir.resolve("target/preflight").toFile();
    m.failOnSeverity = "high";
    return m;
  }

  @Test
  void checkTakesTheFuzzSeedAndCaseCountAndRunsTheCampaignOnlyWhenConfigured() {
    CheckMojo check = in(new CheckMojo());
    check.seed = 42L;
    check.maxCases = 7;
    assertEquals(new dev.preflight.core.audit.FuzzPlan(dev.preflight.core.audit.FuzzPlan.Mode.WHEN_CONFIGURED, OptionalLong.of(42),
        OptionalInt.of(7)), check.request().fuzz());
    check.fuzzSkip = true;
    assertEquals(dev.preflight.core.audit.FuzzPlan.Mode.NEVER, check.request().fuzz().mode());
  }

  @Test
  void theFuzzGoalRequiresTheCampaignAndHasItsOwnSwitch() throws Exception {
    Files.writeString(dir.resolve("preflight.yaml"), "project: p\n");
    FuzzMojo fuzz = in(new FuzzMojo());
    fuzz.seed = 3L;
    assertEquals(new dev.preflight.core.audit.FuzzPlan(dev.preflight.core.audit.FuzzPlan.Mode.REQUIRED, OptionalLong.of(3),
        OptionalInt.empty()), fuzz.request().fuzz());
    fuzz.fuzzSkip = true;
    assertEquals("Preflight fuzz skipped (preflight.fuzz.skip)",
        assertInstanceOf(ModuleDecision.Skip.class, fuzz.decision()).message());
  }

  @Test
  void eachGoalHasItsOwnSkipAndPreflightSkipCoversThemAll() throws IOException,
      MojoFailureException {
    Files.writeString(dir.resolve("preflight.yaml"), "project: p\n");
    CheckMojo check = in(new CheckMojo());
    ReportMojo report = in(new ReportMojo());
    check.checkSkip = true;
    assertInstanceOf(ModuleDecision.Skip.class, check.decision());
    assertInstanceOf(ModuleDecision.Run.class, report.decision());
    report.skip = true;
    assertEquals("Preflight report skipped (preflight.skip)",
        assertInstanceOf(ModuleDecision.Skip.class, report.decision()).message());
  }

  @Test
  void aModuleWithoutAPolicyIsSkippedButANamedMissingPolicyRuns() throws MojoFailureException {
    CheckMojo check = in(new CheckMojo());
    ModuleDecision.Skip s = assertInstanceOf(ModuleDecision.Skip.class, check.decision());
    assertEquals(ModuleDecision.Reason.NO_POLICY, s.reason());
    // Without a project (report stand-alone) the policy is the whole input: it must fail later.
    ReportMojo alone = new ReportMojo();
    alone.policy = new File("${project.basedir}/preflight.yaml");
    alone.basedir = new File("${project.basedir}");
    alone.executionRoot = dir.toString();
    assertInstanceOf(ModuleDecision.Run.class, alone.decision());
  }
}
