package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.Severity;
import dev.preflight.validator.ValidatorException;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters every goal shares and the translation into an {@link AuditRun.Request}. */
abstract class AbstractPreflightMojo extends AbstractMojo {

  /** Skips the goal. */
  @Parameter(property = "preflight.skip", defaultValue = "false")
  boolean skip;

  /** The policy file. */
  @Parameter(property = "preflight.policy", defaultValue = "${project.basedir}/preflight.yaml")
  File policy;

  /** Where the reports and the snapshot go. */
  @Parameter(property = "preflight.outputDirectory",
      defaultValue = "${project.build.directory}/preflight")
  File outputDirectory;

  /**
   * A snapshot saved by an earlier run ({@code preflight-snapshot.json}): re-checks offline from
   * it, without reading any cluster. The report's time is the snapshot's.
   */
  @Parameter(property = "preflight.snapshot")
  File snapshot;

  /**
   * Where the chain is: {@code embedded} starts the embedded validator with {@code programs} and
   * {@code accounts}; a URL points the clusters at that JSON-RPC endpoint; empty reads the
   * clusters as the policy names them.
   */
  @Parameter(property = "preflight.validator")
  String validator;

  /** With {@code validator}: redirect only this cluster of the policy (default: all of them). */
  @Parameter(property = "preflight.cluster")
  String cluster;

  /** Programs the embedded validator deploys (id, so, authority). */
  @Parameter
  List<ProgramDeployment> programs;

  /** Account files the embedded validator loads ({@code solana account --output json} shape). */
  @Parameter
  List<AccountFile> accounts;

  /** A directory of account files the embedded validator loads, each at its own pubkey. */
  @Parameter(property = "preflight.accountDirectory")
  File accountDirectory;

  /** A suppressions file (YAML or JSON): waived findings with reason, owner and expiry. */
  @Parameter(property = "preflight.suppressions")
  File suppressions;

  /**
   * A previous {@code preflight-report.json} to compare with. Default: the report the last run
   * left in the output directory, kept as {@code previous/preflight-report.json}.
   */
  @Parameter(property = "preflight.previousReport")
  File previousReport;

  /** A directory whose FreeMarker templates override the bundled ones by name. */
  @Parameter(property = "preflight.templates")
  File templates;

  /** The gate fails on a FAIL at or above this severity: info, low, medium, high, critical. */
  @Parameter(property = "preflight.failOnSeverity", defaultValue = "high")
  String failOnSeverity;

  /**
   * Whether an INCONCLUSIVE result at or above {@code failOnSeverity} fails the gate. Default:
   * true when the policy says {@code mainnet: true}, else false.
   */
  @Parameter(property = "preflight.failOnInconclusive")
  Boolean failOnInconclusive;

  /**
   * Fixes the audit's clock (ISO-8601 instant, e.g. {@code 2026-03-01T00:00:00Z}) for
   * reproducible reports; also the day suppressions are judged on.
   */
  @Parameter(property = "preflight.now")
  String now;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  /** Where Maven was started: the base for defaults when there is no project. */
  @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
  String executionRoot;

  /** Whether this goal writes the report files. */
  abstract boolean writesReports();

  /** What to do with the finished run: log it, fail or not. */
  abstract void conclude(AuditRun.Result result) throws MojoFailureException;

