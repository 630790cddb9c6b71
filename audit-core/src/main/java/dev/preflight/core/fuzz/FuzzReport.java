package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.preflight.core.coverage.CoverageReport;

/**
 * A campaign's outcome: one or more results per oracle id, the findings behind the FAILs, the
 * generated JUnit reproducers (class name -> source), run statistics, and the coverage of the
 * program's code when the campaign traced it.
 */
public record FuzzReport(List<CheckResult> results, List<Finding> findings,
                         Map<String, String> reproducers, Stats stats,
                         Optional<CoverageReport> coverage) {
  public FuzzReport {
    results = List.copyOf(results);
    findings = List.copyOf(findings);
    reproducers = Map.copyOf(reproducers);
    coverage = coverage == null ? Optional.empty() : coverage;
  }

  /** A report without coverage figures (the campaign ran without traces). */
  public FuzzReport(List<CheckResult> results, List<Finding> findings, Map<String, String> reproducers,
                    Stats stats) {
    this(results, findings, reproducers, stats, Optional.empty());
  }

  /**
   * @param cases generated cases simulated (shrinking and wiring simulations not included)
   * @param simulations every simulation made
   */
  public record Stats(long seed, long cases, long simulations, long corpusReplayed, Duration elapsed,
                      String programHash, List<Path> reproducerFiles, Duration casesTime,
                      long sequences, long steps, Duration sequencesTime) {
    public Stats {
      reproducerFiles = List.copyOf(reproducerFiles);
    }

    public Stats(long seed, long cases, long simulations, long corpusReplayed, Duration elapsed,
                 String programHash, List<Path> reproducerFiles) {
      this(seed, cases, simulations, corpusReplayed, elapsed, programHash, reproducerFiles, elapsed, 0, 0,
          Duration.ZERO);
    }

    /** Single cases per second over the whole campaign (set-up, sequences and wiring included). */
    public double casesPerSecond() {
      double s = elapsed.toNanos() / 1e9;
      return s <= 0 ? 0 : cases / s;
    }

    /** Single cases per second of the case loop alone. */
    public double caseLoopPerSecond() {
      double s = casesTime.toNanos() / 1e9;
      return s <= 0 ? 0 : cases / s;
    }

    /** Sequence steps per second (reverts, shrinking and controls included). */
    public double stepsPerSecond() {
      double s = sequencesTime.toNanos() / 1e9;
      return s <= 0 ? 0 : steps / s;
    }
  }
}
