package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two audits at once in one JVM, as parallel mojo executions run them (the mojos are declared
 * thread-safe): each against its own embedded validator world, one governed and one with a
 * single-key upgrade authority. Each must come out with its own world's verdict and evidence,
 * every round, and sava's log stays muted throughout (it used to be toggled per run, which raced).
 */
class ConcurrentAuditsTest {
  static final int ROUNDS = 4;

  @TempDir
  Path dir;

  @Test
  void twoAuditsAtOnceEachSeeTheirOwnWorld() throws Exception {
    try (EscrowWorld governed = new EscrowWorld(EscrowWorld.Governance.good());
         EscrowWorld singleKey = new EscrowWorld(new EscrowWorld.Governance(false, 48 * 3600,
             false));
         ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Policy good = governed.policy(Files.createDirectories(dir.resolve("good")), "");
      Policy bad = singleKey.policy(Files.createDirectories(dir.resolve("bad")), "");
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<AuditResult>> goods = new ArrayList<>();
      List<Future<AuditResult>> bads = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        goods.add(pool.submit(() -> {
          together.await();
          return Audit.of(good).run();
        }));
        bads.add(pool.submit(() -> {
          together.await();
          return Audit.of(bad).run();
        }));
      }
      for (int i = 0; i < ROUNDS; i++) {
        CheckResult g = goods.get(i).get().result("program.upgrade-authority");
        CheckResult b = bads.get(i).get().result("program.upgrade-authority");
        assertEquals(Outcome.PASS, g.outcome(), "round " + i + ": " + g.message());
        assertEquals(Outcome.FAIL, b.outcome(), "round " + i + ": " + b.message());
        assertEquals(governed.vault.toBase58(), authority(g), "round " + i);
        assertNotEquals(singleKey.vault.toBase58(), authority(b), "round " + i);
      }
      assertEquals(Level.OFF, Logger.getLogger("software.sava").getLevel(),
          "sava's log is muted once and stays muted");
    }
  }

  private static String authority(CheckResult r) {
    return r.evidence().stream().filter(e -> e.field().equals("upgrade_authority")).findFirst()
        .orElseThrow(() -> new AssertionError("no upgrade_authority evidence: " + r.evidence()))
        .value();
  }
}
