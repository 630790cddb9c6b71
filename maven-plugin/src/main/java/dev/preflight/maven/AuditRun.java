package dev.preflight.maven;

import dev.preflight.core.fuzz.CorpusLocation;
import dev.preflight.core.PreflightException;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.audit.FuzzPlan;
import dev.preflight.core.audit.InputValidation;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.audit.RecordedResults;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.CheckSettings;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.gate.GateAssembly;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.ReportDiff;
import dev.preflight.core.gate.PreviousReport;
import dev.preflight.core.gate.Suppressions;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.render.RenderOptions;
import dev.preflight.core.render.ReportWriter;
import dev.preflight.core.render.WrittenReports;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One audit as the goals run it, free of Maven types: load the policy, bring up the chain (an
 * embedded validator, another URL, or a saved snapshot), audit, then gate and write the reports.
 * The mojos only translate parameters into a {@link Request} and the {@link Result} into a log.
 */
public final class AuditRun {

  /** Name of the snapshot every run writes next to its reports. */
  public static final String SNAPSHOT_FILE = "preflight-snapshot.json";
  /** How reports show the embedded validator's endpoint, whose port changes every run. */
  public static final String EMBEDDED = "embedded";

  /** Where the audit reads its chain from. */
  public sealed interface Chain permits AsWritten, Url, Embedded, Offline {}

  /** The clusters of the policy, as written. */
  public record AsWritten() implements Chain {}

  /** Every cluster of the policy (or one) pointed at another JSON-RPC URL. */
  public record Url(URI url) implements Chain {}

  /** An embedded validator started for this run, with these programs and accounts. */
  public record Embedded(List<Program> programs, List<Account> accounts,
                         Optional<Path> accountDirectory) implements Chain {
    public Embedded {
      programs = List.copyOf(programs);
      accounts = List.copyOf(accounts);
    }
  }

  /** A snapshot saved by an earlier run: re-checks offline, with no network at all. */
  public record Offline(Path snapshot) implements Chain {}

  /** A program deployment for the embedded validator. */
  public record Program(String id, Path so, Optional<String> authority, Loader loader) {
    public Program(String id, Path so, Optional<String> authority) {
      this(id, so, authority, Loader.UPGRADEABLE);
    }
  }

  /** The loader an embedded deployment uses. */
  public enum Loader {
    UPGRADEABLE,
    V4
  }

  /** An account file for the embedded validator; address "-" keeps the file's own pubkey. */
  public record Account(String address, Path file) {}

  /**
   * Everything a goal decides before the audit runs. {@code baseDir} is the project: paths in
   * messages and reports are shown relative to it. {@code settings} says where each input of the
   * build is named (keys {@code suppressions}, {@code previousReport}, {@code snapshot},
   * {@code accountDirectory},
   * {@code programs[i].so}, {@code accounts[i].file}); an input without an entry is shown as the
   * parameter.
   */
  public record Request(Path policyFile, Chain chain, Optional<String> cluster, Path outputDir,
                        Optional<Path> suppressions, Optional<Path> previousReport,
                        Optional<Path> templates, Severity failOnSeverity,
                        Optional<Boolean> failOnInconclusive, Optional<Instant> fixedClock,
                        boolean writeReports, FuzzPlan fuzz, Path baseDir,
                        java.util.Map<String, InputValidation.Setting> settings) {
    public Request {
      settings = java.util.Map.copyOf(settings);
    }

    /** This request read from another chain (the merge goal: a merged snapshot, offline). */
    public Request withChain(Chain other) {
      return new Request(policyFile, other, cluster, outputDir, suppressions, previousReport,
          templates, failOnSeverity, failOnInconclusive, fixedClock, writeReports, fuzz, baseDir,
          settings);
    }

    /** Where the build names the input {@code key}. */
    InputValidation.Setting setting(String key) {
      return settings.getOrDefault(key, InputValidation.Setting.of("pom.xml",
          "<configuration>." + key));
    }
  }

  /** What the run produced. {@code written} is empty when only the snapshot was asked for. */
  public record Result(ReadinessReport report, GateResult gate, Optional<ReportDiff> diff,
                       Path snapshotFile, Optional<WrittenReports> written) {}

