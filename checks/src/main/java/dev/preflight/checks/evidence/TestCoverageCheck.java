package dev.preflight.checks.evidence;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.checklist.FileEvidence;
import dev.preflight.core.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Line coverage from the team's coverage report against the policy's minimum (the seed: "Unit
 * tests for all functions (&gt;95% coverage)"). The report is read at audit time and its SHA-256
 * recorded, so the figure can be traced to the exact file.
 */
@CheckDefinition(
    id = "evidence.test-coverage",
    title = "Line coverage meets the minimum",
    severity = Severity.HIGH,
    checklist = {"p2.1.unit-tests", "act.high.1.test-suite"},
    rationale = "Untested code paths in an escrow are where funds get stuck or stolen; the "
        + "roadmap asks for unit tests of all functions with more than 95 % coverage.",
    remediation = "Add tests for the uncovered lines, regenerate the coverage report (LCOV, "
        + "Cobertura or JaCoCo XML) and point evidence.coverage.report at it.",
    references = {"https://github.com/linux-test-project/lcov",
        "https://www.jacoco.org/jacoco/trunk/doc/"})
public final class TestCoverageCheck implements Check {

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    Policy policy = context.policy();
    Optional<Policy.EvidenceFiles> ev = policy.evidence();
    Optional<Path> report = ev.flatMap(Policy.EvidenceFiles::coverageReport);
    if (report.isEmpty()) {
      return List.of(info.notApplicable("No coverage report is configured: set "
              + "evidence.coverage.report in preflight.yaml to an LCOV, Cobertura or JaCoCo XML "
              + "file to have coverage checked.")
          .subject("evidence.coverage.report", "line coverage").build());
    }
    double min = ev.get().minCoverage();
    Path base = EvidenceFilesSupport.baseDir(policy);
    Path file = report.get();
    String shown = FileEvidence.shown(file, base);
    Evidence minimum = Evidence.note("minimum line coverage", LineCoverage.formatPercent(min));
    if (!Files.isRegularFile(file)) {
      return List.of(info.inconclusive("Coverage report " + shown + " does not exist; run the "
              + "tests with coverage before the audit, or correct evidence.coverage.report.")
          .evidence(Evidence.note("evidence.coverage.report", shown)).evidence(minimum)
          .subject(shown, "line coverage").build());
    }
    FileEvidence f;
    LineCoverage cov;
    try {
      f = FileEvidence.read(file, base);
    } catch (IOException e) {
      return List.of(info.inconclusive("Coverage report " + shown + " could not be read: "
          + e.getMessage()).subject(shown, "line coverage").evidence(minimum).build());
    }
    try {
      cov = CoverageReports.read(file);
    } catch (IOException e) {
      return List.of(info.inconclusive("Coverage report " + shown + " could not be read: "
              + e.getMessage()).evidence(f.evidence("format", "unknown")).evidence(minimum)
          .subject(shown, "line coverage").build());
    } catch (CoverageReports.UnreadableReport e) {
      return List.of(info.inconclusive("Coverage report " + shown + " could not be parsed: "
              + e.getMessage() + ". Expected LCOV, Cobertura XML or JaCoCo XML.")
          .evidence(f.evidence("format", "unknown")).evidence(minimum)
          .subject(shown, "line coverage").build());
    }
    List<Evidence> evidence = List.of(
        f.evidence("line coverage", cov.percentText()),
        f.evidence("format", cov.format().label()),
        f.evidence("lines covered/total", cov.linesText()),
        minimum);
    if (cov.total().isPresent() && cov.total().getAsLong() == 0) {
      return List.of(info.inconclusive("Coverage report " + shown + " (" + cov.format().label()
          + ") counts no lines at all; check that the report covers the program's sources.")
          .evidence(evidence).subject(shown, "line coverage").build());
    }
    String figures = cov.percentText() + " (" + cov.linesText() + " lines, "
        + cov.format().label() + ", " + shown + ")";
    if (cov.atLeast(min)) {
      return List.of(info.pass("Line coverage " + figures + " meets the minimum of "
          + LineCoverage.formatPercent(min) + ".").evidence(evidence)
          .subject(shown, "line coverage").build());
    }
    return List.of(info.fail("Line coverage " + figures + " is below the minimum of "
        + LineCoverage.formatPercent(min) + ".").evidence(evidence)
          .subject(shown, "line coverage").build());
  }
}
