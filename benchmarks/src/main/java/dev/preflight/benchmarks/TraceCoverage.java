package dev.preflight.benchmarks;

import dev.preflight.core.coverage.Coverage;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.Gap;
import java.nio.file.Path;
import java.util.Locale;
import software.sava.core.accounts.PublicKey;

/**
 * Prints the coverage of a directory of register traces kept from any run (for instance the
 * escrow's Node smoke tests run with {@code SBF_TRACE_DIR}), to compare a campaign against it.
 * Arguments: the program's {@code .so}, the trace directory, the program id. The traces stay.
 */
public final class TraceCoverage {
  private TraceCoverage() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: TraceCoverage <program.so> <trace dir> <program id>");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    CoverageReport r = Coverage.of(Path.of(args[0]), Path.of(args[1]), PublicKey.fromBase58Encoded(args[2]));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(Locale.ROOT, "%d invocations, %d instructions executed, %d traces of another build%n",
        r.traces(), r.steps(), r.rejectedTraces());
    System.out.printf(Locale.ROOT, "slots        %d / %d (%.1f %%)%n", r.reached(), r.slots(), r.percent());
    System.out.printf(Locale.ROOT, "distinct pcs %d / %d instructions%n", r.instructionsReached(), r.instructions());
    System.out.printf(Locale.ROOT, "edges        %d / %d (%.1f %%)%n", r.edgesReached(), r.edges(), r.edgePercent());
    System.out.printf(Locale.ROOT, "never-reached runs: %d; largest:%n", r.unreached().size());
    r.gaps().stream().sorted((a, b) -> Integer.compare(b.slots().size(), a.slots().size())).limit(5)
        .forEach((Gap g) -> System.out.printf(Locale.ROOT, "  0x%x-0x%x  %4d slots  %s%n", g.startAddress(),
            g.endAddress(), g.slots().size(), g.symbol()));
    System.out.printf(Locale.ROOT, "read in %d ms%n", ms);
  }
}
