package dev.preflight.core.expr;

import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import java.util.LinkedHashMap;
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

  /**
   * The decoded values of the fields the rule reads ({@code payment_mint_count -> 2}), for
   * evidence; a field the account does not have (an absent option) shows as {@code absent}.
   */
  public Map<String, String> values(IdlValue account) {
    Map<String, Object> activation = activation(account);
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : rule.fields()) {
      Optional<Object> v = CompiledExpression.resolve(activation, f);
      out.put(f, v.map(CompiledExpression::show).orElse("absent"));
    }
    return out;
  }

  private Map<String, Object> activation(IdlValue account) {
    return scopes.accountActivation(rule.account().type(), rule.variable(), account);
  }
}
