package dev.preflight.core.expr;

import dev.preflight.core.check.CheckInfo;
import java.util.Optional;

/**
 * A call invariant of the policy, compiled: {@link #check} holds whenever {@link #instruction()}
 * (every instruction when empty) succeeds. Reported under {@link #info()}'s check id.
 */
public final class CallInvariant {
  private final String id;
  private final Optional<String> instruction;
  private final CompiledExpression expr;
  private final CheckInfo info;
  private final Scopes scopes;

  CallInvariant(String id, Optional<String> instruction, CompiledExpression expr, CheckInfo info,
                Scopes scopes) {
    this.id = id;
    this.instruction = instruction;
    this.expr = expr;
    this.info = info;
    this.scopes = scopes;
  }

  public String id() {
    return id;
  }

  /** The instruction it judges; empty for every instruction. */
  public Optional<String> instruction() {
    return instruction;
  }

  /** Whether a successful call of {@code name} is judged by this invariant. */
  public boolean appliesTo(String name) {
    return instruction.map(name::equals).orElse(true);
  }

  public CheckInfo info() {
    return info;
  }

  public CompiledExpression expression() {
    return expr;
  }

  /**
   * Evaluates on one successful call. A call of another instruction is {@link
   * Verdict.NotEvaluated}.
   */
  public Verdict check(CallContext ctx) {
    if (!appliesTo(ctx.instruction())) {
      return new Verdict.NotEvaluated(info.id() + " judges " + instruction.orElseThrow()
          + ", not " + ctx.instruction());
    }
    return expr.evaluate(scopes.callActivation(ctx), ctx.lookup());
  }

  @Override
  public String toString() {
    return info.id() + instruction.map(i -> " on " + i).orElse("") + ": " + expr.text();
  }
}
