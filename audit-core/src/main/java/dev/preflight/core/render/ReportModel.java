package dev.preflight.core.render;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Measurement;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.gate.GateAdvice;
import dev.preflight.core.gate.GateReason;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.GatedResult;
import dev.preflight.core.gate.ReportDiff;
import dev.preflight.core.gate.SuppressionState;
import dev.preflight.core.gate.SuppressionWarning;
import dev.preflight.core.report.ReadinessReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data model the HTML templates receive (as {@code report}) and the Markdown checklist reads:
 * the report, the gate and the diff arranged for reading, with explorer links resolved. Outcomes,
 * severities, statuses and kinds stay enums (a template writes {@code r.outcome.label()}, tests
 * compare constants); absent values are empty strings or empty lists, never null, so a template
 * needs no null handling. It only rearranges what the report and the gate decided.
 *
 * <p>Results are split for triage: {@code breaking} (what fails the gate, fuzz findings
 * included), {@code findings} (the other failed and inconclusive results), {@code suppressed}
 * (waived by an entry in force), {@code others} (everything else); each worst first.
 */
public record ReportModel(String title, String project, String programId, String programLink,
                         boolean mainnet, String policyFile, String toolVersion,
                         String generatedAt, List<ClusterRow> clusters, GateView gate,
                         List<Count> outcomes, List<Count> failuresBySeverity,
                         List<ReadinessRow> phases, List<Bar> readinessBars,
                         List<ReadinessRow> criteria,
                         List<ReadinessRow> otherReadiness, List<ChecklistGroup> checklist,
                         List<ResultView> breaking, List<ResultView> findings,
                         List<ResultView> suppressed, List<ResultView> others,
                         List<ResultView> upgrade, List<Bar> computeUnits, boolean hasDiff,
                         DiffView diff, RpcView rpc, CoverageView coverage) {

  /** The check id prefix of the upgrade diff's results (deployed against candidate binary). */
  static final String UPGRADE_PREFIX = "upgrade.";
  /** The evidence field prefix of a fuzz reproducer (seed, instruction bytes, accounts, command). */
  public static final String REPRODUCER_PREFIX = "reproducer.";
  /** The evidence field an offline re-check adds to a result it shows as the snapshot recorded. */
  static final String RECORDED_FIELD = "recorded";

  public record ClusterRow(String name, String kind, String url, String genesisHash, String slot,
                           boolean reachable, String error) {}

  public record GateView(String verdict, boolean passed, String threshold,
                         boolean failOnInconclusive, String summary, List<Reason> reasons,
                         List<Reason> waived, List<Warning> warnings) {}

  /** A line of the gate section; {@code anchor} is the id of the result's card, or empty. */
  public record Reason(String message, String anchor) {}

  public record Warning(String kind, String message) {}

  public record Count(String label, int count, String css) {}

  public record ReadinessRow(String id, String title, ReadinessReport.Kind kind, int satisfied,
                             int total, double percent, String percentText) {}

  public record ChecklistGroup(String name, int satisfied, int total, List<ItemView> items) {}

  public record ItemView(String id, String text, ItemStatus status, List<String> checks,
                         String reason, List<Link> links) {
    /** Only SATISFIED ticks the box: the evaluator decided, this reads its enum. */
    public boolean satisfied() {
      return status == ItemStatus.SATISFIED;
    }
  }

  /** Whether an entry of the suppressions file matched a result, and whether it is in force. */
  public enum SuppressionMark {
    NONE, ACTIVE, EXPIRED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Link(String label, String href) {}

  public record ResultView(String anchor, String checkId, String title, Outcome outcome,
                           Severity severity, String message, String subject, String fingerprint,
                           List<String> checklist, String remediation,
                           List<EvidenceRow> evidence, List<Link> links,
                           List<ReproducerLine> reproducer, SuppressionMark suppression,
                           String suppressionReason, String suppressionOwner,
                           String suppressionExpires, String suppressionSource,
                           boolean breaksGate, boolean recorded) {

    public boolean suppressed() {
      return suppression == SuppressionMark.ACTIVE;
    }

    public boolean finding() {
      return outcome == Outcome.FAIL || outcome == Outcome.INCONCLUSIVE;
    }

    /** Remediation is shown where something is left to do. */
    public boolean needsAction() {
      return !outcome.satisfied() && outcome != Outcome.NOT_APPLICABLE;
    }
  }

  public record EvidenceRow(String cluster, String clusterKind, String slot, String address,
                            String addressLink, String owner, String ownerLink,
                            String dataLength, String dataSha256, String genesisHash,
                            String field, String value) {}

  public record ReproducerLine(String name, String value) {}

  /** A bar of a chart: {@code value} of {@code max}; {@code marker} is a budget line or -1. */
  public record Bar(String label, double value, double max, String valueText, String css,
                    double marker) {}

  public record DiffView(String previousGeneratedAt, String previousToolVersion,
                         List<DiffRow> added, List<DiffRow> resolved, List<DiffRow> changed,
                         int unchanged) {}

  public record DiffRow(String fingerprint, String checkId, String title, String subject,
                        String before, String after, String message) {}

  public record RpcView(long calls, long accountRounds, long retries, long failures,
                        List<MethodCount> byMethod) {}

  public record MethodCount(String method, long calls) {}

  /** Builds the model for {@code gate}'s report; the diff section is shown when given. */
  public static ReportModel of(GateResult gate, Optional<ReportDiff> diff) {
    ReadinessReport r = gate.report();
    ExplorerLinks links = new ExplorerLinks(r.clusters());
    Set<Integer> breaking = new LinkedHashSet<>();
    gate.reasons().forEach(reason -> reason.gatedResult().ifPresent(g -> breaking.add(g.index())));

    List<ResultView> breakingViews = new ArrayList<>();
    List<ResultView> findings = new ArrayList<>();
    List<ResultView> suppressed = new ArrayList<>();
    List<ResultView> others = new ArrayList<>();
    List<ResultView> upgrade = new ArrayList<>();
    List<GatedResult> ordered = new ArrayList<>(gate.suppressions().results());
    // Worst first: severity, then outcome; report order among equals (the sort is stable).
    ordered.sort(Comparator.comparing((GatedResult g) -> g.result().severity(),
            Comparator.reverseOrder())
        .thenComparingInt(g -> outcomeRank(g.result().outcome())));
    for (GatedResult g : ordered) {
      boolean breaks = breaking.contains(g.index());
      ResultView v = result(g, links, breaks);
      if (g.result().checkId().startsWith(UPGRADE_PREFIX)) {
        // the upgrade diff's table links to these cards, wherever their outcome puts them
        upgrade.add(v);
      }
      if (breaks) {
        breakingViews.add(v);
      } else if (g.suppressed()) {
        suppressed.add(v);
      } else if (g.finding()) {
        findings.add(v);
      } else {
        others.add(v);
      }
    }
    // The rest reads best by outcome first (manual items, then passes), severity within.
    others.sort(Comparator.comparingInt((ResultView v) -> outcomeRank(v.outcome()))
        .thenComparing(ResultView::severity, Comparator.reverseOrder()));

    List<Count> outcomes = new ArrayList<>();
    r.countByOutcome().forEach((o, n) -> outcomes.add(new Count(o.label(), n, o.label())));
    List<Count> bySeverity = new ArrayList<>();
    List<Severity> sev = new ArrayList<>(List.of(Severity.values()));
    sev.sort(Comparator.reverseOrder());
    Map<Severity, Integer> fails = r.failuresBySeverity();
    sev.forEach(s -> bySeverity.add(new Count(s.label(), fails.get(s), s.label())));

    List<ReadinessRow> phases = new ArrayList<>();
    List<ReadinessRow> criteria = new ArrayList<>();
    List<ReadinessRow> otherReadiness = new ArrayList<>();
    for (ReadinessReport.Readiness rd : r.readiness()) {
      ReadinessRow row = new ReadinessRow(rd.id(), rd.title(), rd.kind(), rd.satisfied(),
          rd.total(), rd.percent(), percentText(rd));
      switch (rd.kind()) {
        case PHASE -> phases.add(row);
        case CRITERION -> criteria.add(row);
        case SECTION, OVERALL -> otherReadiness.add(row);
      }
    }

    String primary = r.clusters().isEmpty() ? "" : r.clusters().getFirst().name();
    return new ReportModel("Production readiness report: " + r.target().project(),
        r.target().project(), r.target().programId(),
        links.address(primary, r.target().programId()).orElse(""), r.target().mainnet(),
        r.target().policy(), r.toolVersion(), r.generatedAt().toString(), clusters(r),
        gateView(gate), outcomes, bySeverity, phases, readinessBars(phases.isEmpty()
            ? otherReadiness : phases), criteria, otherReadiness,
        checklist(r, links), breakingViews, findings, suppressed, others, upgrade, computeUnits(r),
        diff.isPresent(),
        diff.map(ReportModel::diffView).orElse(new DiffView("", "", List.of(), List.of(),
            List.of(), 0)), rpc(r), CoverageView.of(r.coverage()));
  }

  private static int outcomeRank(Outcome o) {
    return switch (o) {
      case FAIL -> 0;
      case INCONCLUSIVE -> 1;
      case MANUAL -> 2;
      case PASS -> 3;
      case ATTESTED -> 4;
      case NOT_APPLICABLE -> 5;
    };
  }

  private static List<Bar> readinessBars(List<ReadinessRow> rows) {
    return rows.stream().map(row -> new Bar(row.title().isEmpty() ? row.id() : row.title(),
        row.percent(), 100.0, row.percentText() + "  (" + row.satisfied() + "/" + row.total()
        + ")", row.percent() >= 100.0 ? "complete" : row.percent() >= 50.0 ? "partial" : "low",
        -1)).toList();
  }

  static String percentText(ReadinessReport.Readiness rd) {
    return String.format(Locale.ROOT, "%.1f%%", rd.percent());
  }

  static String anchor(int index) {
    return "result-" + index;
  }

  private static List<ClusterRow> clusters(ReadinessReport r) {
    return r.clusters().stream().map(c -> new ClusterRow(c.name(), c.kind().label(), c.url(),
        c.genesisHash(), c.error().isPresent() ? "" : Long.toString(c.slot()),
        c.error().isEmpty(), c.error().orElse(""))).toList();
  }

  private static GateView gateView(GateResult gate) {
    // A cause shared by many results is one line, as in the build log; a single finding links to
    // its card.
    List<Reason> reasons = GateAdvice.grouped(gate).stream().map(l -> new Reason(
        l.text().strip(), l.results().size() == 1 ? anchor(l.results().getFirst().index()) : ""))
        .toList();
    List<Reason> waived = gate.waived().stream().map(g -> {
      SuppressionState.Active a = (SuppressionState.Active) g.suppression();
      CheckResult res = g.result();
      return new Reason(res.checkId() + res.subject().map(s -> " [" + s + "]").orElse("")
          + " (" + res.severity().label() + "): suppressed by " + a.entry().owner() + " until "
          + a.entry().expires() + ": " + a.entry().reason(), anchor(g.index()));
    }).toList();
    List<Warning> warnings = gate.warnings().stream()
        .map(w -> new Warning(kind(w.kind()), w.message())).toList();
    return new GateView(gate.verdict().name(), gate.passed(),
        gate.policy().failOnSeverity().label(), gate.policy().failOnInconclusive(),
        gate.summary(), reasons, waived, warnings);
  }

  private static String kind(SuppressionWarning.Kind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static ResultView result(GatedResult g, ExplorerLinks links, boolean breaks) {
    CheckResult r = g.result();
    List<EvidenceRow> evidence = new ArrayList<>();
    List<ReproducerLine> reproducer = new ArrayList<>();
    for (Evidence e : r.evidence()) {
      if (e.field().startsWith(REPRODUCER_PREFIX)) {
        reproducer.add(new ReproducerLine(e.field().substring(REPRODUCER_PREFIX.length()),
            e.value()));
        continue;
      }
      String cluster = e.cluster().orElse("");
      String address = e.address().orElse("");
      String owner = e.owner().orElse("");
      evidence.add(new EvidenceRow(cluster,
          e.cluster().flatMap(c -> links.kind(c)).map(ReadinessReport.ClusterKind::label)
              .orElse(""),
          e.slot().isPresent() ? Long.toString(e.slot().getAsLong()) : "", address,
          links.address(cluster, address).orElse(""), owner,
          links.address(cluster, owner).orElse(""),
          e.dataLength().isPresent() ? Long.toString(e.dataLength().getAsLong()) : "",
          e.dataSha256().orElse(""), e.genesisHash().orElse(""), e.field(), e.value()));
    }
    SuppressionMark state = SuppressionMark.NONE;
    String reason = "";
    String owner = "";
    String expires = "";
    String source = "";
    switch (g.suppression()) {
      case SuppressionState.Active a -> {
        state = SuppressionMark.ACTIVE;
        reason = a.entry().reason();
        owner = a.entry().owner();
        expires = a.entry().expires().toString();
        source = a.entry().source();
      }
      case SuppressionState.Expired x -> {
        state = SuppressionMark.EXPIRED;
        reason = x.entry().reason();
        owner = x.entry().owner();
        expires = x.entry().expires().toString();
        source = x.entry().source();
      }
      case SuppressionState.None n -> { }
    }
    boolean recorded = r.evidence().stream().anyMatch(e -> e.field().equals(RECORDED_FIELD));
    return new ResultView(anchor(g.index()), r.checkId(), r.title(), r.outcome(),
        r.severity(), r.message(), r.subject().orElse(""), r.fingerprint(),
        r.checklist(), r.remediation(), evidence, evidenceLinks(List.of(r), links), reproducer,
        state, reason, owner, expires, source, breaks, recorded);
  }

  /** The distinct explorer links of the evidence addresses of {@code results}, in order. */
  static List<Link> evidenceLinks(List<CheckResult> results, ExplorerLinks links) {
    Map<String, Link> out = new LinkedHashMap<>();
    for (CheckResult r : results) {
      for (Evidence e : r.evidence()) {
        if (e.address().isEmpty() || e.cluster().isEmpty()) {
          continue;
        }
        String addr = e.address().get();
        String cluster = e.cluster().get();
        links.address(cluster, addr).ifPresent(href ->
            out.putIfAbsent(href, new Link(addr + " (" + cluster + ")", href)));
      }
    }
    return List.copyOf(out.values());
  }

  private static List<ChecklistGroup> checklist(ReadinessReport r, ExplorerLinks links) {
    Map<String, List<ItemView>> groups = new LinkedHashMap<>();
    for (ReadinessReport.ItemStatus it : r.checklist()) {
      List<CheckResult> results = it.checks().stream().flatMap(c -> r.results(c).stream())
          .toList();
      groups.computeIfAbsent(it.group(), k -> new ArrayList<>()).add(new ItemView(it.id(),
          it.text(), it.status(), it.checks(), it.reason(), evidenceLinks(results, links)));
    }
    List<ChecklistGroup> out = new ArrayList<>();
    groups.forEach((name, items) -> out.add(new ChecklistGroup(name,
        (int) items.stream().filter(ItemView::satisfied).count(), items.size(), items)));
    return out;
  }

  /**
   * Compute units per instruction: every evidence row that carries a compute-unit measurement,
   * labelled by its field (the instruction); the measurement's limit is the budget line.
   */
  private static List<Bar> computeUnits(ReadinessReport r) {
    List<String> labels = new ArrayList<>();
    List<Measurement> units = new ArrayList<>();
    for (CheckResult res : r.results()) {
      for (Evidence e : res.evidence()) {
        e.measurement().filter(m -> m.unit() == Measurement.Unit.COMPUTE_UNITS).ifPresent(m -> {
          labels.add(e.field());
          units.add(m);
        });
      }
    }
    long top = 1;
    for (Measurement m : units) {
      top = Math.max(top, Math.max(m.value(), m.limit().orElse(0)));
    }
    long max = niceCeiling(top);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      Measurement m = units.get(i);
      String text = m.text() + (m.limit().isPresent() ? " / " + m.format(m.limit().getAsLong())
          : "");
      bars.add(new Bar(labels.get(i), m.value(), max, text, m.overLimit() ? "over" : "within",
          m.limit().isPresent() ? m.limit().getAsLong() : -1));
    }
    return bars;
  }

  /**
   * The smallest of 1, 2, 4, 6, 8 or 10 times a power of ten at or above {@code v}: an axis whose
   * quarter lines fall on round numbers.
   */
  static long niceCeiling(long v) {
    long p = 1;
    while (p * 10 < v) {
      p *= 10;
    }
    for (long m : new long[] {1, 2, 4, 6, 8}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static DiffView diffView(ReportDiff d) {
    return new DiffView(d.previousGeneratedAt().toString(), d.previousToolVersion(),
        rows(d.added()), rows(d.resolved()), rows(d.changed()), d.unchanged());
  }

  private static List<DiffRow> rows(List<ReportDiff.Entry> entries) {
    return entries.stream().map(e -> new DiffRow(e.fingerprint(), e.checkId(), e.title(),
        e.subject().orElse(""), side(e.before()), side(e.after()), e.message())).toList();
  }

  static String side(Optional<ReportDiff.Side> s) {
    return s.map(x -> x.outcome().label() + " / " + x.severity().label()).orElse("absent");
  }

  private static RpcView rpc(ReadinessReport r) {
    // Sorted here: the report's map has no defined order.
    List<MethodCount> by = new ArrayList<>();
    new TreeMap<>(r.rpc().byMethod()).forEach((m, n) -> by.add(new MethodCount(m, n)));
    return new RpcView(r.rpc().calls(), r.rpc().accountRounds(), r.rpc().retries(),
        r.rpc().failures(), by);
  }
}
