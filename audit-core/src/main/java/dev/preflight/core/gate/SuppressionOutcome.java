package dev.preflight.core.gate;

import dev.preflight.core.report.ReadinessReport;
import java.time.LocalDate;
import java.util.List;

/**
 * The suppression decision for one report, made once: every result (in report order) with its
 * state, and the warnings about the suppressions file. Renderers and the gate read this value and
 * never re-apply suppressions themselves.
 */
public record SuppressionOutcome(ReadinessReport report, LocalDate asOf, List<GatedResult> results,
                                 List<SuppressionWarning> warnings) {

  public SuppressionOutcome {
    results = List.copyOf(results);
    warnings = List.copyOf(warnings);
    if (results.size() != report.results().size()) {
      throw new IllegalArgumentException("one state per result is needed: " + results.size()
          + " states for " + report.results().size() + " results");
    }
  }

  /** No suppressions file: every result unsuppressed. */
  public static SuppressionOutcome none(ReadinessReport report) {
    return Suppressions.empty().apply(report, report.generatedAt().atZone(
        java.time.ZoneOffset.UTC).toLocalDate());
  }

  /** The state of {@code report.results().get(index)}. */
  public GatedResult result(int index) {
    return results.get(index);
  }

  public List<GatedResult> suppressed() {
    return results.stream().filter(GatedResult::suppressed).toList();
  }
}
