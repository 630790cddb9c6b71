package dev.preflight.benchmarks;

import dev.preflight.core.coverage.CoverageMap;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.ProgramText;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What register tracing costs a campaign on the escrow: the same buy_tokens transactions sent on
 * the embedded validator with tracing off and on, wall time per transaction, bytes and files the
 * SVM writes per transaction, and the time {@link CoverageMap#ingest} takes to read, check and
 * delete them, after every transaction (a coverage-guided campaign) or once at the end (a kept set
 * replayed in a traced validator). Prints a table; run with
 * {@code ./mvnw -B -ntp -pl benchmarks -am package -DskipTests -Dinvoker.skip} then
 * {@code ./mvnw -B -ntp -o -pl benchmarks exec:exec@trace-cost}.
 */
public final class TraceCost {
  private static final int WARMUP = 30;
  private static final int TXS = 300;
  private static final int ROUNDS = 3;

  private TraceCost() {}

  /** Tracing off; on with the traces ingested after every transaction; on, ingested once at the end. */
  enum Mode { OFF, EACH, BATCH }

  /** One round's figures. */
  record Round(Mode mode, double msPerTx, double bytesPerTx, double filesPerTx,
               double ingestMsPerTx, double stepsPerTx, double tracesPerTx, CoverageReport coverage) {}

  public static void main(String[] args) throws Exception {
    Path elf = EscrowProgram.binary(EscrowProgram.Variant.CLEAN);
    ProgramText program = ProgramText.read(elf);
    List<Round> off = new ArrayList<>();
    List<Round> each = new ArrayList<>();
    List<Round> batch = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      off.add(round(elf, program, Mode.OFF));
      each.add(round(elf, program, Mode.EACH));
      batch.add(round(elf, program, Mode.BATCH));
    }
    print("median of " + ROUNDS + " rounds", median(off), median(each), median(batch));
    print("best of " + ROUNDS + " rounds (least contended)", best(off), best(each), best(batch));
    Path load = Path.of("/proc/loadavg");
    if (Files.isReadable(load)) {
      // the figures mean little without the machine's load while they were taken
      System.out.println("load average (1, 5, 15 min): " + Files.readString(load).strip());
    }
  }

  private static void print(String which, Round a, Round b, Round c3) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Tracing cost on the escrow (%d buy_tokens transactions per round, %s)%n",
        TXS, which);
    System.out.printf(Locale.ROOT, "%-36s %12s %14s %14s%n", "", "tracing off", "on, ingest/tx", "on, ingest end");
    System.out.printf(Locale.ROOT, "%-36s %12.2f %14.2f %14.2f%n", "send ms per transaction", a.msPerTx(), b.msPerTx(), c3.msPerTx());
    System.out.printf(Locale.ROOT, "%-36s %12s %14.3f %14.3f%n", "ingest ms per transaction", "-", b.ingestMsPerTx(), c3.ingestMsPerTx());
    System.out.printf(Locale.ROOT, "%-36s %12.0f %14.0f %14.0f%n", "transactions per second (both)", 1000 / a.msPerTx(),
        1000 / (b.msPerTx() + b.ingestMsPerTx()), 1000 / (c3.msPerTx() + c3.ingestMsPerTx()));
    System.out.printf(Locale.ROOT, "%-36s %12s %14.0f %14.0f%n", "trace bytes per transaction", "0", b.bytesPerTx(), c3.bytesPerTx());
    System.out.printf(Locale.ROOT, "%-36s %12s %14.1f %14.1f%n", "trace files per transaction", "0", b.filesPerTx(), c3.filesPerTx());
    System.out.printf(Locale.ROOT, "%-36s %12s %14.1f %14.1f%n", "escrow invocations per transaction", "-", b.tracesPerTx(), c3.tracesPerTx());
    System.out.printf(Locale.ROOT, "%-36s %12s %14.0f %14.0f%n", "escrow instructions per transaction", "-", b.stepsPerTx(), c3.stepsPerTx());
    CoverageReport c = c3.coverage();
    System.out.printf(Locale.ROOT, "coverage of the buys: %d/%d slots (%.1f %%), %d/%d edges (%.1f %%)%n",
        c.reached(), c.slots(), c.percent(), c.edgesReached(), c.edges(), c.edgePercent());
  }

  private static Round best(List<Round> rounds) {
    return rounds.stream().min(Comparator.comparingDouble(r -> r.msPerTx() + r.ingestMsPerTx())).orElseThrow();
  }

  private static Round median(List<Round> rounds) {
    List<Round> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(r -> r.msPerTx() + r.ingestMsPerTx()));
    return sorted.get(sorted.size() / 2);
  }

  private static Round round(Path elf, ProgramText program, Mode mode) throws IOException {
    boolean traced = mode != Mode.OFF;
    Path dir = Files.createTempDirectory("preflight-trace-cost");
    Path traces = dir.resolve("traces");
    EmbeddedValidator.Builder b = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), elf, Optional.empty());
    if (traced) {
      b.traceDirectory(traces);
    }
    CoverageMap map = new CoverageMap(program, EscrowProgram.PROGRAM_ID);
    try (EmbeddedValidator v = b.start()) {
      EscrowMarket m = EscrowMarket.open(new LocalChain(v), EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 1_000_000, 3, 0, 2 * EscrowMarket.DAY, 1_000_000);
      for (int i = 0; i < WARMUP; i++) {
        buy(m, sale);
      }
      map.ingest(traces);
      long bytes = 0;
      long files = 0;
      long ingestNanos = 0;
      long steps = 0;
      long invocations = 0;
      long sendNanos = 0;
      for (int i = 0; i < TXS; i++) {
        long t0 = System.nanoTime();
        buy(m, sale);
        sendNanos += System.nanoTime() - t0;
        if (mode == Mode.EACH) {
          long t1 = System.nanoTime();
          CoverageMap.Ingest in = map.ingest(traces);
          ingestNanos += System.nanoTime() - t1;
          bytes += in.bytes();
          files += in.files() * 4L;
          steps += in.steps();
          invocations += in.traces();
        }
      }
      if (mode == Mode.BATCH) {
        long t1 = System.nanoTime();
        CoverageMap.Ingest in = map.ingest(traces);
        ingestNanos += System.nanoTime() - t1;
        bytes += in.bytes();
        files += in.files() * 4L;
        steps += in.steps();
        invocations += in.traces();
      }
      Round r = new Round(mode, sendNanos / 1e6 / TXS, (double) bytes / TXS, (double) files / TXS,
          ingestNanos / 1e6 / TXS, (double) steps / TXS, (double) invocations / TXS, map.report());
      System.out.printf(Locale.ROOT, "round %-5s: %.2f ms/tx%s%n", mode, r.msPerTx(),
          traced ? String.format(Locale.ROOT, ", %.0f bytes/tx, ingest %.3f ms/tx", r.bytesPerTx(), r.ingestMsPerTx()) : "");
      return r;
    } finally {
      deleteTree(dir);
    }
  }

  private static void buy(EscrowMarket m, EscrowMarket.Sale sale) {
    EscrowMarket.Outcome o = m.buy(sale, 1, 3);
    if (!o.ok()) {
      throw new IllegalStateException("buy failed: " + o.error());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