  private final Progress progress;
  private final Consumer<String> validatorLog;
  /** {@code ${prop:NAME}} in the policy: the build's properties (none by default). */
  private java.util.function.Function<String, Optional<String>> properties = name -> Optional.empty();

  public AuditRun(Progress progress, Consumer<String> validatorLog) {
    this.progress = progress;
    this.validatorLog = validatorLog;
  }

  /** The build properties {@code ${prop:NAME}} in the policy reads. */
  public AuditRun properties(java.util.function.Function<String, Optional<String>> lookup) {
    this.properties = lookup;
    return this;
  }

  public Result run(Request request) {
    progress.phase("loading policy " + request.policyFile());
    if (!Files.isRegularFile(request.policyFile())) {
      throw new PreflightException("Policy file " + request.policyFile() + " does not exist; "
          + "write a preflight.yaml (see docs/policy-reference.md) or point preflight.policy at "
          + "one.");
    }
    Policy policy = new PolicyLoader(name -> Optional.ofNullable(System.getenv(name)), properties)
        .load(request.policyFile());
    request.cluster().ifPresent(name -> {
      if (policy.clusters().stream().noneMatch(c -> c.name().equals(name))) {
        throw new PreflightException("preflight.cluster '" + name + "' is not a cluster of "
            + request.policyFile() + "; its clusters are "
            + policy.clusters().stream().map(Policy.ClusterRef::name).toList() + ".");
      }
    });
    progress.phase("checking inputs");
    InputValidation inputs = inputs(policy, request);
    properties.apply(CANDIDATE_PROPERTY).filter(s -> !s.isBlank()).ifPresent(c -> inputs.candidate(
        request.baseDir().resolve(c), InputValidation.Setting.of("pom.xml", "-D" + CANDIDATE_PROPERTY)));
    properties.apply(UPGRADE_BASELINE_PROPERTY).filter(s -> !s.isBlank()).ifPresent(b -> {
      if (!Files.isRegularFile(request.baseDir().resolve(b))) {
        throw new PreflightException("-D" + UPGRADE_BASELINE_PROPERTY + "=" + b + " does not exist; "
            + "give the upgrade baseline file (see docs/upgrade-diff.md) or leave the property out.");
      }
    });
    inputs.check();
    CheckRegistry registry = CheckRegistry.load(AuditRun.class.getClassLoader());
    // The checks' own sections too, before a validator starts.
    CheckSettings.validate(policy, registry);
    // The inputs were validated above, with the build's own, before the validator started.
    Audit audit = Audit.of(policy).checks(registry).progress(progress).validateInputs(false);
    request.fixedClock().ifPresent(t -> audit.clock(Clock.fixed(t, ZoneOffset.UTC)));

    AuditResult result;
    EmbeddedValidator validator = null;
    // Coverage: the embedded validator traces on demand, when the campaign runs and wants it
    // (fuzz.coverage.enabled, -Dpreflight.fuzz.coverage).
    Optional<Path> traceDir = request.fuzz().traceDirectory(policy, request.policyFile(),
        request.chain() instanceof Embedded, request.outputDir());
    java.util.concurrent.atomic.AtomicReference<dev.preflight.core.fuzz.FuzzReport> fuzzReport =
        new java.util.concurrent.atomic.AtomicReference<>();
    Optional<SnapshotJson.Saved> saved = Optional.empty();
    try {
      switch (request.chain()) {
        case AsWritten p -> { }
        case Url u -> pointClusters(audit, policy, request.cluster(), u.url(),
            dev.preflight.core.cluster.Endpoints.redact(u.url()));
        case Offline o -> {
          progress.info("re-checking offline from " + o.snapshot());
          saved = Optional.of(SnapshotJson.load(o.snapshot()));
          audit.offline(saved.get().snapshot());
        }
        case Embedded e -> {
          progress.phase("starting the embedded validator");
          validator = startValidator(e, request.fixedClock(), traceDir);
          progress.info("embedded validator listening on " + validator.rpcUri());
          // Shown as "embedded": its random port would make every report differ from the last.
          pointClusters(audit, policy, request.cluster(), validator.rpcUri(), EMBEDDED);
        }
      }
      Optional<URI> redirected = switch (request.chain()) {
        case AsWritten p -> Optional.empty();
        case Url u -> Optional.of(u.url());
        case Embedded e -> Optional.of(validator.rpcUri());
        case Offline o -> Optional.empty();
      };
      Optional<URI> fuzzTarget = FuzzPlan.target(policy, redirected,
          request.chain() instanceof Offline);
      if (saved.isPresent()) {
        replayRecorded(audit, policy, request, saved.get());
      } else {
        addFuzz(audit, policy, request, fuzzTarget, traceDir, fuzzReport::set);
      }
      result = audit.run();
      Optional<dev.preflight.core.coverage.CoverageReport> coverage =
          Optional.ofNullable(fuzzReport.get()).flatMap(dev.preflight.core.fuzz.FuzzReport::coverage);
      if (coverage.isPresent()) {
        result = new AuditResult(result.snapshot(), result.report().withCoverage(coverage.get()),
            result.dynamicResults());
      }
    } finally {
      if (validator != null) {
        validator.close();
        progress.info("embedded validator stopped");
      }
    }
    return finish(request, registry, result);
  }

