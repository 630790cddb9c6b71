package dev.preflight.core.render;

import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.Suppressions;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * A real report: {@code examples/escrow-readiness} run on the defect build
 * {@code escrow-defect-stop-unauthorized.so} (its {@code preflight-report.json}, kept as a test
 * resource). Four critical fuzz findings, a suppressed high finding, inconclusive ops checks and
 * the full seed checklist: what a team hands an auditor. Gated with the example's own
 * suppressions file, as of the report's day.
 */
final class ExampleReport {
  static final String RESOURCE = "escrow-defect-stop-unauthorized.report.json";
  static final Path SUPPRESSIONS = Path.of("..", "examples", "escrow-readiness",
      "suppressions.yaml");

  private ExampleReport() {}

  static ReadinessReport report() {
    try (InputStream in = ExampleReport.class.getResourceAsStream(RESOURCE)) {
      return ReportJson.fromJson(Json.mapper().readTree(in), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GateResult gate() {
    ReadinessReport r = report();
    if (!Files.isRegularFile(SUPPRESSIONS)) {
      throw new IllegalStateException(SUPPRESSIONS.toAbsolutePath() + " is missing");
    }
    return Gate.evaluate(Suppressions.load(SUPPRESSIONS).apply(r,
        r.generatedAt().atZone(ZoneOffset.UTC).toLocalDate()), GatePolicy.defaultsFor(r));
  }
}
