/**
 * Instruction fuzzing and wiring checks against a validator. A {@link
 * dev.preflight.core.fuzz.FuzzCampaign} takes valid call templates (from the policy's scenario,
 * or learned from recent transactions by {@link dev.preflight.core.fuzz.TemplateLearner}),
 * derives seeded cases from them (boundary-biased arguments, account mutations), simulates them in
 * batches, judges each simulation with the {@link dev.preflight.core.fuzz.Oracles}, shrinks what
 * fails to a minimal reproducer, keeps failures in a corpus keyed by program hash, checks the
 * emergency stop wiring, and returns {@link dev.preflight.core.check.CheckResult}s (PASS with cases
 * run and seed, FAIL with reproducers, INCONCLUSIVE when the campaign could not run). {@link
 * dev.preflight.core.fuzz.Fork} copies a deployed program and its state into a local validator;
 * {@link dev.preflight.core.fuzz.StatefulSequence} sends a lifecycle there and checks invariants
 * after every step.
 */
package dev.preflight.core.fuzz;