  /**
   * Offline there is nothing to execute against: the fuzz and wiring results the snapshot recorded
   * are shown as recorded (marked "from snapshot"), and each id this policy's campaign reports but
   * the snapshot lacks is INCONCLUSIVE ("not re-run offline").
   */
  private void replayRecorded(Audit audit, Policy policy, Request request,
                              SnapshotJson.Saved saved) {
    boolean wanted = request.fuzz().wanted(policy, request.policyFile());
    // a live run that compared a candidate recorded its upgrade.diff results in the snapshot too
    List<dev.preflight.core.check.CheckInfo> expected = wanted
        ? FuzzPlan.expectedIds(policy, candidate(policy, request).isPresent()) : List.of();
    progress.info("re-checking offline: " + saved.recorded().size() + " fuzz and wiring results "
        + "recorded in the snapshot are shown as recorded, not re-run");
    audit.dynamic(RecordedResults.replay(saved.snapshot(), saved.recorded(), expected));
  }

  /** Adds the fuzz campaign (on the same chain as the audit) when the plan says so. */
  private void addFuzz(Audit audit, Policy policy, Request request, Optional<URI> target,
                       Optional<Path> traceDir, Consumer<dev.preflight.core.fuzz.FuzzReport> report) {
    if (target.isPresent() && request.fuzz().wanted(policy, request.policyFile())) {
      audit.dynamic(request.fuzz().campaign(policy, target.get(), request.policyFile(),
          request.baseDir(), request.outputDir(), upgrade(policy, request), traceDir, report,
          progress));
    }
  }

  /** Build property naming the upgrade candidate's {@code .so}; it wins over {@code program.candidate}. */
  public static final String CANDIDATE_PROPERTY = "preflight.candidate";
  /** Build property naming the upgrade baseline file. */
  public static final String UPGRADE_BASELINE_PROPERTY = "preflight.upgradeBaseline";
  /** The upgrade baseline read from the project when no property names one. */
  public static final String UPGRADE_BASELINE_FILE = "preflight-upgrade-baseline.yaml";

  /** The upgrade candidate: {@code -Dpreflight.candidate}, else the policy's {@code program.candidate}. */
  private Optional<Path> candidate(Policy policy, Request request) {
    return properties.apply(CANDIDATE_PROPERTY).filter(s -> !s.isBlank()).map(request.baseDir()::resolve)
        .or(() -> policy.program().candidate());
  }

