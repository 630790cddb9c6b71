/**
 * Running an audit: inputs checked ({@link dev.preflight.core.audit.InputValidation}: every file
 * the policy and the build name, all problems at once, before any cluster is read), policy in,
 * snapshot read, checks evaluated, report out. Also the small progress interface through which
 * the core speaks to its user (the Maven plugin adapts it to Maven's log). {@link
 * dev.preflight.core.audit.ShardMerge} turns the shards of a fuzz campaign (CI matrix jobs) into
 * the snapshot one run would have recorded, re-checked offline for one report and one gate.
 */
package dev.preflight.core.audit;
