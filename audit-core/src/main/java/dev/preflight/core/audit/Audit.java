package dev.preflight.core.audit;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckDemand;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.CheckSettings;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.checklist.ChecklistEvaluator;
import dev.preflight.core.cluster.SavaLogging;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.cluster.ClusterClient;
import dev.preflight.core.cluster.RetryPolicy;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.snapshot.AccountSource;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.OfflineAccountSource;
import dev.preflight.core.snapshot.RpcAccountSource;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.core.snapshot.SnapshotReader;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an audit: reads the clusters of a policy (live, or replaying a saved snapshot), evaluates
 * every check, and assembles the {@link ReadinessReport}.
 *
 * <pre>{@code
 * AuditResult r = Audit.of(PolicyLoader.load(path)).run();
 * assertEquals(Outcome.PASS, r.outcome("program.upgrade-authority"));
 * }</pre>
 */
public final class Audit {
  private final Policy policy;
  private CheckRegistry registry;
  private Progress progress = Progress.silent();
  private Clock clock = Clock.systemUTC();
  private RetryPolicy retry = RetryPolicy.defaults();
  private Optional<Snapshot> offline = Optional.empty();
  private Map<String, URI> urlOverrides = Map.of();
  private Map<String, String> urlLabels = Map.of();
  private boolean validateInputs = true;
  private ChecklistEvaluator checklist;
  private final List<java.util.function.Function<AuditContext, List<CheckResult>>> dynamic = new ArrayList<>();

  private Audit(Policy policy) {
    this.policy = policy;
  }

  public static Audit of(Policy policy) {
    return new Audit(policy);
  }

  /**
   * Adds results that come from exercising the program rather than reading it (fuzz campaigns,
   * wiring checks against a validator). The function runs after the static checks, with the same
   * context; its results go through severity overrides and the checklist like any other. A
   * function that throws gives nothing here: a dynamic source must report its own failure as
   * INCONCLUSIVE results (as {@code FuzzCampaign} does).
   */
  public Audit dynamic(java.util.function.Function<AuditContext, List<CheckResult>> source) {
    dynamic.add(source);
    return this;
  }

  /** The checks to run; by default those found with ServiceLoader on this class's loader. */
  public Audit checks(CheckRegistry registry) {
    this.registry = registry;
    return this;
  }

  public Audit progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** The audit's clock; fix it for byte-identical reports. */
  public Audit clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Audit retry(RetryPolicy retry) {
    this.retry = retry;
    return this;
  }

  /** Re-checks offline from a saved snapshot instead of reading the clusters. */
  public Audit offline(Snapshot snapshot) {
    this.offline = Optional.of(snapshot);
    return this;
  }

  /** Points a cluster of the policy at another URL (for example an embedded validator). */
  public Audit url(String cluster, URI url) {
    return url(cluster, url, dev.preflight.core.cluster.Endpoints.redact(url));
  }

  /**
   * Points a cluster at another URL shown as {@code shownAs} in the snapshot and the reports: an
   * embedded validator listens on a random port, and is shown as {@code embedded} so that the same
   * inputs give the same report bytes.
   */
  public Audit url(String cluster, URI url, String shownAs) {
    Map<String, URI> m = new LinkedHashMap<>(urlOverrides);
    m.put(cluster, url);
    this.urlOverrides = m;
    Map<String, String> l = new LinkedHashMap<>(urlLabels);
    l.put(cluster, shownAs);
    this.urlLabels = l;
    return this;
  }

  /**
   * Whether {@link #run()} first checks every file the policy names ({@link InputValidation});
   * default true. Turn it off only where the caller has validated them itself, with the build's
   * own inputs as well (the Maven plugin does), or to test how a check meets an absent file.
   */
  public Audit validateInputs(boolean validate) {
    this.validateInputs = validate;
    return this;
  }

  public Audit checklist(ChecklistEvaluator evaluator) {
    this.checklist = evaluator;
    return this;
  }

  /**
   * What the IDL loader accepted but a reader should know (a type defined twice, as some published
   * IDLs do) is said once, up front. An IDL that does not load is left to the checks that use it,
   * which report it as their result.
   */
  private void reportIdlWarnings() {
    policy.program().idl().filter(java.nio.file.Files::isRegularFile).ifPresent(p -> {
      try {
        for (dev.preflight.core.idl.IdlWarning w : dev.preflight.core.idl.Idl.load(p).warnings()) {
          progress.warn(w.toString());
        }
      } catch (dev.preflight.core.idl.IdlException e) {
        // reported by the checks that read the IDL
      }
    });
  }

