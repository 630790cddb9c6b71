package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.gate.GateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Parses the JUnit XML with a plain DOM parser and checks what surefire-report and CI read. */
class JUnitXmlWriterTest {
  @TempDir
  Path dir;

  private Document parse() throws Exception {
    Path xml = ReportWriterTest.writeSample(dir).file(ReportFormat.JUNIT).orElseThrow();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(xml.toFile());
  }

  @Test
  void suiteCountsMatchTheTestcases() throws Exception {
    Element suite = parse().getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("preflight.token-sale-escrow", suite.getAttribute("name"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals(SampleReports.current().results().size(), cases.getLength());
    assertEquals(Integer.toString(cases.getLength()), suite.getAttribute("tests"));
    // FAIL: upgrade, fee (expired suppression), fuzz, security.txt; the threshold is suppressed.
    assertEquals("4", suite.getAttribute("failures"));
    assertEquals(4, suite.getElementsByTagName("failure").getLength());
    // INCONCLUSIVE: failure rate, unreachable cluster.
    assertEquals("2", suite.getAttribute("errors"));
    assertEquals(2, suite.getElementsByTagName("error").getLength());
    // NOT_APPLICABLE, MANUAL and the suppressed threshold.
    assertEquals("3", suite.getAttribute("skipped"));
    assertEquals(3, suite.getElementsByTagName("skipped").getLength());
    assertEquals("0", suite.getAttribute("time"));
  }

  @Test
  void testcasesAreNamedByCheckAndSubject() throws Exception {
    NodeList cases = parse().getElementsByTagName("testcase");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      names.add(c.getAttribute("classname") + "|" + c.getAttribute("name"));
      assertTrue(c.hasAttribute("time"));
    }
    assertEquals("program|program.upgrade-authority [" + SampleReports.PROGRAM_DATA + "]",
        names.getFirst());
    assertTrue(names.contains("fuzz|fuzz.buy-tokens [" + SampleReports.CONFIG + "]"), names
        .toString());
    Element first = (Element) cases.item(0);
    Element failure = (Element) first.getElementsByTagName("failure").item(0);
    assertEquals("fail.high", failure.getAttribute("type"));
    assertTrue(failure.getAttribute("message").startsWith("The upgrade authority is a single key"));
    assertTrue(failure.getTextContent().contains("upgradeAuthority = " + SampleReports.DEPLOYER));
    assertTrue(failure.getTextContent().contains("remediation: Transfer the upgrade authority"));
  }

  @Test
  void hostileStringsSurviveAsText() throws Exception {
    Document doc = parse();
    NodeList failures = doc.getElementsByTagName("failure");
    Element sec = null;
    for (int i = 0; i < failures.getLength(); i++) {
      Element f = (Element) failures.item(i);
      if (f.getAttribute("message").startsWith("security.txt")) {
        sec = f;
      }
    }
    assertTrue(sec.getAttribute("message").contains(SampleReports.SCRIPT));
    assertTrue(sec.getAttribute("message").contains(SampleReports.IMG));
    // NUL and BEL cannot be carried by XML 1.0: replaced, the rest kept.
    assertTrue(sec.getTextContent().contains(SampleReports.IMG + "\uFFFD\uFFFD line\nbreak"),
        sec.getTextContent());
    Element suppressed = (Element) doc.getElementsByTagName("skipped").item(0);
    assertTrue(((Element) suppressed.getParentNode()).getAttribute("name")
        .startsWith("governance.multisig-threshold"));
    assertTrue(suppressed.getAttribute("message").startsWith(
        "suppressed by alice@example.com until 2026-03-31: Threshold goes to 2-of-3"));
  }

  @Test
  void everyFindingOfARealReportHasItsOwnName() {
    GateResult gate = ExampleReport.gate();
    List<String> names = JUnitXmlWriter.names(gate.suppressions().results());
    assertEquals(names.size(), new java.util.HashSet<>(names).size(), names.toString());
    List<String> unauthorized = names.stream()
        .filter(n -> n.startsWith("fuzz.unauthorized-success [")).toList();
    // Four findings of one oracle on one program and instruction: told apart by fingerprint.
    assertEquals(4, unauthorized.size(), unauthorized.toString());
    assertEquals(4, unauthorized.stream().filter(n -> n.contains(" set_emergency_stop #"))
        .count(), unauthorized.toString());
  }
}
