package dev.preflight.core.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every RPC call by method, with retries and account-fetch rounds. Thread-safe. */
public final class RpcStats {
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong accountRounds = new AtomicLong();

  void call(String method) {
    calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
  }

  void retry() {
    retries.incrementAndGet();
  }

  void failure() {
    failures.incrementAndGet();
  }

  public void accountRound() {
    accountRounds.incrementAndGet();
  }

  public Snapshot snapshot() {
    Map<String, Long> byMethod = new TreeMap<>();
    calls.forEach((m, n) -> byMethod.put(m, n.get()));
    long total = byMethod.values().stream().mapToLong(Long::longValue).sum();
    return new Snapshot(total, byMethod, retries.get(), failures.get(), accountRounds.get());
  }

  /** Immutable view of the counters. {@code calls} counts HTTP requests, retries included. */
  public record Snapshot(long calls, Map<String, Long> byMethod, long retries, long failures,
                         long accountRounds) {
    public Snapshot {
      // Sorted so that reports list methods in the same order on every run.
      byMethod = java.util.Collections.unmodifiableMap(new TreeMap<>(byMethod));
    }

    public static Snapshot empty() {
      return new Snapshot(0, Map.of(), 0, 0, 0);
    }
  }
}
