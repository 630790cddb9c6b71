/**
 * Instruction fuzzing and wiring checks against a validator. A {@link
 * dev.preflight.core.fuzz.FuzzCampaign} takes valid call templates (from the policy's scenario,
 * or learned from recent transactions by {@link dev.preflight.core.fuzz.TemplateLearner}) and runs
 * two pipelines of generate, execute, judge, shrink and persist:
 *
 * <ul>
 *   <li>single cases ({@link dev.preflight.core.fuzz.CaseGenerator}: boundary-biased arguments,
 *       account mutations), simulated in batches;
 *   <li>stateful sequences ({@link dev.preflight.core.fuzz.StatefulCampaign}), landed step by step
 *       from a saved world by {@link dev.preflight.core.fuzz.SequenceRunner}: calls whose
 *       arguments come from the state, clock moves to the boundaries it stores ({@link
 *       dev.preflight.core.fuzz.Action}), same-type swaps ({@link
 *       dev.preflight.core.fuzz.AccountPool}), re-initialization and pre-funded creation.
 * </ul>
 *
 * <p>Every execution is judged by the single-call {@link dev.preflight.core.fuzz.Oracles} and the
 * {@link dev.preflight.core.fuzz.StepOracle}s (re-initialization, the policy's CEL invariants);
 * findings are shrunk to a minimal reproducer ({@link dev.preflight.core.fuzz.Reproducer}, {@link
 * dev.preflight.core.fuzz.SequenceReproducer}), kept in a corpus keyed by program hash, and turned
 * into {@link dev.preflight.core.check.CheckResult}s: PASS only with evidence (the judged
 * instructions succeeded, per {@link dev.preflight.core.fuzz.InstructionStats}), FAIL with
 * reproducers, INCONCLUSIVE with the reason. {@link dev.preflight.core.fuzz.Fork} copies a deployed
 * program and its state into a local validator first.
 *
 * <p>Scenarios are read by {@link dev.preflight.core.fuzz.Templates} from a {@link
 * dev.preflight.core.fuzz.ScenarioSource} (positions kept, so problems name file, line and
 * column); accounts with IDL seeds may be left out or given by seeds ({@link
 * dev.preflight.core.fuzz.PdaSeeds}). {@link dev.preflight.core.fuzz.ScenarioWriter} writes a
 * starting scenario from the IDL and a world; {@link dev.preflight.core.fuzz.CorpusLocation} says
 * where the corpus lives in the project.
 * <p>A campaign can run as shards ({@link dev.preflight.core.fuzz.FuzzShard}: case and sequence
 * numbers {@code n mod k}); the oracles are judged on a {@link dev.preflight.core.fuzz.CampaignTally}
 * of the evidence, which shards write and a merge adds up, so a merged verdict comes from merged
 * evidence and the same rules as one run.
 * <p>{@link dev.preflight.core.fuzz.CoverageGuide} measures coverage of the program's code during
 * the campaign ({@link dev.preflight.core.fuzz.CoverageOptions}): cases and sequences run untraced,
 * those with a new cheap signal are traced again in the validator's traced instance, and what
 * reached new code is kept beside the corpus and mutated further; the {@code fuzz.coverage}
 * result judges the figures.
 */
package dev.preflight.core.fuzz;
