package dev.preflight.core.expr;

import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A config rule's expression, compiled against the IDL, evaluated on the decoded account. */
public final class RuleExpression {
  private final Policy.ConfigRule rule;
  private final CompiledExpression expr;
  private final Scopes scopes;

  RuleExpression(Policy.ConfigRule rule, CompiledExpression expr, Scopes scopes) {
    this.rule = rule;
    this.expr = expr;
    this.scopes = scopes;
  }

  public Policy.ConfigRule rule() {
    return rule;
  }

  public CompiledExpression expression() {
    return expr;
  }

  /** Evaluates on the rule's account, decoded as {@code rule.account().type()}. */
  public Verdict check(IdlValue account, AccountLookup lookup) {
    return expr.evaluate(activation(account), lookup);
  }

  /** One evidence row: a field the rule reads and its decoded value as shown. */
  public record FieldValue(String field, String value) {}

  /**
   * The decoded values of the rule's {@link Policy.ConfigRule#fields()} in order ({@code
   * payment_mint_count -> 2}; {@code len(admins)} is the number of elements), for evidence; a
   * field the account does not have (an absent option) shows as {@code absent}.
   */
  public List<FieldValue> values(IdlValue account) {
    Map<String, Object> activation = activation(account);
    List<FieldValue> out = new ArrayList<>();
    for (String f : rule.fields()) {
      String t = f.trim();
      boolean length = t.startsWith("len(") && t.endsWith(")");
      String path = length ? t.substring(4, t.length() - 1).trim() : t;
      Optional<Object> v = resolve(activation, path);
      String shown = v.map(x -> length ? x instanceof List<?> l ? Integer.toString(l.size())
          : x instanceof String str ? Integer.toString(str.length()) : "absent"
          : CompiledExpression.show(x)).orElse("absent");
      out.add(new FieldValue(f, shown));
    }
    return out;
  }

  /** A dotted path with optional indexes ({@code admins[0]}) in the activation. */
  private static Optional<Object> resolve(Map<String, Object> activation, String path) {
    Object v = activation;
    for (String step : path.split("\\.")) {
      String name = step;
      int index = -1;
      int bracket = step.indexOf('[');
      if (bracket > 0 && step.endsWith("]")) {
        name = step.substring(0, bracket);
        try {
          index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
      v = v instanceof Map<?, ?> m ? m.get(name) : null;
      if (index >= 0) {
        v = v instanceof List<?> l && index < l.size() ? l.get(index) : null;
      }
      if (v == null) {
        return Optional.empty();
      }
    }
    return Optional.of(v);
  }

  private Map<String, Object> activation(IdlValue account) {
    return scopes.accountActivation(rule.account().type(), rule.variable(), account);
  }
}
