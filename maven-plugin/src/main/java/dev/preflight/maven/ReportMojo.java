package dev.preflight.maven;

import dev.preflight.core.reactor.SkipFlag;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the readiness reports and never fails on findings: for auditors and dashboards. Needs no
 * project, only a policy: {@code mvn dev.preflight:preflight-maven-plugin:report
 * -Dpreflight.policy=preflight.yaml}. Bad input (a broken policy, an unreadable snapshot) still
 * fails.
 */
@Mojo(name = "report", requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractPreflightMojo {

  /** Skips this goal only. */
  @Parameter(property = "preflight.report.skip", defaultValue = "false")
  boolean reportSkip;

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.report.skip", reportSkip);
  }

  @Override
  boolean writesReports() {
    return true;
  }

  @Override
  String goal() {
    return "report";
  }

  @Override
  void conclude(AuditRun.Result result) {
    logSummary(result);
    if (!result.gate().passed()) {
      getLog().info("The gate would fail (" + result.gate().summary() + "); the report goal "
          + "does not fail the build, the check goal does.");
    }
  }
}
