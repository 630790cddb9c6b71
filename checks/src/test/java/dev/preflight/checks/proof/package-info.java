/**
 * Proof that every registered check can fail: a table of named fixtures on real bytes (the
 * embedded validator running the escrow, its defect binaries, cheatcode-written state, real
 * files), one row per check id and outcome, checked against the ids the registry declares.
 */
package dev.preflight.checks.proof;
