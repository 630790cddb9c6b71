package dev.preflight.checks.contributing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.acceptance.EscrowWorld;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's worked check, on the escrow deployed to the embedded validator (real bytes). */
// tag::fixture[]
class ProgramOwnerCheckTest {
  @TempDir
  Path dir;

  @Test
  void passesOnAnAllowedLoaderAndFailsWhenThePolicyAllowsAnother() throws Exception {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      CheckRegistry only = CheckRegistry.of(List.of(new ProgramOwnerCheck()));
      AuditResult ok = Audit.of(w.policy(Files.createDirectories(dir.resolve("ok")), ""))
          .checks(only).run();
      assertEquals(Outcome.PASS, ok.outcome(ProgramOwnerCheck.ID));

      AuditResult strict = Audit.of(w.policy(Files.createDirectories(dir.resolve("strict")), """
          checks:
            example.program-owner:
              loaders: [BPFLoader2111111111111111111111111111111111]
          """)).checks(only).run();
      assertEquals(Outcome.FAIL, strict.outcome(ProgramOwnerCheck.ID));
      assertTrue(strict.result(ProgramOwnerCheck.ID).message().contains("BPFLoaderUpgradeab1e"));
    }
  }
}
// end::fixture[]
