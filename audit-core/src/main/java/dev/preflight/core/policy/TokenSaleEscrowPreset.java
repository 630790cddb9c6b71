package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.check.Severity;
import dev.preflight.core.policy.Policy.AccountSelector;
import dev.preflight.core.policy.Policy.Condition;
import dev.preflight.core.policy.Policy.ConfigRule;
import dev.preflight.core.policy.Policy.FieldRef;
import dev.preflight.core.policy.Policy.Literal;
import dev.preflight.core.policy.Policy.Op;
import dev.preflight.core.policy.Policy.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code token-sale-escrow} preset: the seed's parameter bounds for a token-sale escrow
 * ("Parameter Bounds Checking": MAX_PLATFORM_FEE 1000 bps, MIN_SALE_DURATION 3600 s,
 * MAX_SALE_DURATION 30 days; emergency stop; circuit breaker; multi-signature admin set) as rules
 * with fixed ids, on the fields the user maps each role to.
 */
final class TokenSaleEscrowPreset {
  static final String NAME = "token-sale-escrow";
  static final List<String> ROLES =
      List.of("fee", "duration", "emergencyStop", "circuitBreaker", "adminSet");
  /** The seed's MAX_PLATFORM_FEE: 1000 bps = 10 %. */
  static final long MAX_FEE_BPS = 1_000;
  /** The seed's MIN_SALE_DURATION: 1 hour. */
  static final long MIN_DURATION = 3_600;
  /** The seed's MAX_SALE_DURATION: 30 days. */
  static final long MAX_DURATION = 30L * 24 * 3_600;
  static final int MIN_ADMIN_THRESHOLD = 2;

  private TokenSaleEscrowPreset() {}

  static List<ConfigRule> expand(JsonNode p, AccountSelector main,
                                 Map<String, AccountSelector> roleAccounts, long floor,
                                 long ceiling) {
    List<ConfigRule> out = new ArrayList<>();

    JsonNode fee = p.path("fee");
    long maxBps = fee.path("maxBps").asLong(MAX_FEE_BPS);
    out.add(rule("config.fee-cap", "Platform fee is at most " + maxBps + " bps ("
            + percent(maxBps) + ")", "fee", fee, main, roleAccounts, Severity.HIGH,
        List.of("act.medium.2.max-fee", "sec.critical.2.parameter-bounds"),
        "Enforce a maximum platform fee in the program (the seed's MAX_PLATFORM_FEE = 1000 bps) "
            + "and lower the configured fee to at most " + maxBps + " bps.",
        () -> List.of(cond(fee.path("bps").asText(), Op.LTE, lit(maxBps)))));

    JsonNode duration = p.path("duration");
    out.add(rule("config.duration-bounds", "Sale duration limits are within "
            + Durations.format(floor) + " .. " + Durations.format(ceiling), "duration", duration,
        main, roleAccounts, Severity.MEDIUM,
        List.of("act.medium.2.duration-limits", "sec.critical.2.parameter-bounds"),
        "Configure the minimum sale duration to at least " + Durations.format(floor)
            + " and the maximum to at most " + Durations.format(ceiling)
            + " (the seed's MIN_SALE_DURATION and MAX_SALE_DURATION).",
        () -> List.of(cond(duration.path("min").asText(), Op.GTE, lit(floor)),
            cond(duration.path("max").asText(), Op.LTE, lit(ceiling)))));

    JsonNode stop = p.path("emergencyStop");
    out.add(rule("config.emergency-stop", "Emergency stop exists and is not engaged",
        "emergencyStop", stop, main, roleAccounts, Severity.HIGH,
        List.of("p1.3.emergency-stop", "act.high.3.emergency-stop"),
        "Add a global emergency-stop flag checked by every state-changing instruction; if it is "
            + "engaged, find out why before releasing.",
        () -> List.of(new Condition(stop.path("flag").asText(), Op.EXISTS, List.of()),
            cond(stop.path("flag").asText(), Op.EQ, new Literal("false")))));

    JsonNode breaker = p.path("circuitBreaker");
    out.add(rule("config.circuit-breaker", "Circuit breaker has a limit and is not tripped",
        "circuitBreaker", breaker, main, roleAccounts, Severity.MEDIUM,
        List.of("sec.critical.3.circuit-breaker", "p4.2.rate-limiting"),
        "Set a non-zero volume limit on the circuit breaker and reset it if it is tripped.",
        () -> List.of(cond(breaker.path("limit").asText(), Op.GT, lit(0)),
            cond(breaker.path("tripped").asText(), Op.EQ, new Literal("false")))));

    JsonNode admin = p.path("adminSet");
    int minThreshold = admin.path("minThreshold").asInt(MIN_ADMIN_THRESHOLD);
    out.add(rule("config.admin-set", "Admin actions need at least " + minThreshold
            + " signatures, and no more than there are admins", "adminSet", admin, main,
        roleAccounts, Severity.HIGH, List.of("p1.3.multisig-admin", "act.high.2.multisig-admin"),
        "Require at least " + minThreshold + " admin signatures, and keep the threshold at or "
            + "below the number of admins so that the admin set can act.",
        () -> {
          String threshold = admin.path("threshold").asText();
          Operand count = admin.has("admins")
              ? new FieldRef("len(" + admin.path("admins").asText() + ")")
              : new FieldRef(admin.path("count").asText());
          return List.of(cond(threshold, Op.GTE, lit(minThreshold)),
              new Condition(threshold, Op.LTE, List.of(count)));
        }));
    return out;
  }

  private static ConfigRule rule(String id, String title, String role, JsonNode mapping,
                                 AccountSelector main, Map<String, AccountSelector> roleAccounts,
                                 Severity severity, List<String> checklist, String remediation,
                                 java.util.function.Supplier<List<Condition>> conditions) {
    AccountSelector account = roleAccounts.getOrDefault(role, main);
    if (!mapping.isObject()) {
      // An unmapped role is the program lacking the feature the seed asks for: the rule fails.
      String missing = "The policy maps no field to the preset role '" + role + "' (presets."
          + NAME + "." + role + "), so the program is taken to have none. Map the role to the "
          + "program's fields, or suppress " + id + " with a reason if it truly does not apply.";
      return new ConfigRule(id, title, account, List.of(), severity, checklist,
          Optional.of(remediation), Optional.of(NAME), Optional.of(missing));
    }
    return new ConfigRule(id, title, account, conditions.get(), severity, checklist,
        Optional.of(remediation), Optional.of(NAME), Optional.empty());
  }

  private static Condition cond(String field, Op op, Operand value) {
    return new Condition(field, op, List.of(value));
  }

  private static Literal lit(long v) {
    return new Literal(Long.toString(v));
  }

  private static String percent(long bps) {
    return java.math.BigDecimal.valueOf(bps, 2).stripTrailingZeros().toPlainString() + " %";
  }
}
