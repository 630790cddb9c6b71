package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.policy.Policy.AccountSelector;
import dev.preflight.core.policy.Policy.ConfigRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The {@code token-sale-escrow} preset: the seed's parameter bounds for a token-sale escrow
 * ("Parameter Bounds Checking": MAX_PLATFORM_FEE 1000 bps, MIN_SALE_DURATION 3600 s,
 * MAX_SALE_DURATION 30 days; emergency stop; circuit breaker; multi-signature admin set) as rules
 * with fixed ids, on the fields the user maps each role to. Each rule is a CEL expression over the
 * mapped fields, located at the role's mapping in the policy file. The preset supplies conditions
 * and parameters only: the ids' titles, severities, checklist items and remediation are declared
 * once, by the check that evaluates them ({@code ConfigRulesCheck} in the checks module).
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

  /**
   * The preset's rules. {@code locate} turns CEL text and the JSON pointer of the role it was
   * written from into a located {@link Expression}.
   */
  static List<ConfigRule> expand(JsonNode p, AccountSelector main,
                                 Map<String, AccountSelector> roleAccounts, long floor,
                                 long ceiling, BiFunction<String, String, Expression> locate) {
    List<ConfigRule> out = new ArrayList<>();
    Rules rules = new Rules(main, roleAccounts, locate);

    // tag::preset[]
    JsonNode fee = p.path("fee");
    long maxBps = fee.path("maxBps").asLong(MAX_FEE_BPS);
    out.add(rules.rule("config.fee-cap", "fee", fee,
        () -> List.of(fee.path("bps").asText()),
        () -> fee.path("bps").asText() + " <= " + maxBps));
    // end::preset[]

    JsonNode duration = p.path("duration");
    out.add(rules.rule("config.duration-bounds", "duration", duration,
        () -> List.of(duration.path("min").asText(), duration.path("max").asText()),
        () -> duration.path("min").asText() + " >= " + floor + " && "
            + duration.path("max").asText() + " <= " + ceiling));

    JsonNode stop = p.path("emergencyStop");
    out.add(rules.rule("config.emergency-stop", "emergencyStop", stop,
        () -> List.of(stop.path("flag").asText(), stop.path("flag").asText()),
        () -> LegacyConditions.condition(stop.path("flag").asText(), "exists", List.of())
            + " && " + stop.path("flag").asText() + " == false"));

    JsonNode breaker = p.path("circuitBreaker");
    out.add(rules.rule("config.circuit-breaker", "circuitBreaker", breaker,
        () -> List.of(breaker.path("limit").asText(), breaker.path("tripped").asText()),
        () -> breaker.path("limit").asText() + " > 0 && " + breaker.path("tripped").asText()
            + " == false"));

    JsonNode admin = p.path("adminSet");
    int minThreshold = admin.path("minThreshold").asInt(MIN_ADMIN_THRESHOLD);
    out.add(rules.rule("config.admin-set", "adminSet", admin,
        () -> List.of(admin.path("threshold").asText(), admin.path("threshold").asText()),
        () -> {
          String threshold = admin.path("threshold").asText();
          String count = admin.has("admins") ? "size(" + admin.path("admins").asText() + ")"
              : admin.path("count").asText();
          return threshold + " >= " + minThreshold + " && " + threshold + " <= " + count;
        }));
    return out;
  }

  /** Builds the preset's rules on the role accounts, located at each role's mapping. */
  private record Rules(AccountSelector main, Map<String, AccountSelector> roleAccounts,
                       BiFunction<String, String, Expression> locate) {

    /**
     * {@code fields} are the left-hand fields of the rule's comparisons, as the rules named them
     * before they were CEL, so that results keep their fingerprints.
     */
    ConfigRule rule(String id, String role, JsonNode mapping, Supplier<List<String>> fields,
                    Supplier<String> expr) {
      AccountSelector account = roleAccounts.getOrDefault(role, main);
      String pointer = "/presets/" + NAME + "/" + role;
      if (!mapping.isObject()) {
        // An unmapped role is the program lacking the feature the seed asks for: the rule fails.
        String missing = "The policy maps no field to the preset role '" + role + "' (presets."
            + NAME + "." + role + "), so the program is taken to have none. Map the role to the "
            + "program's fields, or suppress " + id + " with a reason if it truly does not apply.";
        return new ConfigRule(id, account, locate.apply("false", pointer), Optional.empty(),
            List.of(), Optional.empty(), Optional.of(NAME), Optional.of(missing));
      }
      String text = LegacyConditions.bindAccount(expr.get(), Policy.snakeCase(account.type()));
      return new ConfigRule(id, account, locate.apply(text, pointer), Optional.empty(),
          fields.get(), Optional.empty(), Optional.of(NAME), Optional.empty());
    }
  }

}
