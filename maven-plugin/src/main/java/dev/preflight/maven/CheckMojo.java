package dev.preflight.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * The gate: runs the audit, writes every report to {@code target/preflight/}, and fails the build
 * when a finding at or above {@code failOnSeverity} is not suppressed.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractPreflightMojo {

  @Override
  boolean writesReports() {
    return true;
  }

  @Override
  String goal() {
    return "check";
  }

  @Override
  void conclude(AuditRun.Result result) throws MojoFailureException {
    logSummary(result);
    if (!result.gate().passed()) {
      StringBuilder b = new StringBuilder("Preflight gate ").append(result.gate().summary());
      dev.preflight.core.gate.GateAdvice.reasons(result.gate()).forEach(r -> b.append(
          System.lineSeparator()).append("  ").append(r));
      b.append(System.lineSeparator()).append("See ").append(result.written()
          .map(w -> w.directory().resolve("index.html").toString()).orElse("the reports"))
          .append(" and the next steps above.");
      throw new MojoFailureException(b.toString());
    }
  }
}
