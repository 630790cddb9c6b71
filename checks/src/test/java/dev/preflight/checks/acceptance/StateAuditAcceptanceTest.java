package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.checks.support.RegistryIds;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.cluster.RetryPolicy;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.report.ReportJson;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.core.snapshot.Snapshot;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state-verification acceptance criteria, against the embedded validator running the
 * reference escrow: governed and correct gives PASS everywhere with evidence; each misconfiguration
 * fails its own check; an unreachable or broken endpoint is inconclusive, never a pass; the first
 * audit needs as many account rounds as the dependency chain is deep; and a saved snapshot replays
 * to the same report offline.
 */
class StateAuditAcceptanceTest {
  @TempDir
  Path dir;

  /**
   * Every state check of the registry answers; none fails or is inconclusive on a governed,
   * correct program (but for {@link EscrowWorld#LACKS}), and every one that reads the chain passes
   * with evidence.
   */
  static void assertEveryStateCheckHolds(AuditResult r, Policy policy) {
    Set<String> reading = RegistryIds.readingAccounts(policy);
    for (String id : RegistryIds.registry().stateCheckIds()) {
      List<CheckResult> rs = r.report().results(id);
      assertFalse(rs.isEmpty(), "no result for " + id);
      for (CheckResult c : rs) {
        if (EscrowWorld.LACKS.containsKey(id)) {
          assertEquals(EscrowWorld.LACKS.get(id), c.outcome(), id + ": " + c.message());
        } else if (reading.contains(id)) {
          assertEquals(Outcome.PASS, c.outcome(), id + ": " + c.message());
          assertFalse(c.evidence().isEmpty(), id + " has no evidence");
        } else {
          assertTrue(c.outcome() == Outcome.PASS || c.outcome() == Outcome.NOT_APPLICABLE,
              id + ": " + c.outcome() + " " + c.message());
        }
      }
    }
  }

  private static void print(AuditResult r) {
    for (CheckResult c : r.results()) {
      System.out.printf("%-28s %-14s %s%n", c.checkId(), c.outcome(), c.message());
    }
  }

  @Test
  void governedAndCorrectPassesEveryStateCheckWithEvidence() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      Policy policy = w.policy(dir, "");
      AuditResult r = Audit.of(policy).progress(dev.preflight.core.vocabulary.Progress.console()).run();
      print(r);
      assertEveryStateCheckHolds(r, policy);
      // The chain is in the evidence: program -> ProgramData -> authority -> multisig.
      List<String> fields = r.result("program.upgrade-authority").evidence().stream()
          .map(Evidence::field).toList();
      assertTrue(fields.containsAll(List.of("programdata_address", "upgrade_authority",
          "authority account", "threshold", "time_lock", "vault[0] (derived)")), fields.toString());
      Evidence authority = r.result("program.upgrade-authority").evidence().stream()
          .filter(e -> e.field().equals("upgrade_authority")).findFirst().orElseThrow();
      assertEquals(w.vault.toBase58(), authority.value());
      assertTrue(authority.slot().isPresent() && authority.dataSha256().isPresent()
          && authority.genesisHash().isPresent());

      // Measured quantities travel typed with their text, the budget or limit beside them.
      List<Evidence> cu = r.result("ops.compute-units").evidence();
      assertFalse(cu.isEmpty());
      for (Evidence e : cu) {
        var m = e.measurement().orElseThrow(() -> new AssertionError(e.field() + " untyped"));
        assertEquals(dev.preflight.core.check.Measurement.Unit.COMPUTE_UNITS, m.unit());
        assertTrue(m.value() > 0 && e.value().startsWith(m.value() + " CU"), e.value());
      }
      var rate = r.result("ops.failure-rate").evidence().stream()
          .filter(e -> e.field().equals("failure rate")).findFirst().orElseThrow()
          .measurement().orElseThrow();
      assertEquals(dev.preflight.core.check.Measurement.Unit.PERCENT, rate.unit());
      assertTrue(rate.limit().isPresent() && !rate.overLimit(), rate.toString());
      assertTrue(r.result("ops.fee-cost").evidence().stream().anyMatch(e -> e.measurement()
          .filter(m -> m.unit() == dev.preflight.core.check.Measurement.Unit.LAMPORTS
              && m.limit().isPresent()).isPresent()));