  /** The verb for the skip message. */
  abstract String goal();

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Preflight " + goal() + " skipped (preflight.skip)");
      return;
    }
    conclude(audit());
  }

  /** Runs the audit these parameters describe; bad input fails with its message only. */
  final AuditRun.Result audit() throws MojoExecutionException, MojoFailureException {
    try {
      AuditRun.Request request = request();
      return new AuditRun(new MavenProgress(getLog()), line -> getLog().debug("[validator] "
          + line)).run(request);
    } catch (ValidatorException e) {
      throw new MojoExecutionException("The embedded validator could not run: " + e.getMessage()
          + " (run with -X for its log)", e);
    } catch (PreflightException e) {
      // Bad input: the message says what, where and what to do; a stack trace would only hide it.
      throw new MojoFailureException(e.getMessage());
    }
  }

  AuditRun.Request request() {
    AuditRun.Chain chain = chain();
    Optional<Instant> fixed = Optional.empty();
    if (now != null && !now.isBlank()) {
      try {
        fixed = Optional.of(Instant.parse(now.trim()));
      } catch (DateTimeParseException e) {
        throw new PreflightException("preflight.now '" + now + "' is not an ISO-8601 instant; "
            + "write it like 2026-03-01T00:00:00Z.");
      }
    }
    return new AuditRun.Request(orDefault(policy, "preflight.yaml"), chain, blank(cluster),
        orDefault(outputDirectory, "target/preflight"),
        file(suppressions), file(previousReport), file(templates),
        Severity.parse(failOnSeverity, "preflight.failOnSeverity"),
        Optional.ofNullable(failOnInconclusive), fixed, writesReports(), fuzz());
  }

  /** Whether this goal runs the fuzz campaign; the check goal does when the policy has one. */
  AuditRun.Fuzz fuzz() {
    return AuditRun.Fuzz.whenConfigured();
  }

  private AuditRun.Chain chain() {
    if (snapshot != null) {
      if (validator != null && !validator.isBlank()) {
        getLog().info("preflight.snapshot is set: re-checking offline, preflight.validator ("
            + validator + ") is not used");
      }
      return new AuditRun.Offline(snapshot.toPath());
    }
    Optional<String> v = blank(validator);
    if (v.isEmpty()) {
      return new AuditRun.AsWritten();
    }
    if (v.get().equalsIgnoreCase("embedded")) {
      List<AuditRun.Program> ps = new ArrayList<>();
      int i = 0;
      for (ProgramDeployment p : programs == null ? List.<ProgramDeployment>of() : programs) {
        if (p.id == null || p.so == null) {
          throw new PreflightException("programs[" + i + "] needs an <id> and an <so>; give the "
              + "program address and the path of its .so.");
        }
        ps.add(new AuditRun.Program(p.id.trim(), p.so.toPath(), blank(p.authority),
            loader(p.loader, i)));
        i++;
      }
      List<AuditRun.Account> as = new ArrayList<>();
      i = 0;
      for (AccountFile a : accounts == null ? List.<AccountFile>of() : accounts) {
        if (a.file == null) {
          throw new PreflightException("accounts[" + i + "] needs a <file> (an account JSON in "
              + "the shape of `solana account --output json`).");
        }
        as.add(new AuditRun.Account(blank(a.address).orElse("-"), a.file.toPath()));
        i++;
      }
      return new AuditRun.Embedded(ps, as, file(accountDirectory));
    }
    try {
      URI url = URI.create(v.get());
      if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
        throw new IllegalArgumentException();
      }
      return new AuditRun.Url(url);
    } catch (IllegalArgumentException e) {
      throw new PreflightException("preflight.validator '" + v.get() + "' is neither 'embedded' "
          + "nor an http(s) URL; use embedded, or a JSON-RPC URL like http://127.0.0.1:8899.");
    }
  }

  void logSummary(AuditRun.Result result) {
    // Paths relative to where Maven was started, so they can be opened from that shell.
    Path base = executionRoot != null && !executionRoot.contains("${")
        ? Path.of(executionRoot) : base();
    for (String w : Summary.warnings(result.gate())) {
      getLog().warn(w);
    }
    result.diff().ifPresent(d -> d.lines().forEach(getLog()::info));
    Summary.lines(result, base).forEach(getLog()::info);
  }

  /**
   * Without a project (report and snapshot need none) Maven leaves {@code ${project.*}} defaults
   * unresolved; they then mean the directory Maven was started in.
   */
  private Path orDefault(File f, String relative) {
    if (f != null && !f.getPath().contains("${")) {
      return f.toPath();
    }
    return base().resolve(relative);
  }

  private Path base() {
    if (basedir != null && !basedir.getPath().contains("${")) {
      return basedir.toPath();
    }
    return Path.of(executionRoot == null || executionRoot.contains("${") ? "" : executionRoot)
        .toAbsolutePath();
  }

  private static AuditRun.Loader loader(String text, int index) {
    String l = text == null ? "" : text.trim();
    return switch (l) {
      case "", "upgradeable" -> AuditRun.Loader.UPGRADEABLE;
      case "v4" -> AuditRun.Loader.V4;
      default -> throw new PreflightException("programs[" + index + "] has <loader>" + l
          + "</loader>; use upgradeable (the default) or v4.");
    };
  }

  private static Optional<String> blank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static Optional<Path> file(File f) {
    return Optional.ofNullable(f).map(File::toPath);
  }
}
