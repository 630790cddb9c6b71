package dev.preflight.core.coverage;

import java.nio.file.Path;
import software.sava.core.accounts.PublicKey;

/** Coverage in one call, for a directory of traces kept after a run. */
public final class Coverage {
  private Coverage() {}

  /**
   * Coverage of {@code elf}'s code by the traces of {@code program} in {@code traceDir}; the files
   * stay. No trace of the program gives a report with {@code traces == 0}, which the
   * {@code fuzz.coverage} check judges INCONCLUSIVE.
   */
  public static CoverageReport of(Path elf, Path traceDir, PublicKey program) {
    CoverageMap map = new CoverageMap(ProgramText.read(elf), program);
    map.accumulate(traceDir);
    return map.report();
  }
}
