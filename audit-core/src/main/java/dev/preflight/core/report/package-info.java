/**
 * The report model: one canonical JSON document per audit ({@code preflight-report.json}); HTML,
 * SARIF, JUnit XML and Markdown are views of it. Also the JSON form of snapshots.
 */
package dev.preflight.core.report;