      // Round trips = depth of the chain: program/multisig/config/mints, ProgramData, authority.
      long rounds = r.report().rpc().accountRounds();
      long calls = r.report().rpc().byMethod().getOrDefault("getMultipleAccounts", 0L);
      long accounts = r.snapshot().primary().accounts().size();
      System.out.println("account rounds " + rounds + ", getMultipleAccounts calls " + calls
          + ", accounts read " + accounts + ", all RPC calls " + r.report().rpc().calls()
          + " " + r.report().rpc().byMethod());
      assertEquals(3, rounds);
      assertEquals(3, calls);
      assertTrue(accounts >= 7, "read " + accounts + " accounts");
    }
  }

  @Test
  void singleKeyUpgradeAuthorityFailsWithTheChainAsEvidence() {
    try (EscrowWorld w = new EscrowWorld(new EscrowWorld.Governance(false, 48 * 3600, false))) {
      AuditResult r = Audit.of(w.policy(dir, "")).run();
      CheckResult c = r.result("program.upgrade-authority");
      System.out.println(c.message());
      assertEquals(Outcome.FAIL, c.outcome());
      List<String> fields = c.evidence().stream().map(Evidence::field).toList();
      assertTrue(fields.containsAll(List.of("programdata_address", "upgrade_authority",
          "vault[0] (derived)")), fields.toString());
    }
  }

  @Test
  void feeAboveTheCapFailsTheFeeCap() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      // initialize_config refuses 1500 bps, so the account is rewritten with the cheatcode.
      byte[] config = w.market.data(w.market.config());
      ByteBuffer.wrap(config).order(ByteOrder.LITTLE_ENDIAN).putShort(339, (short) 1500);
      long lamports = w.chain.rpc.getAccountInfo(w.market.config()).join().lamports();
      w.chain.setAccount(w.market.config(), lamports, config,
          dev.preflight.fixtures.escrow.EscrowProgram.PROGRAM_ID, false);
      AuditResult r = Audit.of(w.policy(dir, "")).run();
      CheckResult c = r.result("config.fee-cap");
      System.out.println(c.message());
      assertEquals(Outcome.FAIL, c.outcome());
      assertTrue(c.evidence().stream().anyMatch(e -> e.field().equals("platform_fee_bps")
          && e.value().equals("1500")));
      assertEquals(Outcome.PASS, r.result("config.duration-bounds").outcome());
    }
  }

  @Test
  void zeroTimeLockFailsTheTimelockCheck() {
    try (EscrowWorld w = new EscrowWorld(new EscrowWorld.Governance(true, 0, false))) {
      AuditResult r = Audit.of(w.policy(dir, "")).run();
      assertEquals(Outcome.FAIL, r.outcome("multisig.timelock"), r.result("multisig.timelock")
          .message());
      assertEquals(Outcome.PASS, r.outcome("program.upgrade-authority"));
    }
  }

  @Test
  void aConfigAuthorityFailsTheConfigAuthorityCheck() {
    try (EscrowWorld w = new EscrowWorld(new EscrowWorld.Governance(true, 48 * 3600, true))) {
      AuditResult r = Audit.of(w.policy(dir, "")).run();
      assertEquals(Outcome.FAIL, r.outcome("multisig.config-authority"),
          r.result("multisig.config-authority").message());
    }
  }

  @Test
  void endpointDownOrAnsweringGarbageIsInconclusiveNeverPass() throws Exception {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      Policy policy = w.policy(dir, "");
      RetryPolicy quick = new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofMillis(50),
          Duration.ofMillis(100));
      // Down: a port nobody listens on.
      int closedPort;
      try (var s = new java.net.ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      AuditResult down = Audit.of(policy).retry(quick)
          .url("localnet", URI.create("http://127.0.0.1:" + closedPort)).run();
      assertNoPassAndInconclusive(down, policy);
      assertOneCausePrintedOnce(down, "connection refused");
      // Garbage: answers 200 with HTML.
      var server = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", ex -> {
        byte[] body = "<html>502 Bad Gateway".getBytes();
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
      });
      server.start();
      try {
        AuditResult garbage = Audit.of(policy).retry(quick).url("localnet",
            URI.create("http://127.0.0.1:" + server.getAddress().getPort())).run();
        assertNoPassAndInconclusive(garbage, policy);
        assertOneCausePrintedOnce(garbage, "HTML page");
      } finally {
        server.stop(0);
      }
    }
  }

  /**
   * Every check failed for one reason, the cluster: the build log names the cluster once and the
   * checks behind it in one line with their count, not the cause once per check.
   */
  private static void assertOneCausePrintedOnce(AuditResult r, String cause) {
    var gate = dev.preflight.core.gate.Gate.evaluate(
        dev.preflight.core.gate.SuppressionOutcome.none(r.report()),
        dev.preflight.core.gate.GatePolicy.defaults());
    List<String> lines = dev.preflight.core.gate.GateAdvice.reasons(gate);
    lines.forEach(l -> System.out.println("reason: " + l));
    assertTrue(lines.getFirst().startsWith("cluster localnet could not be read: "), lines.get(0));
    assertTrue(lines.getFirst().contains(cause), lines.getFirst());
    assertTrue(gate.reasons().size() >= 10, "checks behind the cluster: " + gate.reasons().size());
    assertTrue(lines.get(1).matches("  \\d+ results were inconclusive for that reason: .*"),
        lines.get(1));
    assertEquals(1, lines.stream().filter(l -> l.contains(cause)).count(), lines.toString());
    assertTrue(lines.size() <= 4, lines.size() + " lines for one cause: " + lines);
    assertFalse(String.join("\n", lines).contains("connection failed"), lines.toString());
  }

  private static void assertNoPassAndInconclusive(AuditResult r, Policy policy) {
    print(r);
    for (CheckResult c : r.results()) {
      assertNotEquals(Outcome.PASS, c.outcome(), c.checkId() + " passed without evidence");
    }
    CheckResult ua = r.result("program.upgrade-authority");
    assertEquals(Outcome.INCONCLUSIVE, ua.outcome());
    assertTrue(ua.message().contains("getGenesisHash") || ua.message().contains("unreachable")
        || ua.message().contains("failed"), ua.message());
    // every check whose evidence is the chain (derived from the registry: those that ask for
    // accounts) is INCONCLUSIVE, not only the one above
    Set<String> reading = RegistryIds.readingAccounts(policy);
    assertTrue(reading.contains("program.upgrade-authority"), reading.toString());
    for (String id : reading) {
      assertTrue(r.report().results(id).stream().allMatch(c -> c.outcome() == Outcome.INCONCLUSIVE),
          id);
    }
  }

  @Test
  void aSnapshotReplaysOfflineToTheSameReport() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      Policy policy = w.policy(dir, "");
      AuditResult live = Audit.of(policy).run();
      Path file = dir.resolve("snapshot.json");
      SnapshotJson.write(live.snapshot(), file);
      w.close(); // the chain is gone: the re-check must not need it
      Snapshot saved = SnapshotJson.read(file);
      AuditResult offline = Audit.of(policy).offline(saved).run();
      ObjectNode a = ReportJson.toJson(live.report());
      ObjectNode b = ReportJson.toJson(offline.report());
      for (ObjectNode n : List.of(a, b)) {
        n.remove("generatedAt");
        n.remove("rpc");
      }
      assertEquals(a, b);
      assertEquals(live.results().stream().map(CheckResult::fingerprint).collect(Collectors.toList()),
          offline.results().stream().map(CheckResult::fingerprint).collect(Collectors.toList()));
    }
  }
}
