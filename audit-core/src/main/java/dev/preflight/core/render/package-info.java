/**
 * The report views: {@code preflight-report.json} (canonical), {@code index.html} (the auditor's
 * handoff page, from FreeMarker templates in the {@code preflight-report-templates} jar), SARIF
 * 2.1.0, JUnit XML in surefire's format, and the Markdown checklist. {@link
 * dev.preflight.core.render.ReportWriter#writeAll} writes them all into one directory.
 *
 * <p>Every view reads the same {@link dev.preflight.core.report.ReadinessReport} and the same
 * {@link dev.preflight.core.gate.GateResult} (which carries the suppression decision), so none of
 * them decides anything on its own: they differ only in presentation. Output is deterministic: the
 * same inputs give byte-identical files.
 *
 * <p>The HTML page is one self-contained file: inline CSS and SVG, no script, no external font,
 * image or request, a Content-Security-Policy that forbids scripts, and every string from the report
 * escaped by FreeMarker's HTML auto-escaping. Explorer links are plain hrefs. A template directory
 * given in {@link dev.preflight.core.render.RenderOptions} overrides the bundled templates file by
 * file; the data model they receive is {@link dev.preflight.core.render.ReportModel}.
 *
 * <p>The page is built for triage: the gate, then what breaks it (fuzz findings included, worst
 * first by severity and outcome), the other findings, the suppressed ones in their own section,
 * and only then the summary, readiness, coverage and the rest, the passing and manual checks as
 * one table. Evidence and reproducers are folded ({@code <details>}); the {@code @media print}
 * rules keep the auditor's copy of a real report to about ten A4 pages (HtmlInBrowserTest prints
 * the example's report and counts them).
 */
package dev.preflight.core.render;
