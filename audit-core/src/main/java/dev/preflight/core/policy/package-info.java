/**
 * The audit policy ({@code preflight.yaml}): the target program, the clusters to read, the
 * governance the program must have, config rules and presets, ops thresholds, evidence files and
 * attestations. {@link dev.preflight.core.policy.PolicyLoader} reads it with locations ({@link
 * dev.preflight.core.policy.LocatedYaml}), validates it against the shipped JSON Schema
 * ({@code preflight-policy.schema.json}) and reports every problem as {@code file:line:column
 * path: what was expected}. Key reference: {@code docs/policy-reference.md}.
 */
package dev.preflight.core.policy;
