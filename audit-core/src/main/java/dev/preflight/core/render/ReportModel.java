package dev.preflight.core.render;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data model the HTML templates receive (as {@code report}) and the Markdown checklist reads:
 * the report, the gate and the diff flattened into strings, numbers, booleans and lists, with
 * explorer links resolved. Absent values are empty strings or empty lists, never null, so a
 * template needs no null handling. It only rearranges what the report and the gate decided.
 */
public record ReportModel(String title, String project, String programId, String programLink,
                         boolean mainnet, String policyFile, String toolVersion,
                         String generatedAt, List<ClusterRow> clusters, GateView gate,
                         List<Count> outcomes, List<Count> failuresBySeverity,
                         List<ReadinessRow> phases, List<Bar> readinessBars,
                         List<ReadinessRow> criteria,
                         List<ReadinessRow> otherReadiness, List<ChecklistGroup> checklist,
                         List<ResultView> findings, List<ResultView> fuzz,
                         List<ResultView> others, List<Bar> computeUnits, boolean hasDiff,
                         DiffView diff, RpcView rpc, CoverageView coverage) {

  /** The evidence field prefix of a fuzz reproducer (seed, instruction bytes, accounts, command). */
  public static final String REPRODUCER_PREFIX = "reproducer.";
  /** Results of this check carry compute units per instruction in their evidence. */
  public static final String COMPUTE_UNITS_CHECK = "ops.compute-units";

  public record ClusterRow(String name, String kind, String url, String genesisHash, String slot,
                           boolean reachable, String error) {}

  public record GateView(String verdict, boolean passed, String threshold,
                         boolean failOnInconclusive, String summary, List<Reason> reasons,
                         List<Reason> waived, List<Warning> warnings) {}

  /** A line of the gate section; {@code anchor} is the id of the result's card, or empty. */
  public record Reason(String message, String anchor) {}

  public record Warning(String kind, String message) {}

  public record Count(String label, int count, String css) {}

  public record ReadinessRow(String id, String title, String kind, int satisfied, int total,
                             double percent, String percentText) {}

  public record ChecklistGroup(String name, int satisfied, int total, List<ItemView> items) {}

  public record ItemView(String id, String text, String status, boolean satisfied,
                         List<String> checks, String reason, List<Link> links) {}

  public record Link(String label, String href) {}

  public record ResultView(String anchor, String checkId, String title, String outcome,
                           String severity, String message, String subject, String fingerprint,
                           List<String> checklist, String remediation,
                           List<EvidenceRow> evidence, List<Link> links,
                           List<ReproducerLine> reproducer, String suppression,
                           String suppressionReason, String suppressionOwner,
                           String suppressionExpires, String suppressionSource,
                           boolean breaksGate) {

    public boolean suppressed() {
      return suppression.equals("active");
    }

    public boolean finding() {
      return outcome.equals("fail") || outcome.equals("inconclusive");
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

  private static final Pattern INTEGER = Pattern.compile("\\d[\\d,_]*");
  private static final Pattern BUDGET =
      Pattern.compile("budget\\D{0,8}?(\\d[\\d,_]*)", Pattern.CASE_INSENSITIVE);

  /** Builds the model for {@code gate}'s report; the diff section is shown when given. */
  public static ReportModel of(GateResult gate, Optional<ReportDiff> diff) {
    ReadinessReport r = gate.report();
    ExplorerLinks links = new ExplorerLinks(r.clusters());
    Set<Integer> breaking = new LinkedHashSet<>();
    gate.reasons().forEach(reason -> reason.gatedResult().ifPresent(g -> breaking.add(g.index())));

    List<ResultView> findings = new ArrayList<>();
    List<ResultView> fuzz = new ArrayList<>();
    List<ResultView> others = new ArrayList<>();
    List<GatedResult> ordered = new ArrayList<>(gate.suppressions().results());
    // Findings first, worst first; report order otherwise (the sort is stable).
    ordered.sort(Comparator.comparingInt((GatedResult g) -> outcomeRank(g.result().outcome()))
        .thenComparing(g -> g.result().severity(), Comparator.reverseOrder()));
    for (GatedResult g : ordered) {
      ResultView v = result(g, links, breaking.contains(g.index()));
      String id = g.result().checkId();
      if (id.startsWith("fuzz.") || id.startsWith("wiring.")) {
        fuzz.add(v);
      } else if (g.finding()) {
        findings.add(v);
      } else {
        others.add(v);
      }
    }

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
      switch (rd.kind().toLowerCase(Locale.ROOT)) {
        case "phase" -> phases.add(row);
        case "criterion", "criteria" -> criteria.add(row);
        default -> otherReadiness.add(row);
      }
    }

    String primary = r.clusters().isEmpty() ? "" : r.clusters().getFirst().name();
    return new ReportModel("Production readiness report: " + r.target().project(),
        r.target().project(), r.target().programId(),
        links.address(primary, r.target().programId()).orElse(""), r.target().mainnet(),
        r.target().policy(), r.toolVersion(), r.generatedAt().toString(), clusters(r),
        gateView(gate), outcomes, bySeverity, phases, readinessBars(phases.isEmpty()
            ? otherReadiness : phases), criteria, otherReadiness,
        checklist(r, links), findings, fuzz, others, computeUnits(r), diff.isPresent(),
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
    return r.clusters().stream().map(c -> new ClusterRow(c.name(), c.kind(), c.url(),
        c.genesisHash(), c.error().isPresent() ? "" : Long.toString(c.slot()),
        c.error().isEmpty(), c.error().orElse(""))).toList();
  }

  private static GateView gateView(GateResult gate) {
    List<Reason> reasons = gate.reasons().stream().map(x -> new Reason(x.message(),
        x.gatedResult().map(g -> anchor(g.index())).orElse(""))).toList();
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
          e.cluster().flatMap(c -> kindOf(links, c)).orElse(""),
          e.slot().isPresent() ? Long.toString(e.slot().getAsLong()) : "", address,
          links.address(cluster, address).orElse(""), owner,
          links.address(cluster, owner).orElse(""),
          e.dataLength().isPresent() ? Long.toString(e.dataLength().getAsLong()) : "",
          e.dataSha256().orElse(""), e.genesisHash().orElse(""), e.field(), e.value()));
    }
    String state = "none";
    String reason = "";
    String owner = "";
    String expires = "";
    String source = "";
    switch (g.suppression()) {
      case SuppressionState.Active a -> {
        state = "active";
        reason = a.entry().reason();
        owner = a.entry().owner();
        expires = a.entry().expires().toString();
        source = a.entry().source();
      }
      case SuppressionState.Expired x -> {
        state = "expired";
        reason = x.entry().reason();
        owner = x.entry().owner();
        expires = x.entry().expires().toString();
        source = x.entry().source();
      }
      case SuppressionState.None n -> { }
    }
    return new ResultView(anchor(g.index()), r.checkId(), r.title(), r.outcome().label(),
        r.severity().label(), r.message(), r.subject().orElse(""), r.fingerprint(),
        r.checklist(), r.remediation(), evidence, evidenceLinks(List.of(r), links), reproducer,
        state, reason, owner, expires, source, breaks);
  }

  private static Optional<String> kindOf(ExplorerLinks links, String cluster) {
    return links.kind(cluster);
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
          it.text(), it.status(), ChecklistStatus.satisfied(it.status()), it.checks(),
          it.reason(), evidenceLinks(results, links)));
    }
    List<ChecklistGroup> out = new ArrayList<>();
    groups.forEach((name, items) -> out.add(new ChecklistGroup(name,
        (int) items.stream().filter(ItemView::satisfied).count(), items.size(), items)));
    return out;
  }

  /**
   * Compute units per instruction, from evidence rows of {@value #COMPUTE_UNITS_CHECK} results
   * (the field names the instruction; a {@code compute-units.} prefix is dropped) and from rows of
   * any result whose field is {@code ops.compute-units.<instruction>}. The first integer of the
   * value is the units; "budget N" in the value marks the budget.
   */
  private static List<Bar> computeUnits(ReadinessReport r) {
    List<String> labels = new ArrayList<>();
    List<Long> units = new ArrayList<>();
    List<Long> budgets = new ArrayList<>();
    List<String> css = new ArrayList<>();
    String fieldPrefix = COMPUTE_UNITS_CHECK + ".";
    for (CheckResult res : r.results()) {
      boolean cuCheck = res.checkId().equals(COMPUTE_UNITS_CHECK);
      for (Evidence e : res.evidence()) {
        String label;
        if (e.field().startsWith(fieldPrefix)) {
          label = e.field().substring(fieldPrefix.length());
        } else if (cuCheck && !e.field().startsWith(REPRODUCER_PREFIX)) {
          label = e.field().startsWith("compute-units.")
              ? e.field().substring("compute-units.".length()) : e.field();
        } else {
          continue;
        }
        Matcher m = INTEGER.matcher(e.value());
        if (!m.find()) {
          continue;
        }
        long u = parse(m.group());
        Matcher b = BUDGET.matcher(e.value());
        long budget = b.find() ? parse(b.group(1)) : -1;
        labels.add(label);
        units.add(u);
        budgets.add(budget);
        css.add(budget >= 0 && u > budget ? "over" : "within");
      }
    }
    long top = 1;
    for (int i = 0; i < units.size(); i++) {
      top = Math.max(top, Math.max(units.get(i), budgets.get(i)));
    }
    long max = niceCeiling(top);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      String text = units.get(i) + " CU" + (budgets.get(i) >= 0 ? " / " + budgets.get(i) : "");
      bars.add(new Bar(labels.get(i), units.get(i), max, text, css.get(i), budgets.get(i)));
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

  private static long parse(String digits) {
    String d = digits.replace(",", "").replace("_", "");
    try {
      return Long.parseLong(d);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
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
