package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.audit.FuzzPlan;
import dev.preflight.core.audit.InputValidation;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.reactor.ModuleDecision;
import dev.preflight.core.reactor.ModuleEntry;
import dev.preflight.core.reactor.PolicyLocation;
import dev.preflight.core.reactor.SkipFlag;
import dev.preflight.validator.ValidatorException;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters every goal shares and the translation into an {@link AuditRun.Request}. */
abstract class AbstractPreflightMojo extends AbstractMojo {

  /**
   * The upgrade candidate's {@code .so}: the campaign's cases and sequences also run on it, and
   * every behaviour that differs from the deployed binary is reported ({@code upgrade.diff}).
   * Wins over the policy's {@code program.candidate}.
   */
  @Parameter(property = AuditRun.CANDIDATE_PROPERTY)
  String candidate;

  /**
   * The file of accepted upgrade differences (default {@code preflight-upgrade-baseline.yaml} in
   * the project, when it exists).
   */
  @Parameter(property = AuditRun.UPGRADE_BASELINE_PROPERTY)
  String upgradeBaseline;

  /**
   * Measures coverage of the program's code during the fuzz campaign, wherever it runs (default: the policy's
   * {@code fuzz.coverage.enabled}, itself true); {@code false} turns tracing off.
   */
  @Parameter(property = "preflight.fuzz.coverage")
  Boolean coverage;

  /** Skips every Preflight goal; each goal also has its own ({@code preflight.check.skip}, ...). */
  @Parameter(property = "preflight.skip", defaultValue = "false")
  boolean skip;

  /**
   * Skips the fuzz campaign wherever it would run: the {@code fuzz} goal is skipped, and
   * {@code check}, {@code report} and {@code snapshot} run without the policy's campaign.
   */
  @Parameter(property = "preflight.fuzz.skip", defaultValue = "false")
  boolean fuzzSkip;

  /** Overrides the policy's {@code fuzz.seed}: one seed reproduces a whole campaign. */
  @Parameter(property = "preflight.fuzz.seed")
  Long seed;

  /** Overrides the policy's {@code fuzz.maxCases}. */
  @Parameter(property = "preflight.fuzz.maxCases")
  Integer maxCases;

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
   * Whether an INCONCLUSIVE result at or above {@code failOnSeverity} fails the gate: {@code true}
   * or {@code false}. Default: true when the policy says {@code mainnet: true}, else false.
   * Taken as text, because Maven reads every word but "true" as false, and a mistyped {@code yes}
   * would then turn mainnet strictness off.
   */
  @Parameter(property = "preflight.failOnInconclusive")
  String failOnInconclusive;

  /**
   * Fixes the audit's clock (ISO-8601 instant, e.g. {@code 2026-03-01T00:00:00Z}) for
   * reproducible reports; also the day suppressions are judged on. Without it, the environment
   * variable {@code SOURCE_DATE_EPOCH} (seconds since 1970, the reproducible-builds convention)
   * fixes it when set.
   */
  @Parameter(property = "preflight.now")
  String now;

  /**
   * Where the fuzz corpus lives (failing cases, replayed first on the next run); overrides the
   * policy's {@code fuzz.corpus}. Default {@code src/test/preflight/corpus}: in the project, so
   * {@code mvn clean} keeps it and it can be committed.
   */
  @Parameter(property = "preflight.fuzz.corpus")
  File fuzzCorpus;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  org.apache.maven.plugin.MojoExecution mojoExecution;

  @Parameter(defaultValue = "${session}", readonly = true)
  org.apache.maven.execution.MavenSession session;

  /** The process environment; replaced in tests. */
  java.util.function.Function<String, String> environment = System::getenv;

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

