package dev.preflight.checks.faults;

import dev.preflight.checks.acceptance.EscrowWorld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.faults.FaultProxy.Kind;
import dev.preflight.checks.faults.FaultProxy.Rule;
import dev.preflight.checks.support.RegistryIds;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.cluster.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real audit of the governed escrow world, run through a {@link FaultProxy} for each fault.
 * Persistent faults: every call is retried a bounded number of times (counted at the proxy), the
 * checks that needed the failing data are INCONCLUSIVE with a reason that names the RPC method,
 * nothing that depended on it passes, no stack trace reaches a message or the progress log, and
 * the run ends within a bound. Transient faults (once, then healthy) recover to exactly the results
 * of a run without faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {
  static final RetryPolicy QUICK = new RetryPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(50),
      Duration.ofMillis(200));
  static final Duration RUN_BOUND = Duration.ofSeconds(30);
  /** A Java stack frame, or an exception's class name shown to the user. */
  static final Pattern STACK = Pattern.compile(
      "(^|\\n)\\s*at [a-z][\\w$.]*\\(|\\bat dev\\.|\\b[A-Z]\\w*(Exception|Error)\\b|\\n\\t");

  @TempDir
  static Path dir;

  EscrowWorld world;
  /** The checks that read chain accounts: none may pass when the accounts could not be read. */
  Set<String> accountChecks;
  AuditResult baseline;
  Map<String, Integer> baselineCalls;

  @BeforeAll
  void start() throws Exception {
    world = new EscrowWorld(EscrowWorld.Governance.good());
    try (FaultProxy clean = new FaultProxy(world.validator.rpcUri(), Rule.always(Kind.PASS))) {
      baseline = audit(clean, new ArrayList<>());
      baselineCalls = clean.byMethod();
    }
    accountChecks = RegistryIds.readingAccounts(world.policy(dir, ""));
    for (String id : accountChecks) {
      if (EscrowWorld.LACKS.containsKey(id)) {
        continue;
      }
      for (CheckResult c : baseline.report().results(id)) {
        assertEquals(Outcome.PASS, c.outcome(), "baseline " + id + ": " + c.message());
      }
    }
    System.out.println("baseline RPC calls by method: " + baselineCalls);
  }

  @AfterAll
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  private AuditResult audit(FaultProxy proxy, List<String> log) {
    List<String> sink = Collections.synchronizedList(log);
    Progress capture = new Progress() {
      @Override
      public void phase(String name) {
        sink.add(name);
      }

      @Override
      public void info(String message) {
        sink.add(message);
      }

      @Override
      public void warn(String message) {
        sink.add(message);
      }
    };
    return Audit.of(world.policyAt(dir, proxy.uri().toString(), "")).retry(QUICK).progress(capture)
        .run();
  }

  static Stream<Arguments> persistentFaults() {
    return Stream.of(
        Arguments.of(Rule.status(429, Optional.of(1)), "getGenesisHash"),
        Arguments.of(Rule.status(500, Optional.empty()), "getGenesisHash"),
        Arguments.of(Rule.status(502, Optional.empty()).labelled("html page"), "getGenesisHash"),
        Arguments.of(Rule.status(503, Optional.empty()).only("getMultipleAccounts"),
            "getMultipleAccounts"),
        Arguments.of(Rule.always(Kind.MALFORMED_JSON), "getGenesisHash"),
        Arguments.of(Rule.always(Kind.TRUNCATED_JSON).only("getMultipleAccounts"),
            "getMultipleAccounts"),
        Arguments.of(Rule.always(Kind.RESET), "getGenesisHash"),
        Arguments.of(Rule.latency(Duration.ofMillis(1_500)), "getGenesisHash"),
        Arguments.of(Rule.always(Kind.SLOT_AHEAD), "getMultipleAccounts"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("persistentFaults")
  void aPersistentFaultIsBoundedAndInconclusiveNeverPass(Rule rule, String failingMethod)
      throws Exception {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    AuditResult r;
    Map<String, Integer> calls;
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(), rule)) {
      r = audit(proxy, log);
      calls = proxy.byMethod();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf("%-40s %5d ms  calls %s%n", rule, took.toMillis(), calls);

    // Retries are bounded: no method is called more than maxAttempts times its clean count, and
    // the failing one exactly maxAttempts times per logical call.
    for (var e : calls.entrySet()) {
      int clean = baselineCalls.getOrDefault(e.getKey(), 0);
      assertTrue(e.getValue() <= QUICK.maxAttempts() * Math.max(clean, 1),
          e.getKey() + " called " + e.getValue() + " times, clean run " + clean);
    }
    assertEquals(QUICK.maxAttempts(), calls.getOrDefault(failingMethod, 0), calls.toString());
    assertEquals(QUICK.maxAttempts() - 1, r.report().rpc().retries(), "retries counted");

    CheckResult ua = r.result("program.upgrade-authority");
    System.out.println("  -> " + ua.outcome() + ": " + ua.message());
    assertEquals(Outcome.INCONCLUSIVE, ua.outcome(), ua.message());
    assertTrue(ua.message().contains(failingMethod), ua.message());
    for (String id : accountChecks) {
      for (CheckResult c : r.report().results(id)) {
        assertNotEquals(Outcome.PASS, c.outcome(), id + " passed under " + rule + ": "
            + c.message());
      }
    }
    assertNoStackTrace(r, log);
    assertTrue(took.compareTo(RUN_BOUND) < 0, "run took " + took);
  }

  static Stream<Rule> transientFaults() {
    return Stream.of(
        Rule.status(429, Optional.of(1)).times(1),
        Rule.status(500, Optional.empty()).times(1),
        Rule.status(503, Optional.empty()).only("getMultipleAccounts").times(1),
        Rule.always(Kind.RESET).times(1),
        Rule.always(Kind.MALFORMED_JSON).only("getSlot").times(1),
        Rule.always(Kind.TRUNCATED_JSON).only("getMultipleAccounts").times(1),
        Rule.latency(Duration.ofMillis(300)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientFaults")
  void aTransientFaultRecoversToTheSameResults(Rule rule) throws Exception {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    AuditResult r;
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(), rule)) {
      r = audit(proxy, log);
      System.out.printf("%-40s %5d ms  calls %s%n", rule,
          Duration.ofNanos(System.nanoTime() - t0).toMillis(), proxy.byMethod());
    }
    assertEquals(summary(baseline), summary(r));
    assertTrue(r.report().rpc().retries() <= 1, "retries " + r.report().rpc().retries());
    assertNoStackTrace(r, log);
  }

  @org.junit.jupiter.api.Test
  void retryAfterIsHonouredUpToTheBackoffCap() throws Exception {
    RetryPolicy patient = new RetryPolicy(Duration.ofSeconds(2), 3, Duration.ofMillis(10),
        Duration.ofSeconds(3));
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(),
        Rule.status(429, Optional.of(1)).times(1))) {
      long t0 = System.nanoTime();
      AuditResult r = Audit.of(world.policyAt(dir, proxy.uri().toString(), "")).retry(patient).run();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      System.out.println("one 429 with Retry-After 1: " + took.toMillis() + " ms, calls "
          + proxy.byMethod());
      assertEquals(summary(baseline), summary(r));
      assertTrue(took.toMillis() >= 1_000, "Retry-After: 1 was not waited for: " + took);
    }
  }

  private static List<String> summary(AuditResult r) {
    return r.results().stream().map(c -> c.checkId() + " " + c.outcome() + " " + c.severity()
        + " " + c.fingerprint() + " " + c.message()).toList();
  }

  static void assertNoStackTrace(AuditResult r, List<String> log) {
    List<String> texts = new ArrayList<>(log);
    r.results().forEach(c -> texts.add(c.message()));
    r.report().clusters().forEach(c -> c.error().ifPresent(texts::add));
    for (String t : texts) {
      assertFalse(STACK.matcher(t).find(), "stack trace or bare exception reached the user: " + t);
      assertFalse(t.contains("\tat "), t);
    }
  }
}
