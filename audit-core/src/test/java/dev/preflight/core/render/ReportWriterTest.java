package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.ReportDiff;
import dev.preflight.core.gate.Suppression;
import dev.preflight.core.gate.SuppressionOutcome;
import dev.preflight.core.gate.Suppressions;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir
  Path dir;

  /** The sample report with one suppression in force and one expired, gated strictly. */
  static GateResult sampleGate(ReadinessReport report) {
    Suppressions s = Suppressions.of(List.of(
        new Suppression(SampleReports.byId(report, "governance.multisig-threshold").fingerprint(),
            Optional.of("governance.multisig-threshold"),
            "Threshold goes to 2-of-3 at the key ceremony " + SampleReports.IMG,
            "alice@example.com", LocalDate.of(2026, 3, 31), "preflight-suppressions.yaml:3"),
        new Suppression(SampleReports.byId(report, "config.platform-fee-cap").fingerprint(),
            Optional.empty(), "Accepted for launch week", "bob@example.com",
            LocalDate.of(2026, 2, 28), "preflight-suppressions.yaml:8")));
    SuppressionOutcome out = s.apply(report, LocalDate.of(2026, 3, 2));
    return Gate.evaluate(out, GatePolicy.defaults());
  }

  static WrittenReports writeSample(Path outDir) {
    ReadinessReport report = SampleReports.current();
    return ReportWriter.writeAll(report, sampleGate(report),
        Optional.of(ReportDiff.between(SampleReports.previous(), report)), outDir,
        RenderOptions.defaults().withCatalog(SampleReports.catalog()));
  }

  @Test
  void writesEveryFormatIntoOneDirectory() {
    WrittenReports w = writeSample(dir);
    assertEquals(List.of("preflight-report.json", "index.html", "preflight.sarif.json",
            "TEST-preflight.xml", "checklist.md"),
        w.paths().stream().map(p -> p.getFileName().toString()).toList());
    w.paths().forEach(p -> assertTrue(Files.isRegularFile(p) && p.getParent().equals(dir), p
        .toString()));
    // The JSON is the canonical report, readable back.
    assertEquals(SampleReports.current().results().size(),
        ReportJson.read(w.file(ReportFormat.JSON).orElseThrow()).results().size());
  }

  @Test
  void theJsonCarriesTheGateAndEachSuppression() throws IOException {
    WrittenReports w = writeSample(dir);
    com.fasterxml.jackson.databind.JsonNode root = dev.preflight.core.report.Json.read(
        w.file(ReportFormat.JSON).orElseThrow());
    List<String> keys = new java.util.ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertEquals(keys.indexOf("summary") + 1, keys.indexOf("gate"), keys.toString());
    com.fasterxml.jackson.databind.JsonNode gate = root.get("gate");
    assertEquals("fail", gate.get("verdict").asText());
    assertEquals("high", gate.get("failOnSeverity").asText());
    GateResult g = sampleGate(SampleReports.current());
    assertEquals(g.reasons().size(), gate.get("reasons").size());
    assertEquals("cluster-unreachable", gate.get("reasons").get(0).get("kind").asText());
    com.fasterxml.jackson.databind.JsonNode finding = gate.get("reasons").get(1);
    assertEquals("finding", finding.get("kind").asText());
    int index = finding.get("result").asInt();
    assertEquals(finding.get("fingerprint").asText(),
        root.get("results").get(index).get("fingerprint").asText());
    assertEquals(1, gate.get("waived").size());
    com.fasterxml.jackson.databind.JsonNode waived =
        root.get("results").get(gate.get("waived").get(0).get("result").asInt());
    assertEquals("governance.multisig-threshold", waived.get("checkId").asText());
    assertEquals("active", waived.get("suppression").get("state").asText());
    assertEquals("alice@example.com", waived.get("suppression").get("owner").asText());
    assertEquals("2026-03-31", waived.get("suppression").get("expires").asText());
    assertTrue(waived.get("suppression").get("reason").asText().startsWith("Threshold goes"));
    com.fasterxml.jackson.databind.JsonNode expired = root.get("results").get(
        SampleReports.current().results().indexOf(SampleReports.byId(SampleReports.current(),
            "config.platform-fee-cap")));
    assertEquals("expired", expired.get("suppression").get("state").asText());
    long unsuppressed = java.util.stream.StreamSupport.stream(root.get("results").spliterator(),
        false).filter(r -> !r.has("suppression")).count();
    assertEquals(SampleReports.current().results().size() - 2, unsuppressed);
  }

  @Test
  void sameReportGivesByteIdenticalFiles() throws IOException {
    WrittenReports a = writeSample(dir.resolve("a"));
    WrittenReports b = writeSample(dir.resolve("b"));
    for (ReportFormat f : ReportFormat.values()) {
      assertArrayEquals(Files.readAllBytes(a.file(f).orElseThrow()),
          Files.readAllBytes(b.file(f).orElseThrow()), f.fileName());
    }
  }

  @Test
  void writesOnlyTheFormatsAsked() {
    ReadinessReport report = SampleReports.current();
    WrittenReports w = ReportWriter.writeAll(report, sampleGate(report), Optional.empty(), dir,
        RenderOptions.defaults().withFormats(EnumSet.of(ReportFormat.SARIF, ReportFormat.JUNIT)));
    assertEquals(2, w.paths().size());
    assertFalse(Files.exists(dir.resolve("index.html")));
  }

  @Test
  void refusesAGateOfAnotherReport() {
    ReadinessReport report = SampleReports.current();
    GateResult gate = sampleGate(SampleReports.previous());
    assertThrows(IllegalArgumentException.class, () -> ReportWriter.writeAll(report, gate,
        Optional.empty(), dir, RenderOptions.defaults()));
  }

  @Test
  void htmlIsSelfContainedAndEscapesEverything() throws IOException {
    String html = Files.readString(writeSample(dir).file(ReportFormat.HTML).orElseThrow());
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        + "'none'; style-src 'unsafe-inline'; img-src data:;"), "CSP meta tag");
    // No script element, no event handler attribute, no external resource.
    assertFalse(html.toLowerCase().contains("<script"), "a script element");
    assertFalse(Pattern.compile("<[^>]+\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html)
        .find(), "an event handler attribute");
    Matcher src = Pattern.compile("\\s(?:src|href)=\"([^\"]*)\"").matcher(html);
    while (src.find()) {
      String url = src.group(1);
      assertTrue(url.startsWith("#") || url.equals("data:,")
          || url.startsWith("https://explorer.solana.com/address/"), "unexpected URL " + url);
    }
    assertFalse(html.contains("<link rel=\"stylesheet\""));
    assertFalse(html.contains("@import") || html.contains("url("), "CSS must load nothing");
    // The hostile strings show as text.
    assertTrue(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;"));
    assertTrue(html.contains("&lt;img src=&quot;http://attacker.invalid/beacon.png&quot;&gt;"));
  }

  @Test
  void htmlShowsVerdictReadinessEvidenceSuppressionsFuzzAndDiff() throws IOException {
    String html = Files.readString(writeSample(dir).file(ReportFormat.HTML).orElseThrow());
    assertTrue(html.contains("<span class=\"stamp\">FAIL</span>"));
    assertTrue(html.contains("FAIL: 4 findings at or above high, 1 cluster unreachable (1 "
        + "suppressed)"));
    // Explorer links by cluster kind: mainnet plain, devnet with its parameter, localnet custom.
    assertTrue(html.contains("href=\"https://explorer.solana.com/address/"
        + SampleReports.PROGRAM_DATA + "\""));
    assertTrue(html.contains("href=\"https://explorer.solana.com/address/"
        + SampleReports.PROGRAM_DATA + "?cluster=devnet\""));
    assertTrue(html.contains("href=\"https://explorer.solana.com/address/" + SampleReports.CONFIG
        + "?cluster=custom&amp;customUrl=http%3A%2F%2F127.0.0.1%3A8899\""));
    assertTrue(html.contains("<span class=\"badge suppressed\">SUPPRESSED</span>"));
    assertTrue(html.contains("SUPPRESSION EXPIRED"));
    assertTrue(html.contains("<summary>Reproducer (3 lines)</summary>"));
    // The check that failed because the cluster did is listed under the cluster, not again.
    assertTrue(html.contains("\">1 result was inconclusive for that reason: cluster.reachable"
        + "</a></li>"), html);
    // Triage first: the gate, what breaks it, other findings, suppressed ones, then the rest.
    List<Integer> at = java.util.stream.Stream.of("id=\"gate\"", "id=\"breaking\"",
        "id=\"findings\"", "id=\"suppressed\"", "id=\"summary\"", "id=\"readiness\"",
        "id=\"checks\"", "id=\"checklist\"").map(html::indexOf).toList();
    assertTrue(at.stream().allMatch(i -> i > 0), at.toString());
    assertEquals(at.stream().sorted().toList(), at, "sections out of order");
    assertTrue(html.contains("./mvnw preflight:fuzz -Dpreflight.fuzz.seed=0x5eed00c0ffee"));
    assertTrue(html.contains("id=\"diff\""));
    assertTrue(html.contains("2 new, 1 resolved, 1 changed, 4 unchanged findings"));
    assertTrue(html.contains("Readiness by phase"));
    assertTrue(html.contains("Compute units per instruction"));
    assertTrue(html.contains("31200 CU / 30000"));
    assertTrue(html.contains("@media print"));
    for (String phase : List.of("Phase 1: Security &amp; Audit", "Phase 4: Deployment &amp; "
        + "Operations", "Multi-signature implemented", "Mainnet testing successful")) {
      assertTrue(html.contains(phase), phase);
    }
  }

  @Test
  void userTemplateDirectoryOverridesBundledTemplatesByName() throws IOException {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(templates.resolve("style.css"), "body { color: #123456; }\n");
    ReadinessReport report = SampleReports.current();
    String html = ReportWriter.html(sampleGate(report), Optional.empty(),
        RenderOptions.defaults().withTemplateDir(templates));
    assertTrue(html.contains("body { color: #123456; }"));
    assertFalse(html.contains("--navy"), "the bundled stylesheet was replaced");
    assertTrue(html.contains("<span class=\"stamp\">FAIL</span>"), "report.ftlh still bundled");

    Files.writeString(templates.resolve("report.ftlh"),
        "<#ftl output_format=\"HTML\"><h1>${report.project}</h1><p>${report.findings[0].message}"
            + "</p>");
    String custom = ReportWriter.html(sampleGate(report), Optional.empty(),
        RenderOptions.defaults().withTemplateDir(templates));
    assertTrue(custom.startsWith("<h1>token-sale-escrow</h1>"), custom);
  }

  @Test
  void templateErrorsNameTheTemplateAndLine() throws IOException {
    Path templates = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(templates.resolve("report.ftlh"), "<p>\n${report.noSuchField}</p>");
    PreflightException e = assertThrows(PreflightException.class, () -> ReportWriter.html(
        sampleGate(SampleReports.current()), Optional.empty(),
        RenderOptions.defaults().withTemplateDir(templates)));
    assertTrue(e.getMessage().contains("report.ftlh line 2"), e.getMessage());
  }

  @Test
  void bundledTemplatesNeverDisableEscaping() throws IOException {
    for (String name : List.of("report.ftlh", "result.ftlh", "charts.ftlh")) {
      try (InputStream in = getClass().getClassLoader()
          .getResourceAsStream("dev/preflight/templates/" + name)) {
        String t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(t.startsWith("<#ftl output_format=\"HTML\""), name);
        assertFalse(t.contains("?no_esc") || t.contains("noautoesc") || t.contains("?markup_string"),
            name + " turns escaping off");
      }
    }
  }
}
