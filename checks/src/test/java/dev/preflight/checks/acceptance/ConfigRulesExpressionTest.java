package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config rules written in CEL and in the older field/op/value form, evaluated by the audit on the
 * escrow's config as the embedded validator holds it: the decoded values of the fields an
 * expression reads are its evidence, an expression that cannot be evaluated is inconclusive, and
 * one that does not compile against the IDL stops the audit as a policy error, located.
 */
class ConfigRulesExpressionTest {
  @TempDir
  Path dir;

  @Test
  void celAndOlderRulesAreJudgedOnTheRealConfig() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      String treasury = w.market.treasury.publicKey().toBase58();
      AuditResult r = Audit.of(w.policy(dir, """
          rules:
            - id: config.payment-mints
              account: { seeds: ["string:config"], type: GlobalConfig }
              expr: payment_mint_count >= 1 && payment_mint_count <= 8
            - id: config.low-fee
              account: { seeds: ["string:config"], type: GlobalConfig }
              field: platform_fee_bps
              op: lte
              value: 100
            - id: config.treasury
              account: { seeds: ["string:config"], type: GlobalConfig }
              as: config
              expr: >-
                config.fee_treasury == "%s"
                && config.payment_mints[0] != config.fee_treasury
            - id: config.treasury-decodes
              account: { seeds: ["string:config"], type: GlobalConfig }
              expr: account(fee_treasury).admin_count > 0
          """.formatted(treasury))).run();

      CheckResult mints = r.result("config.payment-mints");
      assertEquals(Outcome.PASS, mints.outcome(), mints.message());
      assertEquals(List.of("payment_mint_count=1"), fields(mints));

      CheckResult fee = r.result("config.low-fee");
      assertEquals(Outcome.FAIL, fee.outcome(), fee.message());
      String bps = fee.evidence().getFirst().value();
      assertEquals("Not satisfied on GlobalConfig " + w.market.config().toBase58()
          + ": platform_fee_bps <= 100 (platform_fee_bps = " + bps + ").", fee.message());
      assertTrue(Integer.parseInt(bps) > 100);

      CheckResult t = r.result("config.treasury");
      assertEquals(Outcome.PASS, t.outcome(), t.message());
      assertEquals("fee_treasury=" + treasury, fields(t).get(0));
      assertTrue(fields(t).get(1).startsWith("payment_mints=[" + w.market.paymentMint.toBase58()
          + ", 11111111111111111111111111111111"), "an indexed list shows whole");

      CheckResult decodes = r.result("config.treasury-decodes");
      assertEquals(Outcome.INCONCLUSIVE, decodes.outcome(), decodes.message());
      assertTrue(decodes.message().contains("account(" + treasury + ") does not exist or the "
          + "IDL cannot decode it"), decodes.message());


      // the preset's rules keep their ids, outcomes and evidence
      CheckResult cap = r.result("config.fee-cap");
      assertEquals(Outcome.PASS, cap.outcome(), cap.message());
      assertEquals(List.of("platform_fee_bps=" + bps), fields(cap));
      CheckResult admins = r.result("config.admin-set");
      assertEquals(Outcome.PASS, admins.outcome(), admins.message());
      assertEquals(List.of("min_signatures=2", "min_signatures=2"), fields(admins),
          "preset rules show the evidence rows they always did");
    }
  }

  @Test
  void aMistakeInAnExpressionStopsTheAuditAsAPolicyError() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      Policy policy = w.policy(dir, """
          rules:
            - id: config.typo
              account: { seeds: ["string:config"], type: GlobalConfig }
              expr: platform_fee_bsp <= 1000
          """);
      PolicyException e = assertThrows(PolicyException.class, () -> Audit.of(policy).run());
      assertEquals(1, e.problems().size(), e.getMessage());
      SourceProblem p = e.problems().getFirst();
      assertEquals(dir.resolve("preflight.yaml").toString(), p.file());
      assertEquals("rules[0].expr", p.path());
      assertEquals("unknown name 'platform_fee_bsp'; did you mean 'platform_fee_bps'?",
          p.message());
      assertTrue(p.line() > 20 && p.column() == 11, p.render());
    }
  }

  private static List<String> fields(CheckResult c) {
    return c.evidence().stream().map(e -> e.field() + "=" + e.value()).toList();
  }
}
