package dev.preflight.core.expr;

/** The outcome of evaluating one expression on one state. */
public sealed interface Verdict permits Verdict.Holds, Verdict.Violated, Verdict.NotEvaluated {

  /** The expression is true. */
  record Holds() implements Verdict {}

  /**
   * The expression is false. {@code detail} shows the values of the names it read, e.g. {@code
   * sale.sold_amount = 1200, sale.total_amount = 1000}.
   */
  record Violated(String detail) implements Verdict {}

  /**
   * The expression could not be evaluated (a field or account that is absent, a division by zero,
   * a value of an unexpected kind): no evidence either way.
   */
  record NotEvaluated(String reason) implements Verdict {}

  Holds HOLDS = new Holds();
}
