package dev.preflight.maven;

import org.apache.maven.plugin.MojoFailureException;

/** The goals that gate the build ({@code check}, {@code fuzz}): they fail on a broken gate. */
abstract class GateMojo extends AbstractPreflightMojo {

  @Override
  boolean writesReports() {
    return true;
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
