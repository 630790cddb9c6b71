package dev.preflight.benchmarks;

import dev.preflight.core.coverage.CoverageMap;
import dev.preflight.core.coverage.ProgramText;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.SimulationRequest;
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
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * What register tracing costs the campaign's own path: simulations with {@code sigVerify: false}
 * sent to the embedded validator in JSON-RPC batches, as the fuzzer sends its cases. buy_tokens
 * simulations, each with its own amount, with tracing off and on; simulations per second, trace
 * bytes per simulation, and the time {@link CoverageMap#ingest} takes per simulation once the
 * batch is done. Each case has its own amount because LiteSVM names a trace by a hash of its
 * content: an identical execution rewrites the same files instead of adding new ones.
 * Run like {@link TraceCost} with {@code exec:exec@trace-cost-simulated}.
 */
public final class TraceCostSimulated {
  private static final int WARMUP = 200;
  /** Traced simulations are slow (tens per second): fewer of them keep a round under a minute. */
  private static final int CASES_TRACED = 600;
  private static final int CASES_UNTRACED = 3_000;
  private static final int ROUNDS = 3;

  private TraceCostSimulated() {}

  record Round(boolean traced, double simsPerSecond, double bytesPerSim, double ingestMsPerSim,
               double tracesPerSim, boolean allSucceeded) {}

  public static void main(String[] args) throws Exception {
    Path elf = EscrowProgram.binary(EscrowProgram.Variant.CLEAN);
    ProgramText program = ProgramText.read(elf);
    List<Round> off = new ArrayList<>();
    List<Round> on = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      off.add(round(elf, program, false));
      on.add(round(elf, program, true));
    }
    Round a = median(off);
    Round b = median(on);
    System.out.println();
    System.out.printf(Locale.ROOT, "Tracing cost on simulations (%d untraced, %d traced buy_tokens simulations per round, median of %d rounds)%n",
        CASES_UNTRACED, CASES_TRACED, ROUNDS);
    System.out.printf(Locale.ROOT, "%-40s %12s %12s%n", "", "tracing off", "tracing on");
    System.out.printf(Locale.ROOT, "%-40s %12.0f %12.0f%n", "simulations per second", a.simsPerSecond(), b.simsPerSecond());
    System.out.printf(Locale.ROOT, "%-40s %12s %12.0f%n", "trace bytes per simulation", "0", b.bytesPerSim());
    System.out.printf(Locale.ROOT, "%-40s %12s %12.1f%n", "escrow invocations traced per simulation", "-", b.tracesPerSim());
    System.out.printf(Locale.ROOT, "%-40s %12s %12.3f%n", "ingest ms per simulation", "-", b.ingestMsPerSim());
    System.out.printf(Locale.ROOT, "%-40s %12s %12.0f%n", "simulations per second, ingest included", "-",
        1000 / (1000 / b.simsPerSecond() + b.ingestMsPerSim()));
    Path load = Path.of("/proc/loadavg");
    if (Files.isReadable(load)) {
      System.out.println("load average (1, 5, 15 min): " + Files.readString(load).strip());
    }
  }

  private static Round median(List<Round> rounds) {
    List<Round> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(Round::simsPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  /** A buy of {@code amount} tokens as the fuzzer sends it: unsigned, a zero blockhash. */
  private static SimulationRequest buy(EscrowMarket m, EscrowMarket.Sale sale, long amount) {
    Instruction buy = m.ix.buyTokens(m.buyer.publicKey(), sale.address(), m.buyerPayment, m.buyerTokens,
        m.treasuryTokens, amount, 3);
    Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(m.buyer.publicKey()), List.of(buy));
    tx.setRecentBlockHash(new byte[32]);
    return new SimulationRequest(tx.serialized(), List.of(sale.address()));
  }

  private static Round round(Path elf, ProgramText program, boolean traced) throws IOException {
    Path dir = Files.createTempDirectory("preflight-trace-cost-sim");
    Path traces = dir.resolve("traces");
    EmbeddedValidator.Builder builder = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), elf, Optional.empty());
    if (traced) {
      builder.traceDirectory(traces);
    }
    try (EmbeddedValidator v = builder.start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowMarket m = EscrowMarket.open(new LocalChain(v), EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 1_000_000, 3, 0, 2 * EscrowMarket.DAY, 1_000_000);
      int cases = traced ? CASES_TRACED : CASES_UNTRACED;
      List<SimulationRequest> requests = new ArrayList<>();
      for (int i = 0; i < WARMUP + cases; i++) {
        requests.add(buy(m, sale, 1 + i));
      }
      rpc.simulate(requests.subList(0, WARMUP));
      CoverageMap map = new CoverageMap(program, EscrowProgram.PROGRAM_ID);
      map.ingest(traces);
      long t0 = System.nanoTime();
      List<Simulation> sims = rpc.simulate(requests.subList(WARMUP, WARMUP + cases));
      double seconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      CoverageMap.Ingest in = map.ingest(traces);
      double ingestMs = (System.nanoTime() - t1) / 1e6;
      boolean ok = sims.stream().allMatch(Simulation::success);
      Round r = new Round(traced, cases / seconds, (double) in.bytes() / cases, ingestMs / cases,
          (double) in.traces() / cases, ok);
      System.out.printf(Locale.ROOT, "round tracing %-3s: %.0f simulations/s%s%s%n", traced ? "on" : "off",
          r.simsPerSecond(), traced ? String.format(Locale.ROOT, ", %.0f bytes/sim, ingest %.3f ms/sim",
              r.bytesPerSim(), r.ingestMsPerSim()) : "", ok ? "" : " (some simulations failed)");
      return r;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
