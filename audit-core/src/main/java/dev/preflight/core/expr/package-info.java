/**
 * The policy's expressions, in CEL (Common Expression Language): config rules, fuzz bounds and
 * invariants compiled against the program's IDL (typed, so a misspelt field is an error with a
 * suggestion) and evaluated on IDL-decoded values. An evaluation that cannot complete is {@link
 * dev.preflight.core.expr.Verdict.NotEvaluated}, never a pass and never a violation.
 */
package dev.preflight.core.expr;
