package dev.preflight.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.fuzz.FuzzSettings;
import dev.preflight.core.policy.Policy;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fuzz settings keep reading bounds as before now that rules are CEL: a rule's comparison of
 * a field with a constant still bounds arguments of that name, and every constant of every
 * expression is a boundary value. The compiled {@link Invariants#bounds()} hold the same bounds
 * as CEL, the derived ones per instruction.
 */
class FuzzSettingsBoundsTest {
  private static final String YAML = """
      rules:
        - id: config.fee-cap
          account: { seeds: ["string:config"], type: GlobalConfig }
          field: platform_fee_bps
          op: lte
          value: 1000
        - id: config.durations
          account: { seeds: ["string:config"], type: GlobalConfig }
          expr: min_sale_duration >= 3600 && 2592000 >= max_sale_duration
      fuzz:
        bounds:
          - { instruction: propose_update, arg: update.fee_bps, max: 1000 }
          - { instruction: initialize_sale, arg: end_time - start_time, min: 3600, max: 2592000 }
          - { instruction: buy_tokens, expr: "args.amount <= 77777" }
      """;

  @Test
  void everyConstantOfTheRulesAndBoundsIsABoundaryValue() {
    Policy policy = ExprFixtures.policy(YAML);
    FuzzSettings s = FuzzSettings.from(policy);
    assertTrue(s.boundaryValues().containsAll(List.of(BigInteger.valueOf(1000),
        BigInteger.valueOf(3600), BigInteger.valueOf(2_592_000), BigInteger.valueOf(77_777))));
  }

  @Test
  void theCompiledBoundsAreCelPerInstruction() {
    Invariants inv = Invariants.compile(ExprFixtures.policy(YAML), ExprFixtures.IDL);
    List<String> described = inv.bounds().stream().map(Bound::describe).toList();
    assertEquals(List.of(
        "propose_update: args.update.fee_bps <= 1000 (fuzz.bounds[0])",
        "initialize_sale: (args.end_time - args.start_time) >= 3600 "
            + "&& (args.end_time - args.start_time) <= 2592000 (fuzz.bounds[1])",
        "buy_tokens: args.amount <= 77777 (fuzz.bounds[2])",
        "initialize_config: args.platform_fee_bps <= 1000 (rule config.fee-cap)",
        "initialize_config: args.min_sale_duration >= 3600 (rule config.durations)",
        "initialize_config: args.max_sale_duration <= 2592000 (rule config.durations)"),
        described);
  }
}