  /** The goal's own skip switch ({@code preflight.check.skip}, ...). */
  abstract SkipFlag goalSkip();

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    ModuleDecision decision = decision();
    if (decision instanceof ModuleDecision.Skip s) {
      getLog().info(s.message());
      ModuleResults.record(session, new ModuleEntry.Skipped(moduleName(), s.reason(),
          s.detail()));
      return;
    }
    run();
  }

  /** The goal's work once it is not skipped: by default the audit, then {@link #conclude}. */
  void run() throws MojoExecutionException, MojoFailureException {
    conclude(audit());
  }

  /** Whether this goal runs here: skip switches first, then a module without a policy. */
  final ModuleDecision decision() throws MojoFailureException {
    List<SkipFlag> flags = new ArrayList<>();
    flags.add(new SkipFlag("preflight.skip", skip));
    flags.add(goalSkip());
    // -Dpreflight.skip=yes would be read as false and run the goal; say so instead.
    List<String> bad = new ArrayList<>();
    java.util.Set<String> switches = new java.util.LinkedHashSet<>();
    flags.forEach(f -> switches.add(f.property()));
    switches.add("preflight.fuzz.skip");
    for (String property : switches) {
      configuration().userProperty(property).ifPresent(raw -> ParameterValues.collect(bad,
          () -> ParameterValues.bool(raw, property)));
    }
    if (!bad.isEmpty()) {
      throw new MojoFailureException(String.join(System.lineSeparator(), bad));
    }
    boolean inProject = basedir != null && !basedir.getPath().contains("${");
    return ModuleDecision.decide(goal(), flags, new PolicyLocation(
        orDefault(policy, "preflight.yaml"), policyNamed(), inProject));
  }

  /** Whether the user named the policy, rather than leaving the default location. */
  private boolean policyNamed() {
    if (session != null && session.getCurrentProject() != null
        && session.getCurrentProject().getProperties().containsKey("preflight.policy")) {
      return true;
    }
    return configuration().named("policy");
  }

  /** The module's name in the aggregate: its artifactId. */
  String moduleName() {
    if (session != null && session.getCurrentProject() != null) {
      return session.getCurrentProject().getArtifactId();
    }
    return base().getFileName() == null ? "." : base().getFileName().toString();
  }

  /** Runs the audit these parameters describe; bad input fails with its message only. */
  final AuditRun.Result audit() throws MojoExecutionException, MojoFailureException {
    try {
      configuration().shadowedProperties().forEach(getLog()::warn);
      AuditRun.Request request = request();
      AuditRun.Result result = new AuditRun(new MavenProgress(getLog()),
          line -> getLog().debug("[validator] " + line)).properties(this::buildProperty)
          .run(request);
      // For the aggregate goal at the end of the build; recorded before a failing gate stops it.
      ModuleResults.record(session, new ModuleEntry.Audited(moduleName(), result.gate(),
          result.written().map(dev.preflight.core.render.WrittenReports::directory)));
      return result;
    } catch (ValidatorException e) {
      throw new MojoExecutionException("The embedded validator could not run: " + e.getMessage()
          + " (run with -X for its log)", e);
    } catch (PreflightException e) {
      // Bad input: the message says what, where and what to do; a stack trace would only hide it.
      throw new MojoFailureException(e.getMessage());
    }
  }

  AuditRun.Request request() {
    // Every bad value is reported at once, each with the values it accepts.
    List<String> bad = new ArrayList<>();
    Optional<AuditRun.Chain> chain = ParameterValues.collect(bad, this::chain);
    Optional<Optional<Instant>> fixed = ParameterValues.collect(bad, this::clock);
    Optional<Severity> severity = ParameterValues.collect(bad,
        () -> ParameterValues.severity(failOnSeverity, "preflight.failOnSeverity"));
    Optional<Optional<Boolean>> strict = ParameterValues.collect(bad,
        () -> blank(failOnInconclusive).map(v -> ParameterValues.bool(v,
            "preflight.failOnInconclusive")));
    if (!bad.isEmpty()) {
      throw new PreflightException(String.join(System.lineSeparator(), bad));
    }
    return new AuditRun.Request(orDefault(policy, "preflight.yaml"), chain.orElseThrow(),
        blank(cluster), orDefault(outputDirectory, "target/preflight"),
        file(suppressions), file(previousReport), file(templates), severity.orElseThrow(),
        strict.orElseThrow(), fixed.orElseThrow(), writesReports(), fuzz(), base(), settings());
  }

  /**
   * A build property for {@code ${prop:NAME}} in the policy: the command line's {@code -D} first,
   * then the project's {@code <properties>}, then the JVM's.
   */
  Optional<String> buildProperty(String name) {
    // the two upgrade-diff parameters may come from <configuration> as well as -D
    if (AuditRun.CANDIDATE_PROPERTY.equals(name) && candidate != null) {
      return Optional.of(candidate);
    }
    if (AuditRun.UPGRADE_BASELINE_PROPERTY.equals(name) && upgradeBaseline != null) {
      return Optional.of(upgradeBaseline);
    }
    if (session != null && session.getUserProperties().getProperty(name) != null) {
      return Optional.of(session.getUserProperties().getProperty(name));
    }
    if (session != null && session.getCurrentProject() != null
        && session.getCurrentProject().getProperties().getProperty(name) != null) {
      return Optional.of(session.getCurrentProject().getProperties().getProperty(name));
    }
    return Optional.ofNullable(System.getProperty(name));
  }

  /** {@code preflight.now}, else {@code SOURCE_DATE_EPOCH}, else the real clock (empty). */
  private Optional<Instant> clock() {
    if (now != null && !now.isBlank()) {
      try {
        return Optional.of(Instant.parse(now.trim()));
      } catch (DateTimeParseException e) {
        throw new PreflightException("preflight.now '" + now + "' is not an ISO-8601 instant; "
            + "write it like 2026-03-01T00:00:00Z.");
      }
    }
    String epoch = environment.apply("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.trim())));
      } catch (NumberFormatException e) {
        throw new PreflightException("SOURCE_DATE_EPOCH '" + epoch + "' is not a number of "
            + "seconds since 1970-01-01T00:00:00Z; set it like SOURCE_DATE_EPOCH=$(git log -1 "
            + "--format=%ct), or unset it.");
      }
    }
    return Optional.empty();
  }

  /** Where each input of the build is named, for the messages of the input check. */
  private Map<String, InputValidation.Setting> settings() {
    MojoConfiguration c = configuration();
    Map<String, InputValidation.Setting> m = new HashMap<>();
    m.put("suppressions", c.setting("suppressions"));
    m.put("previousReport", c.setting("previousReport"));
    m.put("snapshot", c.setting("snapshot"));
    m.put("accountDirectory", c.setting("accountDirectory"));
    for (int i = 0; programs != null && i < programs.size(); i++) {
      m.put("programs[" + i + "].so", c.setting("programs", Integer.toString(i), "so"));
    }
    for (int i = 0; accounts != null && i < accounts.size(); i++) {
      m.put("accounts[" + i + "].file", c.setting("accounts", Integer.toString(i), "file"));
    }
    return m;
  }

  MojoConfiguration configuration() {
    if (mojoExecution == null) {
      return MojoConfiguration.none();
    }
    return new MojoConfiguration(mojoExecution,
        session == null ? null : session.getUserProperties(), "pom.xml");
  }

  /**
   * Whether this goal runs the fuzz campaign: when the policy has one (never with
   * {@code preflight.fuzz.skip}), with the {@code preflight.fuzz.*} overrides.
   */
  FuzzPlan fuzz() {
    FuzzPlan.Mode mode = fuzzSkip ? FuzzPlan.Mode.NEVER : FuzzPlan.Mode.WHEN_CONFIGURED;
    return new FuzzPlan(mode, seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
        maxCases == null ? OptionalInt.empty() : OptionalInt.of(maxCases))
        .withCorpus(corpusOverride()).withCoverage(Optional.ofNullable(coverage));
  }

  /** The build's {@code preflight.fuzz.corpus}, when given. */
  Optional<java.nio.file.Path> corpusOverride() {
    return Optional.ofNullable(fuzzCorpus).map(File::toPath);
  }

  private AuditRun.Chain chain() {
    if (snapshot != null) {
      if (validator != null && !validator.isBlank()) {
        getLog().info("preflight.snapshot is set: re-checking offline, preflight.validator ("
            + Endpoints.redact(validator) + ") is not used");
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
      throw new PreflightException("preflight.validator '" + Endpoints.redact(v.get())
          + "' is neither 'embedded' "
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
    Optional<String> shownSuppressions = suppressions == null
        || suppressions.getPath().contains("${") ? Optional.empty()
        : Optional.of(AuditRun.shown(suppressions.toPath(), base()));
    Summary.lines(result, base, shownSuppressions).forEach(getLog()::info);
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
