package dev.preflight.core.expr;

import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A fuzz bound, compiled: a condition on a call's arguments ({@code args}) that an acceptable call
 * meets. From {@code fuzz.bounds} (written as CEL or translated from {@code arg/min/max}) or
 * derived from a config rule's comparison of a field with a constant, for the arguments of the
 * same name ({@code source} says which).
 */
public final class Bound {
  private final Optional<String> instruction;
  private final CompiledExpression expr;
  private final String source;
  private final Scopes scopes;

  Bound(Optional<String> instruction, CompiledExpression expr, String source, Scopes scopes) {
    this.instruction = instruction;
    this.expr = expr;
    this.source = source;
    this.scopes = scopes;
  }

  /** The instruction it bounds; empty for every instruction whose arguments it can read. */
  public Optional<String> instruction() {
    return instruction;
  }

  /** Where it comes from: {@code fuzz.bounds[0]} or {@code rule config.fee-cap}. */
  public String source() {
    return source;
  }

  public CompiledExpression expression() {
    return expr;
  }

  /** The integer constants of the bound: boundary values for the generator. */
  public List<BigInteger> literals() {
    return expr.literals();
  }

  public boolean appliesTo(String name) {
    return instruction.map(name::equals).orElse(true);
  }

  /**
   * Evaluates on a call's arguments. {@link Verdict.NotEvaluated} when the bound does not apply
   * to {@code instructionName} or reads an argument this call does not have.
   */
  public Verdict check(String instructionName, IdlValue.StructValue args) {
    if (!appliesTo(instructionName)) {
      return new Verdict.NotEvaluated("bound of " + instruction.orElseThrow());
    }
    return expr.evaluate(scopes.argsActivation(instructionName, args), AccountLookup.none());
  }

  /**
   * Whether the arguments are acceptable: everything but a {@link Verdict.Violated}. A bound that
   * cannot read these arguments says nothing against them.
   */
  public boolean accepts(String instructionName, IdlValue.StructValue args) {
    return !(check(instructionName, args) instanceof Verdict.Violated);
  }

  /** {@code args.fee_bps <= 1000 (fuzz.bounds[0])}. */
  public String describe() {
    return instruction.map(i -> i + ": ").orElse("") + expr.text() + " (" + source + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
