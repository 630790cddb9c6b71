package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A campaign's outcome: one or more results per oracle id, the findings behind the FAILs, the
 * generated JUnit reproducers (class name -> source) and run statistics.
 */
public record FuzzReport(List<CheckResult> results, List<Finding> findings,
                         Map<String, String> reproducers, Stats stats) {
  public FuzzReport {
    results = List.copyOf(results);
    findings = List.copyOf(findings);
    reproducers = Map.copyOf(reproducers);
  }

  /**
   * @param cases generated cases simulated (shrinking and wiring simulations not included)
   * @param simulations every simulation made
   */
  public record Stats(long seed, long cases, long simulations, long corpusReplayed, Duration elapsed,
                      String programHash, List<Path> reproducerFiles) {
    public Stats {
      reproducerFiles = List.copyOf(reproducerFiles);
    }

    public double casesPerSecond() {
      double s = elapsed.toNanos() / 1e9;
      return s <= 0 ? 0 : cases / s;
    }
  }
}
