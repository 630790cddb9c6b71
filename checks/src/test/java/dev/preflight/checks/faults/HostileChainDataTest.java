package dev.preflight.checks.faults;

import dev.preflight.checks.acceptance.EscrowWorld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.faults.FaultProxy.Rule;
import dev.preflight.checks.support.RegistryIds;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import dev.preflight.core.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.sava.core.accounts.PublicKey;

/**
 * Hostile chain data through the whole audit. Every account the audit of the governed escrow read
 * is, in turn, truncated, padded with junk or given to the wrong owner in a copy of the snapshot,
 * which is then re-checked offline; and the RPC answers themselves are bent (owner not base58, data
 * in the wrong encoding, lamports not a number). No exception escapes, no stack trace reaches a
 * message, a result that changes never becomes a PASS, and the damaged account is named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileChainDataTest {
  @TempDir
  static Path dir;

  EscrowWorld world;
  Policy policy;
  AuditResult baseline;

  @BeforeAll
  void start() throws Exception {
    world = new EscrowWorld(EscrowWorld.Governance.good());
    policy = world.policy(Files.createDirectories(dir.resolve("p")), "");
    baseline = Audit.of(policy).run();
  }

  @AfterAll
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  enum Damage { TRUNCATED_HALF, TRUNCATED_3, OVERSIZED, WRONG_OWNER }

  private static AccountRecord damage(AccountRecord a, Damage d) {
    byte[] data = a.data();
    return switch (d) {
      case TRUNCATED_HALF -> copy(a, Arrays.copyOf(data, data.length / 2), a.owner());
      case TRUNCATED_3 -> copy(a, Arrays.copyOf(data, Math.min(3, data.length)), a.owner());
      case OVERSIZED -> {
        byte[] big = Arrays.copyOf(data, data.length + 10_240);
        Arrays.fill(big, data.length, big.length, (byte) 0xFF);
        yield copy(a, big, a.owner());
      }
      case WRONG_OWNER -> copy(a, data, PublicKey.fromBase58Encoded(
          "11111111111111111111111111111111"));
    };
  }

  private static AccountRecord copy(AccountRecord a, byte[] data, PublicKey owner) {
    return new AccountRecord(a.address(), a.lamports(), owner, a.executable(), a.rentEpoch(),
        data, a.slot());
  }

  Stream<Arguments> damagedAccounts() {
    List<Arguments> out = new ArrayList<>();
    for (Lookup l : baseline.snapshot().primary().accounts().values()) {
      if (l instanceof Lookup.Present p) {
        for (Damage d : Damage.values()) {
          out.add(Arguments.of(p.account().address().toBase58(), d));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("damagedAccounts")
  void aDamagedAccountNeverPassesAndIsNamed(String address, Damage d) {
    Snapshot s = baseline.snapshot();
    ClusterSnapshot c = s.primary();
    Map<PublicKey, Lookup> accounts = new LinkedHashMap<>(c.accounts());
    PublicKey key = PublicKey.fromBase58Encoded(address);
    AccountRecord original = ((Lookup.Present) accounts.get(key)).account();
    accounts.put(key, new Lookup.Present(damage(original, d)));
    Snapshot damaged = new Snapshot(s.toolVersion(), s.takenAt(), List.of(new ClusterSnapshot(
        c.name(), c.url(), c.genesisHash(), c.slot(), accounts, c.transactions(), c.error())));

    AuditResult r = Audit.of(policy).offline(damaged).run();
    List<CheckResult> changed = new ArrayList<>();
    for (int i = 0; i < r.results().size(); i++) {
      CheckResult before = baseline.results().get(i);
      CheckResult after = r.results().get(i);
      assertEquals(before.checkId(), after.checkId());
      if (before.outcome() != after.outcome() || !before.message().equals(after.message())) {
        changed.add(after);
      }
    }
    System.out.println(d + " " + address + " (" + original.owner().toBase58().substring(0, 8)
        + "…, " + original.data().length + " bytes):");
    changed.forEach(x -> System.out.println("   " + x.checkId() + " " + x.outcome() + ": "
        + x.message()));
    FaultInjectionTest.assertNoStackTrace(r, List.of());
    for (CheckResult x : changed) {
      if (x.outcome() == Outcome.PASS) {
        // A re-worded pass is allowed only when the damage did not touch what it checks.
        assertTrue(d == Damage.OVERSIZED, x.checkId() + " passes on " + d + ": " + x.message());
      }
    }
    if (d != Damage.OVERSIZED) {
      assertFalse(changed.isEmpty(), d + " of " + address + " went unnoticed by every check");
      assertTrue(changed.stream().anyMatch(x -> x.outcome() != Outcome.PASS
              && (x.message().contains(address) || x.evidence().stream()
              .anyMatch(e -> e.address().map(address::equals).orElse(false)))),
          "no result names the damaged account " + address);
    }
  }

  static Stream<Arguments> bentAnswers() {
    UnaryOperator<String> owner = s -> s.replaceAll("\"owner\":\"[^\"]*\"",
        "\"owner\":\"not-base58-0OIl!\"");
    UnaryOperator<String> encoding = s -> s.replace("\"base64\"]", "\"base58\"]");
    UnaryOperator<String> badData = s -> s.replaceAll("\"data\":\\[\"[^\"]*\"",
        "\"data\":[\"%%%not base64%%%\"");
    UnaryOperator<String> lamports = s -> s.replaceAll("\"lamports\":\\d+",
        "\"lamports\":\"lots\"");
    UnaryOperator<String> nulls = s -> s.replaceAll("\"value\":\\[.*\\]\\}", "\"value\":7}");
    return Stream.of(Arguments.of("owner not base58", owner),
        Arguments.of("data labelled base58", encoding),
        Arguments.of("data not base64", badData),
        Arguments.of("lamports a string", lamports),
        Arguments.of("value not a list", nulls));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bentAnswers")
  void oddRpcAnswersAreInconclusiveNeverPass(String label, UnaryOperator<String> bend)
      throws Exception {
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(),
        Rule.rewrite(label, bend).only("getMultipleAccounts"))) {
      AuditResult r = Audit.of(policy).retry(FaultInjectionTest.QUICK)
          .url("localnet", proxy.uri()).run();
      CheckResult ua = r.result("program.upgrade-authority");
      System.out.println(label + " -> " + ua.outcome() + ": " + ua.message() + "  calls "
          + proxy.byMethod());
      for (String id : RegistryIds.readingAccounts(policy)) {
        for (CheckResult c : r.report().results(id)) {
          assertNotEquals(Outcome.PASS, c.outcome(), id + " passed on '" + label + "': "
              + c.message());
        }
      }
      assertTrue(ua.message().contains("getMultipleAccounts"), ua.message());
      FaultInjectionTest.assertNoStackTrace(r, List.of());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"jsonrpc\":\"2.0\",\"id\":1}", "null"})
  void emptyAnswersToGetGenesisHashAreInconclusive(String body) throws Exception {
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(),
        Rule.rewrite("answer " + body, s -> body).only("getGenesisHash"))) {
      AuditResult r = Audit.of(policy).retry(FaultInjectionTest.QUICK)
          .url("localnet", proxy.uri()).run();
      CheckResult ua = r.result("program.upgrade-authority");
      System.out.println("'" + body + "' -> " + ua.outcome() + ": " + ua.message());
      assertEquals(Outcome.INCONCLUSIVE, ua.outcome());
      FaultInjectionTest.assertNoStackTrace(r, List.of());
    }
  }
}