  public AuditResult run() {
    if (validateInputs) {
      progress.phase("checking inputs");
      InputValidation.of(policy).check();
    }
    // The policy's expressions are checked against the IDL first: a mistake in one is the user's
    // to fix (file:line:column), not a result.
    dev.preflight.core.expr.Invariants.forPolicy(policy);
    CheckRegistry checks = registry != null ? registry
        : CheckRegistry.load(Audit.class.getClassLoader());
    // A check's own section (checks.<id>) is the user's input too: wrong keys fail here, located.
    CheckSettings.validate(policy, checks);
    RpcStats stats = new RpcStats();
    Map<String, AccountSource> sources = new LinkedHashMap<>();
    List<ClusterClient> clients = new ArrayList<>();
    Instant now = offline.map(Snapshot::takenAt).orElseGet(clock::instant);
    SavaLogging.mute();
    try {
      for (Policy.ClusterRef ref : policy.clusters()) {
        if (offline.isPresent()) {
          ClusterSnapshot saved = offline.get().cluster(ref.name()).orElseGet(() ->
              ClusterSnapshot.unreachable(ref.name(), ref.displayUrl(),
                  "cluster " + ref.name() + " is not in the offline snapshot"));
          sources.put(ref.name(), new OfflineAccountSource(saved));
        } else {
          URI url = urlOverrides.containsKey(ref.name()) ? urlOverrides.get(ref.name())
              : parseUrl(ref);
          String shown = urlLabels.getOrDefault(ref.name(),
              dev.preflight.core.cluster.Endpoints.redact(url));
          ClusterClient client = new ClusterClient(url, shown, retry, stats,
              d -> Thread.sleep(d.toMillis()));
          clients.add(client);
          sources.put(ref.name(), new RpcAccountSource(client));
        }
      }
      reportIdlWarnings();
      progress.phase(offline.isPresent() ? "replaying snapshot" : "reading clusters");
      Snapshot snapshot = new SnapshotReader(new CheckDemand(policy, checks.checks(), now),
          progress)
          .read(policy, sources, Version.current(), now);
      progress.phase("evaluating " + checks.checks().size() + " checks");
      AuditContext ctx = new AuditContext(policy, snapshot, now);
      List<CheckResult> results = new ArrayList<>();
      for (Check c : checks.checks()) {
        results.addAll(evaluate(c, ctx));
      }
      List<CheckResult> dynamicResults = new ArrayList<>();
      for (var source : dynamic) {
        try {
          dynamicResults.addAll(source.apply(ctx));
        } catch (RuntimeException e) {
          progress.warn("a dynamic result source could not complete: " + describe(e));
        }
      }
      results.addAll(dynamicResults);
      results = applySeverityOverrides(results);
      ChecklistEvaluator evaluator = checklist != null ? checklist
          : java.util.ServiceLoader.load(ChecklistEvaluator.class, Audit.class.getClassLoader())
              .findFirst().orElse(ChecklistEvaluator.none());
      ChecklistEvaluator.Status status = evaluator.evaluate(policy, results, ctx);
      results.addAll(status.extraResults());
      ReadinessReport report = new ReadinessReport(Version.current(), now,
          new ReadinessReport.Target(policy.project(), policy.program().id(), policy.mainnet(),
              policy.source() == null ? "" : policy.source().getFileName().toString()),
          clusterInfos(snapshot), results, status.items(), status.readiness(),
          offline.isPresent() ? RpcStats.Snapshot.empty() : stats.snapshot());
      return new AuditResult(snapshot, report, dynamicResults);
    } finally {
      clients.forEach(ClusterClient::close);
    }
  }

  private List<ReadinessReport.ClusterInfo> clusterInfos(Snapshot snapshot) {
    List<ReadinessReport.ClusterInfo> out = new ArrayList<>();
    for (ClusterSnapshot c : snapshot.clusters()) {
      // The schema admits only the kinds' labels; anything else has no explorer: custom.
      ReadinessReport.ClusterKind kind = policy.clusters().stream()
          .filter(r -> r.name().equals(c.name())).map(Policy.ClusterRef::kind).findFirst()
          .flatMap(ReadinessReport.ClusterKind::ofLabel)
          .orElse(ReadinessReport.ClusterKind.CUSTOM);
      out.add(new ReadinessReport.ClusterInfo(c.name(), kind, c.url(), c.genesisHash(), c.slot(),
          c.error()));
    }
    return out;
  }

  private List<CheckResult> evaluate(Check c, AuditContext ctx) {
    try {
      List<CheckResult> out = c.evaluate(ctx);
      warnEarly(c, out);
      return out;
    } catch (RuntimeException e) {
      // A check that throws could not gather or read its evidence: inconclusive, never a pass.
      List<CheckResult> out = new ArrayList<>();
      for (CheckInfo info : c.definitions()) {
        out.add(info.inconclusive("the check could not complete: " + describe(e))
            .subject(ctx.policy().program().id(), "check").build());
      }
      progress.warn(c.info().id() + " could not complete: " + describe(e));
      return out;
    }
  }

  /** Failures of an early-warning check go to the console as warnings, not only into the report. */
  private void warnEarly(Check c, List<CheckResult> results) {
    Set<String> early = new HashSet<>();
    for (CheckDefinition d : c.getClass().getAnnotationsByType(CheckDefinition.class)) {
      if (d.earlyWarning()) {
        early.add(d.id());
      }
    }
    for (CheckResult r : results) {
      if (early.contains(r.checkId()) && r.outcome() == Outcome.FAIL) {
        String m = r.message().startsWith("Early warning: ")
            ? r.message().substring("Early warning: ".length()) : r.message();
        progress.warn("EARLY WARNING " + r.checkId() + ": " + m);
      }
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof PreflightException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private List<CheckResult> applySeverityOverrides(List<CheckResult> results) {
    if (policy.checkSeverities().isEmpty()) {
      return new ArrayList<>(results);
    }
    List<CheckResult> out = new ArrayList<>();
    for (CheckResult r : results) {
      Severity s = policy.checkSeverities().get(r.checkId());
      if (s == null) {
        out.add(r);
      } else {
        out.add(new CheckResult(r.checkId(), r.title(), r.outcome(), s, r.message(), r.evidence(),
            r.checklist(), r.fingerprint(), r.remediation(), r.subject()));
      }
    }
    return out;
  }

  private static URI parseUrl(Policy.ClusterRef ref) {
    try {
      URI uri = URI.create(ref.url());
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new PreflightException("clusters." + ref.name() + ".url is not an http(s) URL; give "
          + "the cluster's JSON-RPC endpoint, e.g. https://api.mainnet-beta.solana.com.");
    }
  }
}
