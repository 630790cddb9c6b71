/**
 * The audit policy ({@code preflight.yaml}): the target program, the clusters to read, the
 * governance the program must have, config rules and presets, ops thresholds, evidence files and
 * attestations. {@link dev.preflight.core.policy.PolicyLoader} reads it with locations ({@link
 * dev.preflight.core.policy.LocatedYaml}), validates it against the shipped JSON Schema
 * ({@code preflight-policy.schema.json}) and reports every problem as {@code file:line:column
 * path: what was expected}. Rules, fuzz bounds and invariants are CEL expressions ({@link
 * dev.preflight.core.policy.Expression}), each character located in the file; older rule and
 * bound forms are translated to CEL on loading, and the loader checks their syntax (names and
 * types are checked against the IDL by {@code dev.preflight.core.expr}). Key reference: {@code
 * docs/policy-reference.md}.
 */
package dev.preflight.core.policy;
