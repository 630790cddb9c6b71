package dev.preflight.benchmarks;

import dev.preflight.core.audit.Version;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.SuppressionOutcome;
import dev.preflight.core.render.RenderOptions;
import dev.preflight.core.render.ReportFormat;
import dev.preflight.core.render.ReportWriter;
import dev.preflight.core.render.WrittenReports;
import dev.preflight.core.report.ReadinessReport;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * Renders a report of N findings (default 10,000) into all five formats with {@link ReportWriter}
 * and prints the time per run and the peak heap (sum of the heap pools' peak usage, reset before
 * the measured run). Run with {@code ./mvnw -B -ntp -pl benchmarks exec:exec@render}, which uses
 * {@code -Xmx512m}: finishing at all under that cap is part of the result.
 */
public final class RenderLargeReport {
  /** Runs before measuring: the JIT needs several passes over 10,000 results to settle. */
  private static final int WARM_UP = 5;
  private static final int RUNS = WARM_UP + 5;

  private RenderLargeReport() {}

  static String key(int i) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("bench-" + i).getBytes(StandardCharsets.UTF_8));
      return PublicKey.createPubKey(h).toBase58();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ReadinessReport report(int findings) {
    Severity[] severities = Severity.values();
    Outcome[] outcomes = {Outcome.FAIL, Outcome.FAIL, Outcome.INCONCLUSIVE, Outcome.PASS,
        Outcome.NOT_APPLICABLE};
    List<CheckInfo> infos = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      infos.add(new CheckInfo("bench.check-" + c, "Benchmark check " + c,
          severities[c % severities.length], List.of("1.3." + (c % 5 + 1)),
          "Why check " + c + " matters, in a sentence or two of rationale text.",
          "What to do about check " + c + ", with a command line to run.",
          List.of("https://example.org/check-" + c)));
    }
    String genesis = key(-1);
    List<CheckResult> results = new ArrayList<>(findings);
    for (int i = 0; i < findings; i++) {
      CheckInfo info = infos.get(i % infos.size());
      String address = key(i);
      Outcome o = outcomes[i % outcomes.length];
      String msg = "Account " + address + " field value_" + i + " is " + (i * 7919L % 100000)
          + ", outside the policy bound <" + (i % 1000) + ">.";
      CheckResult.Builder b = info.result(o, msg).subject(address, "value_" + i)
          .genesisHash(genesis);
      for (int e = 0; e < 3; e++) {
        b.evidence(new Evidence(Optional.of("mainnet"), Optional.of(genesis),
            OptionalLong.of(318_000_000L + i), Optional.of(address), Optional.of(key(-2)),
            OptionalLong.of(165 + e), Optional.of(HexFormat.of().formatHex(new byte[32])),
            "field_" + e, "value " + i + "/" + e));
      }
      results.add(b.build());
    }
    return new ReadinessReport(Version.current(), Instant.parse("2026-06-01T12:00:00Z"),
        new ReadinessReport.Target("bench", key(-3), true, "preflight.yaml"),
        List.of(new ReadinessReport.ClusterInfo("mainnet",
            ReadinessReport.ClusterKind.MAINNET_BETA, "https://rpc.example",
            genesis, 318_000_000L, Optional.empty())),
        results, List.of(), List.of(), new RpcStats.Snapshot(12, Map.of("getMultipleAccounts",
            3L), 0, 0, 3));
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long max = Runtime.getRuntime().maxMemory();
    System.out.printf("findings %d, max heap %d MB, %d CPUs, JDK %s%n", n, max >> 20,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    Path out = Files.createTempDirectory("preflight-render");
    // Warm-up runs (template compilation, class loading), then measured runs.
    for (int run = 0; run < RUNS; run++) {
      resetPeaks();
      long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      long gc0 = gcMillis();
      long t0 = System.nanoTime();
      ReadinessReport report = report(n);
      long t1 = System.nanoTime();
      GateResult gate = Gate.evaluate(SuppressionOutcome.none(report),
          GatePolicy.defaultsFor(report));
      WrittenReports files = ReportWriter.writeAll(report, gate, Optional.empty(), out,
          RenderOptions.defaults());
      long t2 = System.nanoTime();
      long bytes = 0;
      StringBuilder sizes = new StringBuilder();
      for (var e : files.files().entrySet()) {
        long s = Files.size(e.getValue());
        bytes += s;
        sizes.append(' ').append(e.getKey()).append('=').append(s >> 10).append("KB");
      }
      System.out.printf("%s run %d: build %.0f ms, gate+render+write %.0f ms, peak heap %d MB "
              + "(%d MB live before), GC %d ms, %d MB written:%s%n", run < WARM_UP ? "warm-up" : "measured",
          run, (t1 - t0) / 1e6, (t2 - t1) / 1e6, peakHeap() >> 20, heapBefore >> 20,
          gcMillis() - gc0, bytes >> 20, sizes);
    }
    // Where the time goes: each format alone, on one report.
    ReadinessReport report = report(n);
    GateResult gate = Gate.evaluate(SuppressionOutcome.none(report),
        GatePolicy.defaultsFor(report));
    StringBuilder per = new StringBuilder("per format:");
    for (ReportFormat f : ReportFormat.values()) {
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        ReportWriter.writeAll(report, gate, Optional.empty(), out,
            RenderOptions.defaults().withFormats(java.util.Set.of(f)));
        best = Math.min(best, System.nanoTime() - t0);
      }
      per.append(' ').append(f).append(' ').append(best / 1_000_000).append(" ms");
    }
    System.out.println(per);
  }
}
