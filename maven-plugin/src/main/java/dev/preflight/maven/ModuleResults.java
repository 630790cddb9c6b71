package dev.preflight.maven;

import dev.preflight.core.reactor.ModuleDecision;
import dev.preflight.core.reactor.ModuleEntry;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * Hands each module's outcome to the {@code aggregate} goal, which runs at the end of the same
 * build: kept in the module's project context, not in a file, so a stale report of an earlier
 * build can never be mistaken for this build's evidence.
 */
final class ModuleResults {
  static final String KEY = "dev.preflight.moduleEntry";

  private ModuleResults() {}

  static void record(MavenSession session, ModuleEntry entry) {
    if (session != null && session.getCurrentProject() != null) {
      session.getCurrentProject().setContextValue(KEY, entry);
    }
  }

  /**
   * What this build did in {@code project}; without a record, a module with a {@code
   * preflight.yaml} was not audited (fail closed), one without was skipped. An aggregator pom
   * without a policy is not a module to report.
   */
  static Optional<ModuleEntry> of(MavenProject project) {
    Object v = project.getContextValue(KEY);
    boolean aggregator = !project.getModules().isEmpty();
    if (v instanceof ModuleEntry.Skipped && aggregator) {
      return Optional.empty();
    }
    if (v instanceof ModuleEntry e) {
      return Optional.of(e);
    }
    String name = project.getArtifactId();
    if (v != null) {
      return Optional.of(new ModuleEntry.NotRun(name, "its result was recorded by another "
          + "version of the Preflight plugin; use one version in every module"));
    }
    if (Files.isRegularFile(project.getBasedir().toPath().resolve("preflight.yaml"))) {
      return Optional.of(new ModuleEntry.NotRun(name, "it has a preflight.yaml but no Preflight "
          + "goal ran in it in this build; bind check or report in it (or skip it with "
          + "preflight.skip)"));
    }
    if (aggregator) {
      return Optional.empty();
    }
    return Optional.of(new ModuleEntry.Skipped(name, ModuleDecision.Reason.NO_POLICY,
        "no Preflight goal ran and it has no "
        + "preflight.yaml"));
  }
}
