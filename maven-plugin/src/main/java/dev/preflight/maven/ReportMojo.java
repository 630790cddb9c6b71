package dev.preflight.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the readiness reports and never fails on findings: for auditors and dashboards. Needs no
 * project, only a policy: {@code mvn dev.preflight:preflight-maven-plugin:report
 * -Dpreflight.policy=preflight.yaml}. Bad input (a broken policy, an unreadable snapshot) still
 * fails.
 */
@Mojo(name = "report", requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractPreflightMojo {

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
