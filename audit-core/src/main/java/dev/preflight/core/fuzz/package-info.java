/**
 * Instruction fuzzing and wiring checks against a validator. A {@link
 * dev.preflight.core.fuzz.FuzzCampaign} takes valid call templates (from the policy's scenario or
 * learned from recent transactions), derives seeded cases from them (boundary-biased arguments,
 * account mutations), simulates them in batches, judges each simulation with the oracles, shrinks
 * what fails to a minimal reproducer, keeps failures in a corpus keyed by program hash, and returns
 * {@link dev.preflight.core.check.CheckResult}s (PASS with cases run and seed, FAIL with
 * reproducers, INCONCLUSIVE when the campaign could not run).
 */
package dev.preflight.core.fuzz;
