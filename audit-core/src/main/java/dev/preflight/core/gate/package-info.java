/**
 * The gate: which findings break the build, which are waived, and what changed since last time.
 *
 * <p>Three values, each computed once from a {@link dev.preflight.core.report.ReadinessReport} and
 * shared by every renderer and by the build verdict, so the HTML page, SARIF, JUnit XML, the
 * Markdown checklist and the console can never disagree:
 *
 * <ul>
 *   <li>{@link dev.preflight.core.gate.SuppressionOutcome}: the report's results with their
 *       suppression state, and the warnings about the suppressions file (expired, unused, mismatched
 *       entries). Made by {@link dev.preflight.core.gate.Suppressions#apply}.
 *   <li>{@link dev.preflight.core.gate.GateResult}: PASS or FAIL and the reasons. Made by {@link
 *       dev.preflight.core.gate.Gate#evaluate}.
 *   <li>{@link dev.preflight.core.gate.ReportDiff}: new, resolved and changed findings against a
 *       previous {@code preflight-report.json}, keyed by fingerprint.
 * </ul>
 *
 * <p>Two views of the gate live here too: {@link dev.preflight.core.gate.GateJson} writes it into
 * {@code preflight-report.json} (verdict, reasons, each result's suppression), and {@link
 * dev.preflight.core.gate.GateAdvice} turns it into build-log lines: reasons with a shared cause
 * grouped, and per reason the next step that fits it (a ready-to-paste suppressions entry for a
 * failed finding; fixing the input for an inconclusive one).
 *
 * <h2>Suppressions file</h2>
 *
 * YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}), one top-level object:
 *
 * <pre>{@code
 * version: 1                      # optional; 1 is the only version
 * suppressions:
 *   - fingerprint: "3f2a9c0e5b7d41a6c8e0f2b4d6a8c0e1"   # 32 hex digits, from the report
 *     checkId: program.upgrade-authority                # optional; must match the finding
 *     reason: "Upgrade authority moves to the Squads vault in ticket OPS-112"
 *     owner: alice@example.com
 *     expires: 2026-06-30                               # ISO date; last day it applies
 * }</pre>
 *
 * <p>Every field but {@code checkId} is required; unknown fields and duplicate fingerprints are
 * errors, reported with the file, line and field. Quote fingerprints made only of digits, or YAML
 * reads them as numbers. A suppression applies to a FAIL or INCONCLUSIVE result with the same
 * fingerprint (and the same check id when {@code checkId} is given) on or before its {@code expires}
 * date. The result stays in every report, marked suppressed with its reason, owner and expiry; it
 * no longer breaks the gate. An expired entry suppresses nothing and is warned about; so is an entry
 * that matches no finding (unused) and one whose {@code checkId} disagrees with the finding.
 */
package dev.preflight.core.gate;
