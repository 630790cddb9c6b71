package dev.preflight.core.expr;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.idl.IdlValue;
import java.util.Map;

/**
 * An account invariant of the policy, compiled: {@link #check} holds for every account of IDL type
 * {@link #accountType()} in every reached state. Reported under {@link #info()}'s check id.
 */
public final class AccountInvariant {
  private final String id;
  private final String accountType;
  private final String variable;
  private final CompiledExpression expr;
  private final CheckInfo info;
  private final Scopes scopes;

  AccountInvariant(String id, String accountType, String variable, CompiledExpression expr,
                   CheckInfo info, Scopes scopes) {
    this.id = id;
    this.accountType = accountType;
    this.variable = variable;
    this.expr = expr;
    this.info = info;
    this.scopes = scopes;
  }

  /** The id as written in the policy ({@code sale-sold-within-total}). */
  public String id() {
    return id;
  }

  /** The IDL account type it applies to ({@code Sale}). */
  public String accountType() {
    return accountType;
  }

  /** The check this invariant reports as ({@code invariant.<id>}). */
  public CheckInfo info() {
    return info;
  }

  public CompiledExpression expression() {
    return expr;
  }

  /** Evaluates on one decoded account of {@link #accountType()}. */
  public Verdict check(IdlValue decodedAccount, AccountLookup lookup) {
    Map<String, Object> activation = scopes.accountActivation(accountType, variable,
        decodedAccount);
    return expr.evaluate(activation, lookup);
  }

  @Override
  public String toString() {
    return info.id() + " on " + accountType + ": " + expr.text();
  }
}
