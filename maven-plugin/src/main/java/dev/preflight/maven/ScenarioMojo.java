package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.validator.ValidatorException;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a starting fuzz scenario from the policy's IDL and the world (the embedded validator with
 * the build's programs and accounts, or a cluster): one call per instruction, accounts with IDL
 * seeds left out (derived), existing program accounts and the keys they name filled in, and TODO
 * where a value cannot be derived. Never overwrites a file unless {@code preflight.scenario.force}.
 */
@Mojo(name = "scenario", requiresProject = false, threadSafe = true)
public class ScenarioMojo extends AbstractPreflightMojo {

  /**
   * The file to write; default the policy's {@code fuzz.scenario} file, else
   * {@code src/test/preflight/scenario.yaml}.
   */
  @Parameter(property = "preflight.scenario.file")
  File scenarioFile;

  /** Overwrite an existing file. */
  @Parameter(property = "preflight.scenario.force", defaultValue = "false")
  boolean force;

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    try {
      new ScenarioRun(new MavenProgress(getLog()), line -> getLog().debug("[validator] " + line),
          this::buildProperty).run(request(), Optional.ofNullable(scenarioFile).map(File::toPath), force);
    } catch (ValidatorException e) {
      throw new MojoExecutionException("The embedded validator could not run: " + e.getMessage()
          + " (run with -X for its log)", e);
    } catch (PreflightException e) {
      throw new MojoFailureException(e.getMessage());
    }
  }

  @Override
  boolean writesReports() {
    return false;
  }

  @Override
  void conclude(AuditRun.Result result) {
    // the scenario goal runs no audit
  }

  /** Skips this goal only. */
  @Parameter(property = "preflight.scenario.skip", defaultValue = "false")
  boolean scenarioSkip;

  @Override
  dev.preflight.core.reactor.SkipFlag goalSkip() {
    return new dev.preflight.core.reactor.SkipFlag("preflight.scenario.skip", scenarioSkip);
  }

  @Override
  String goal() {
    return "scenario";
  }
}
