package dev.preflight.maven;

import dev.preflight.core.reactor.SkipFlag;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads the clusters and saves what the checks need as {@code preflight-snapshot.json}: hand it to
 * an auditor, who re-checks it offline with {@code -Dpreflight.snapshot=...} on check or report.
 * When the policy has a fuzz section the campaign runs too, and its results (with their
 * reproducers) are recorded in the snapshot: offline they cannot be re-run, only shown.
 */
@Mojo(name = "snapshot", requiresProject = false, threadSafe = true)
public class SnapshotMojo extends AbstractPreflightMojo {

  /** Skips this goal only. */
  @Parameter(property = "preflight.snapshot.skip", defaultValue = "false")
  boolean snapshotSkip;

  @Override
  SkipFlag goalSkip() {
    return new SkipFlag("preflight.snapshot.skip", snapshotSkip);
  }

  @Override
  boolean writesReports() {
    return false;
  }

  @Override
  String goal() {
    return "snapshot";
  }

  @Override
  void conclude(AuditRun.Result result) {
    getLog().info("Snapshot of " + result.report().clusters().size() + " cluster(s) written to "
        + result.snapshotFile());
  }
}
