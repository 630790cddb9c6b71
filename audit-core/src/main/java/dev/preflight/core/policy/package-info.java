/**
 * The audit policy ({@code preflight.yaml}): the target program, the clusters to read, the
 * governance the program must have, config rules and presets, ops thresholds, evidence files and
 * attestations. Loaded with Jackson and validated against the JSON Schema the project ships.
 */
package dev.preflight.core.policy;