  /** The upgrade to compare, when a candidate is named: the baseline file and the audit's day. */
  private Optional<FuzzPlan.Upgrade> upgrade(Policy policy, Request request) {
    return candidate(policy, request).map(c -> {
      Path baselineFile = properties.apply(UPGRADE_BASELINE_PROPERTY)
          .map(request.baseDir()::resolve)
          .orElse(request.baseDir().resolve(UPGRADE_BASELINE_FILE));
      LocalDate today = request.fixedClock().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC))
          .orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
      return new FuzzPlan.Upgrade(c, baselineFile, shown(baselineFile, request.baseDir()), today);
    });
  }

  private Result finish(Request request, CheckRegistry registry, AuditResult result) {
    Path out = request.outputDir();
    mkdirs(out);
    Path snapshotFile = out.resolve(SNAPSHOT_FILE);
    Snapshot snapshot = result.snapshot();
    // The fuzz and wiring results travel with the snapshot: offline they can only be shown.
    SnapshotJson.write(snapshot, result.dynamicResults(), snapshotFile);
    ReadinessReport report = result.report();

    Optional<ReportDiff> diff = PreviousReport.find(request.previousReport(), out,
        request.writeReports(), progress).map(p -> ReportDiff.between(p, report));
    LocalDate asOf = request.fixedClock().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC))
        .orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
    Suppressions suppressions = request.suppressions()
        .map(p -> Suppressions.load(p, shown(p, request.baseDir())))
        .orElseGet(Suppressions::empty);
    GateResult gate = GateAssembly.assemble(report, suppressions, asOf, request.failOnSeverity(),
        request.failOnInconclusive());

    Optional<WrittenReports> written = Optional.empty();
    if (request.writeReports()) {
      progress.phase("writing reports to " + out);
      RenderOptions options = RenderOptions.defaults().withCatalog(registry.definitions())
          .withPolicyLines(dev.preflight.core.policy.PolicyLines.read(request.policyFile()));
      if (request.templates().isPresent()) {
        options = options.withTemplateDir(request.templates().get());
      }
      written = Optional.of(ReportWriter.writeAll(report, gate, diff, out, options));
    }
    return new Result(report, gate, diff, snapshotFile, written);
  }

  private static void pointClusters(Audit audit, Policy policy, Optional<String> only, URI url,
                                    String shownAs) {
    for (Policy.ClusterRef c : policy.clusters()) {
      if (only.isEmpty() || only.get().equals(c.name())) {
        audit.url(c.name(), url, shownAs);
      }
    }
  }

  /** Every file the policy and the build name, to be checked before anything starts. */
  private static InputValidation inputs(Policy policy, Request request) {
    InputValidation v = InputValidation.of(policy).relativeTo(request.baseDir());
    request.suppressions().ifPresent(p -> v.suppressions(p, request.setting("suppressions")));
    request.previousReport().ifPresent(p -> v.previousReport(p,
        request.setting("previousReport")));
    if (request.chain() instanceof Offline o) {
      v.snapshot(o.snapshot(), request.setting("snapshot"));
    }
    if (request.chain() instanceof Embedded e) {
      for (int i = 0; i < e.programs().size(); i++) {
        Program p = e.programs().get(i);
        v.deployedProgram(p.id(), p.so(), request.setting("programs[" + i + "].so"));
      }
      for (int i = 0; i < e.accounts().size(); i++) {
        Account a = e.accounts().get(i);
        v.accountFile(a.file(), "-".equals(a.address()) ? Optional.empty()
            : Optional.of(a.address()), request.setting("accounts[" + i + "].file"));
      }
      e.accountDirectory().ifPresent(d -> v.accountDirectory(d,
          request.setting("accountDirectory")));
    }
    return v;
  }

  /** A path as reports show it: relative to the project when under it, so reports relocate. */
  static String shown(Path file, Path baseDir) {
    return dev.preflight.core.vocabulary.ShownPath.of(file, baseDir);
  }

  EmbeddedValidator startValidator(Embedded e, Optional<Instant> now, Optional<Path> traceDir) {
    EmbeddedValidator.Builder b = EmbeddedValidator.builder().logSink(validatorLog)
        // Slots move only with transactions: the audit reads one pinned, reproducible state.
        .slotTime(java.time.Duration.ZERO);
    // A fixed "now" (preflight.now, SOURCE_DATE_EPOCH) is the chain's time too: a world recorded
    // at one time (a sale window, a proposal's ETA) stays valid, and runs are reproducible.
    now.ifPresent(t -> b.clock(t.getEpochSecond()));
    for (Program p : e.programs()) {
      switch (p.loader()) {
        case UPGRADEABLE -> b.upgradeableProgram(p.id(), p.so(), p.authority());
        case V4 -> b.loaderV4Program(p.id(), p.so(), p.authority());
      }
    }
    for (Account a : e.accounts()) {
      b.account(a.address(), a.file());
    }
    e.accountDirectory().ifPresent(b::accountDirectory);
    traceDir.ifPresent(b::traceOnDemand);
    return b.start();
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new PreflightException("Cannot create directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
