package dev.preflight.checks.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCoverageCheckTest {
  private static final String LCOV = """
      TN:
      SF:/work/escrow/src/lib.rs
      FN:10,initialize_sale
      FNDA:4,initialize_sale
      FNF:1
      FNH:1
      DA:10,4
      DA:11,4
      DA:12,0
      LF:3
      LH:2
      end_of_record
      TN:
      SF:/work/escrow/src/math.rs
      DA:1,7
      DA:2,7
      end_of_record
      """;

  /** Istanbul-style Cobertura output: a DOCTYPE naming the DTD on the web, and line counts. */
  private static final String COBERTURA = """
      <?xml version="1.0" ?>
      <!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
      <coverage lines-valid="200" lines-covered="191" line-rate="0.955" branches-valid="40"
                branches-covered="30" branch-rate="0.75" timestamp="1767225600000" complexity="0"
                version="0.1">
        <sources><source>/work/escrow/client</source></sources>
        <packages>
          <package name="src" line-rate="0.955" branch-rate="0.75">
            <classes>
              <class name="sale.ts" filename="src/sale.ts" line-rate="0.955" branch-rate="0.75">
                <methods/>
                <lines>
                  <line number="1" hits="12"/>
                  <line number="2" hits="0"/>
                </lines>
              </class>
            </classes>
          </package>
        </packages>
      </coverage>
      """;

  /** JaCoCo's XML: DOCTYPE with a relative DTD, counters per method, class, package and report. */
  private static String jacoco(String doctypeSystemId) {
    return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC \
        "-//JACOCO//DTD Report 1.1//EN" "%s"><report name="escrow-client">\
        <sessioninfo id="build-7f3a" start="1767225600000" dump="1767225660000"/>\
        <package name="dev/example/escrow"><class name="dev/example/escrow/Sale" \
        sourcefilename="Sale.java"><method name="&lt;init&gt;" desc="()V" line="5">\
        <counter type="INSTRUCTION" missed="0" covered="3"/><counter type="LINE" missed="0" \
        covered="1"/></method><counter type="LINE" missed="1" covered="27"/></class>\
        <sourcefile name="Sale.java"><line nr="5" mi="0" ci="3" mb="0" cb="0"/>\
        <counter type="LINE" missed="1" covered="27"/></sourcefile>\
        <counter type="LINE" missed="1" covered="27"/></package>\
        <package name="dev/example/escrow/math"><counter type="LINE" missed="3" covered="12"/>\
        </package><counter type="INSTRUCTION" missed="20" covered="410"/>\
        <counter type="BRANCH" missed="2" covered="30"/><counter type="LINE" missed="4" \
        covered="39"/><counter type="COMPLEXITY" missed="3" covered="40"/>\
        <counter type="METHOD" missed="1" covered="20"/><counter type="CLASS" missed="0" \
        covered="4"/></report>""".formatted(doctypeSystemId);
  }

  private final TestCoverageCheck check = new TestCoverageCheck();

  private CheckResult run(Path dir, String evidence) throws IOException {
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, evidence));
    assertEquals(1, rs.size());
    return rs.getFirst();
  }

  private static String value(CheckResult r, String field) {
    return r.evidence().stream().filter(e -> e.field().equals(field)).map(Evidence::value)
        .findFirst().orElseThrow(() -> new AssertionError("no evidence " + field));
  }

  @Test
  void lcovSumsRecordsAndFallsBackToDaLines(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "coverage/lcov.info", LCOV);
    CheckResult r = run(dir, "evidence: {coverage: {report: coverage/lcov.info}}\n");
    // lib.rs: LF 3, LH 2; math.rs has no LF/LH, so its two DA lines (both hit) count.
    assertEquals(Outcome.FAIL, r.outcome());
    assertEquals("4/5", value(r, "lines covered/total"));
    assertEquals("80.00 %", value(r, "line coverage"));
    assertEquals("LCOV", value(r, "format"));
    assertEquals("Line coverage 80.00 % (4/5 lines, LCOV, coverage/lcov.info) is below the "
        + "minimum of 95 %.", r.message());
    Evidence first = r.evidence().getFirst();
    assertEquals("coverage/lcov.info", first.address().orElseThrow());
    assertEquals(LCOV.length(), first.dataLength().getAsLong());
    assertEquals(64, first.dataSha256().orElseThrow().length());
    assertEquals(List.of("p2.1.unit-tests", "act.high.1.test-suite"), r.checklist());

    CheckResult lowered = run(dir,
        "evidence: {coverage: {report: coverage/lcov.info, minimum: 80}}\n");
    assertEquals(Outcome.PASS, lowered.outcome(), "80 % of lines meets a minimum of exactly 80");
    assertEquals(r.fingerprint(), lowered.fingerprint(), "the fingerprint ignores the outcome");
  }

  @Test
  void coberturaCountsWinOverTheRoundedRate(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "cobertura.xml", COBERTURA);
    CheckResult r = run(dir, "evidence: {coverage: {report: cobertura.xml}}\n");
    assertEquals(Outcome.PASS, r.outcome());
    assertEquals("191/200", value(r, "lines covered/total"));
    assertEquals("95.50 %", value(r, "line coverage"));
    assertEquals("Cobertura XML", value(r, "format"));
  }

  @Test
  void coberturaRateOnly(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "coverage.xml", """
        <?xml version="1.0" ?>
        <coverage version="7.6.1" timestamp="1767225600000" line-rate="0.9449" branch-rate="0">
        	<!-- Generated by coverage.py -->
        	<sources><source>/work/escrow/scripts</source></sources>
        	<packages/>
        </coverage>
        """);
    CheckResult r = run(dir, "evidence: {coverage: {report: coverage.xml}}\n");
    assertEquals(Outcome.FAIL, r.outcome());
    assertEquals("94.49 %", value(r, "line coverage"));
    assertEquals("n/a (rate only)", value(r, "lines covered/total"));
  }

  @Test
  void jacocoUsesTheReportLevelLineCounter(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "target/site/jacoco/jacoco.xml", jacoco("report.dtd"));
    CheckResult r = run(dir, "evidence: {coverage: {report: target/site/jacoco/jacoco.xml, "
        + "minimum: 90}}\n");
    // Report level: missed 4, covered 39 -> 39/43, not the first (method-level) LINE counter.
    assertEquals("39/43", value(r, "lines covered/total"));
    assertEquals("90.70 %", value(r, "line coverage"));
    assertEquals("JaCoCo XML", value(r, "format"));
    assertEquals(Outcome.PASS, r.outcome());
  }

  @Test
  void theDoctypeIsNeverFetched(@TempDir Path dir) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    try {
      String dtd = "http://127.0.0.1:" + server.getAddress().getPort() + "/report.dtd";
      EvidenceFixtures.write(dir, "jacoco.xml", jacoco(dtd));
      CheckResult r = run(dir, "evidence: {coverage: {report: jacoco.xml}}\n");
      assertEquals("39/43", value(r, "lines covered/total"));
    } finally {
      server.stop(0);
    }
    assertEquals(0, requests.get(), "the parser must not fetch the DTD");
  }

  @Test
  void externalEntitiesAreNotExpanded(@TempDir Path dir) throws IOException {
    Path secret = EvidenceFixtures.write(dir, "secret.txt", "TOP-SECRET-VALUE");
    EvidenceFixtures.write(dir, "evil.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE coverage [<!ENTITY xxe SYSTEM "%s">]>
        <coverage lines-valid="10" lines-covered="10"><sources><source>&xxe;</source></sources>
        </coverage>
        """.formatted(secret.toUri()));
    CheckResult r = run(dir, "evidence: {coverage: {report: evil.xml}}\n");
    // The root element is read before the entity is reached; either way nothing leaks.
    assertFalse(r.message().contains("TOP-SECRET-VALUE"), r.message());
    assertTrue(r.evidence().stream().noneMatch(e -> e.value().contains("TOP-SECRET-VALUE")));

    EvidenceFixtures.write(dir, "evil-attr.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE report [<!ENTITY n SYSTEM "%s">]>
        <report name="&n;"><counter type="LINE" missed="0" covered="1"/></report>
        """.formatted(secret.toUri()));
    CheckResult attr = run(dir, "evidence: {coverage: {report: evil-attr.xml}}\n");
    assertEquals(Outcome.INCONCLUSIVE, attr.outcome());
    assertFalse(attr.message().contains("TOP-SECRET-VALUE"), attr.message());
    assertTrue(attr.message().startsWith("Coverage report evil-attr.xml could not be parsed: "
        + "malformed XML at line 3"), attr.message());
  }

  @Test
  void missingUnparsableAndUnconfigured(@TempDir Path dir) throws IOException {
    CheckResult missing = run(dir, "evidence: {coverage: {report: build/lcov.info}}\n");
    assertEquals(Outcome.INCONCLUSIVE, missing.outcome());
    assertEquals("Coverage report build/lcov.info does not exist; run the tests with coverage "
        + "before the audit, or correct evidence.coverage.report.", missing.message());

    EvidenceFixtures.write(dir, "notes.txt", "coverage is great\n");
    CheckResult prose = run(dir, "evidence: {coverage: {report: notes.txt}}\n");
    assertEquals(Outcome.INCONCLUSIVE, prose.outcome());
    assertTrue(prose.message().startsWith("Coverage report notes.txt could not be parsed: not a "
        + "coverage report"), prose.message());

    EvidenceFixtures.write(dir, "pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>");
    CheckResult pom = run(dir, "evidence: {coverage: {report: pom.xml}}\n");
    assertEquals(Outcome.INCONCLUSIVE, pom.outcome());
    assertTrue(pom.message().contains("XML root element <project> is neither Cobertura's "
        + "<coverage> nor JaCoCo's <report>"), pom.message());

    CheckResult none = run(dir, "");
    assertEquals(Outcome.NOT_APPLICABLE, none.outcome());
    CheckResult docsOnly = run(dir, "evidence: {documents: {api: README.md}}\n");
    assertEquals(Outcome.NOT_APPLICABLE, docsOnly.outcome());
  }
}
