package dev.preflight.core.report;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.coverage.CoverageReport;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical result of one audit. Everything a renderer shows is here; renderers compute
 * nothing that changes a verdict. {@code coverage} is the fuzz campaign's coverage of the
 * program's code, when it ran with register traces.
 */
public record ReadinessReport(String toolVersion, Instant generatedAt, Target target,
                              List<ClusterInfo> clusters, List<CheckResult> results,
                              List<ItemStatus> checklist, List<Readiness> readiness,
                              RpcStats.Snapshot rpc, Optional<CoverageReport> coverage) {

  public ReadinessReport {
    coverage = coverage == null ? Optional.empty() : coverage;
    clusters = List.copyOf(clusters);
    results = List.copyOf(results);
    checklist = List.copyOf(checklist);
    readiness = List.copyOf(readiness);
  }

  /** A report without coverage figures (no campaign ran with tracing). */
  public ReadinessReport(String toolVersion, Instant generatedAt, Target target,
                         List<ClusterInfo> clusters, List<CheckResult> results,
                         List<ItemStatus> checklist, List<Readiness> readiness,
                         RpcStats.Snapshot rpc) {
    this(toolVersion, generatedAt, target, clusters, results, checklist, readiness, rpc, Optional.empty());
  }

  /** This report with the campaign's coverage of the program's code. */
  public ReadinessReport withCoverage(CoverageReport c) {
    return new ReadinessReport(toolVersion, generatedAt, target, clusters, results, checklist,
        readiness, rpc, Optional.of(c));
  }

  /** What was audited. */
  public record Target(String project, String programId, boolean mainnet, String policy) {}

  /** A cluster as read: its identity and the slot the evidence was pinned to. */
  public record ClusterInfo(String name, ClusterKind kind, String url, String genesisHash,
                            long slot, Optional<String> error) {}

  /**
   * Which network a cluster of the policy is ({@code clusters[].kind}): it decides the explorer
   * links. {@code label} is the policy's and the report's word for it.
   */
  public enum ClusterKind {
    MAINNET_BETA("mainnet-beta"), DEVNET("devnet"), TESTNET("testnet"), LOCALNET("localnet"),
    CUSTOM("custom");

    private final String label;

    ClusterKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The kind named {@code label}; {@code mainnet} is read as mainnet-beta, as explorers do. */
    public static Optional<ClusterKind> ofLabel(String label) {
      if ("mainnet".equals(label)) {
        return Optional.of(MAINNET_BETA);
      }
      return java.util.Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
      return java.util.Arrays.stream(values()).map(ClusterKind::label).toList();
    }
  }

  /** One checklist item's status, with the results that decided it. */
  public record ItemStatus(String id, String group, String text,
                           dev.preflight.core.vocabulary.ItemStatus status,
                           List<String> checks, String reason) {
    public ItemStatus {
      checks = List.copyOf(checks);
    }
  }

  /** What a readiness figure sums up. */
  public enum Kind {
    PHASE, SECTION, CRITERION, OVERALL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Kind> ofLabel(String label) {
      return java.util.Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
    }

    public static List<String> labels() {
      return java.util.Arrays.stream(values()).map(Kind::label).toList();
    }
  }

  /** Readiness of a phase, section or criterion: satisfied items over all items. */
  public record Readiness(String id, String title, Kind kind, int satisfied, int total) {
    public double percent() {
      return total == 0 ? 0.0 : Math.round(1000.0 * satisfied / total) / 10.0;
    }
  }

  public Optional<CheckResult> result(String checkId) {
    return results.stream().filter(r -> r.checkId().equals(checkId)).findFirst();
  }

  public List<CheckResult> results(String checkId) {
    return results.stream().filter(r -> r.checkId().equals(checkId)).toList();
  }

  public Map<Outcome, Integer> countByOutcome() {
    Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      m.put(o, 0);
    }
    results.forEach(r -> m.merge(r.outcome(), 1, Integer::sum));
    return m;
  }

  public Map<Severity, Integer> failuresBySeverity() {
    Map<Severity, Integer> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, 0);
    }
    results.stream().filter(r -> r.outcome() == Outcome.FAIL)
        .forEach(r -> m.merge(r.severity(), 1, Integer::sum));
    return m;
  }
}
