/**
 * The {@code preflight} Maven plugin: thin mojos ({@code check}, {@code report}, {@code snapshot})
 * that map parameters to an {@link dev.preflight.maven.AuditRun.Request}, run it, and map the
 * outcome to Maven's log and exit. Everything that decides something lives in {@code audit-core};
 * this package only wires it: the embedded validator's life cycle, where files go, the console
 * summary. {@code site-report} is the report goal as a Maven site report: it renders a summary
 * page through the site's Doxia sink and writes the reports beside it.
 *
 * <p>The instruction fuzzer's goal ({@code fuzz}) plugs in at {@link dev.preflight.maven.AuditRun}:
 * its campaigns run against the same validator the audit reads, between the audit and the report
 * writing, and add their results to the report. The {@code scenario} goal ({@link
 * dev.preflight.maven.ScenarioRun}) starts the same world and writes a starting scenario with
 * {@code audit-core}'s {@code ScenarioWriter}; it runs no audit.
 * writing, and add their results to the report. With {@code -Dpreflight.fuzz.shard=i/k} it runs
 * one shard of the campaign and does not gate; {@code merge} merges the shards' output directories
 * into one report and gate.
 */
package dev.preflight.maven;
