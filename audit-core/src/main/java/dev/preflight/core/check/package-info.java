/**
 * The check model: a check declares the accounts it needs, then evaluates a snapshot purely (no I/O)
 * into {@link dev.preflight.core.check.CheckResult}s with evidence. Metadata lives beside the logic in
 * {@link dev.preflight.core.check.CheckDefinition}; checks are discovered with {@link
 * java.util.ServiceLoader}, so a jar on the plugin's dependencies adds checks.
 */
package dev.preflight.core.check;
