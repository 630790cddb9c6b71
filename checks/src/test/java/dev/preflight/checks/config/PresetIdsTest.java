package dev.preflight.checks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The token-sale-escrow preset supplies conditions only; its ids are those {@link
 * ConfigRulesCheck} declares, one each, so neither side keeps a list of the other's.
 */
class PresetIdsTest {

  @Test
  void thePresetExpandsToExactlyTheIdsTheCheckDeclares() {
    Policy policy = new PolicyLoader().parse("""
        project: demo
        clusters:
          - name: devnet
            url: https://api.devnet.solana.com
        program:
          id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf
        presets:
          token-sale-escrow:
            account: { seeds: ["string:config"], type: GlobalConfig }
            fee: { bps: platform_fee_bps }
            duration: { min: min_sale_duration, max: max_sale_duration }
            emergencyStop: { flag: emergency_stop }
            circuitBreaker: { limit: max_daily_volume, tripped: is_tripped }
            adminSet: { count: admin_count, threshold: min_signatures }
        """, Path.of("preflight.yaml"));
    assertEquals(new ConfigRulesCheck().definitions().stream().map(CheckInfo::id).sorted()
            .toList(),
        policy.rules().stream().map(Policy.ConfigRule::id).sorted().toList());
  }
}
