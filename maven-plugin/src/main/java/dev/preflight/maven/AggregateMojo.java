package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.reactor.Aggregate;
import dev.preflight.core.reactor.AggregateWriter;
import dev.preflight.core.reactor.ModuleEntry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * One report over the modules of a multi-module build, with a combined gate. Declare it once in
 * the parent's {@code <build><plugins>} beside {@code check} (or {@code report}): every module
 * inherits it, and it acts once, in the last module of the build, after every module's own goal
 * has run; in the others it does nothing. Each audited module gets a section with its program,
 * verdict and a link to its full reports; modules without a policy are listed as skipped.
 * Writes {@code preflight-aggregate.json}, {@code index.html} and {@code aggregate.md} and fails
 * the build when the combined gate fails.
 */
// Not thread-safe: under -T the last module may finish before the others, so Maven should warn.
@Mojo(name = "aggregate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = false)
public class AggregateMojo extends AbstractMojo {

  /** Skips every Preflight goal. */
  @Parameter(property = "preflight.skip", defaultValue = "false")
  boolean skip;

  /** Skips this goal only. */
  @Parameter(property = "preflight.aggregate.skip", defaultValue = "false")
  boolean aggregateSkip;

  /**
   * Where the aggregate goes. Default: {@code target/preflight-aggregate} of the project Maven was
   * started in (the parent).
   */
  @Parameter(property = "preflight.aggregate.outputDirectory")
  File aggregateDirectory;

  /** Whether a failed combined gate fails the build: {@code true} or {@code false}. */
  @Parameter(property = "preflight.aggregate.failOnGate", defaultValue = "true")
  String failOnGate;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    boolean fail;
    List<String> bad = new ArrayList<>();
    for (String p : List.of("preflight.skip", "preflight.aggregate.skip")) {
      String raw = session.getUserProperties().getProperty(p);
      if (raw != null) {
        ParameterValues.collect(bad, () -> ParameterValues.bool(raw, p));
      }
    }
    try {
      fail = ParameterValues.bool(failOnGate, "preflight.aggregate.failOnGate");
    } catch (PreflightException e) {
      bad.add(e.getMessage());
      fail = true;
    }
    if (!bad.isEmpty()) {
      throw new MojoFailureException(String.join(System.lineSeparator(), bad));
    }
    if (skip || aggregateSkip) {
      getLog().info("Preflight aggregate skipped (" + (skip ? "preflight.skip"
          : "preflight.aggregate.skip") + ")");
      return;
    }
    List<MavenProject> projects = session.getProjects();
    MavenProject last = projects.get(projects.size() - 1);
    if (session.getCurrentProject() != last) {
      getLog().debug("Preflight aggregate: runs once, in the last module of the build ("
          + last.getArtifactId() + ")");
      return;
    }
    List<ModuleEntry> entries = new ArrayList<>();
    for (MavenProject p : projects) {
      ModuleResults.of(p).ifPresent(entries::add);
    }
    Aggregate aggregate = Aggregate.of(entries);
    if (aggregate.everyModuleSwitchedOff()) {
      getLog().info("Preflight aggregate skipped: every module's goal was switched off ("
          + ((ModuleEntry.Skipped) entries.getFirst()).reason() + ")");
      return;
    }
    Path out = aggregateDirectory != null ? aggregateDirectory.toPath()
        : Path.of(session.getTopLevelProject().getBuild().getDirectory())
            .resolve("preflight-aggregate");
    List<Path> written;
    try {
      written = AggregateWriter.write(aggregate, out);
    } catch (PreflightException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    getLog().info("Preflight aggregate of " + entries.size() + " modules:");
    for (ModuleEntry e : entries) {
      getLog().info("  " + switch (e) {
        case ModuleEntry.Audited a -> a.module() + ": " + a.gate().report().target().project()
            + " (program " + a.gate().report().target().programId() + ") "
            + a.gate().summary();
        case ModuleEntry.Skipped s -> s.module() + ": skipped (" + s.reason() + ")";
        case ModuleEntry.NotRun n -> n.module() + ": NOT AUDITED (" + n.reason() + ")";
      });
    }
    getLog().info("  combined gate: " + aggregate.summary());
    aggregate.reasons().forEach(r -> getLog().info("    x " + r));
    getLog().info("  aggregate in " + out + ": " + written.stream()
        .map(w -> w.getFileName().toString()).toList());
    if (!aggregate.passed() && fail) {
      throw new MojoFailureException("Preflight combined gate " + aggregate.summary()
          + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ",
          aggregate.reasons()) + System.lineSeparator() + "See " + out.resolve(
          AggregateWriter.HTML_FILE) + ".");
    }
  }
}
