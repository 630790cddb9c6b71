package dev.preflight.checks.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsCheckTest {
  private final DocumentsCheck check = new DocumentsCheck();

  @Test
  void onePerDocumentEachOnItsOwnItem(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "docs/api/index.html", "<html><body>buy_tokens(...)</body></html>");
    EvidenceFixtures.write(dir, "docs/api/empty.css", "");
    EvidenceFixtures.write(dir, "docs/integration.md", "# Integrating the escrow\n");
    EvidenceFixtures.write(dir, "docs/security.md", "  \n\n");
    EvidenceFixtures.write(dir, "ops/playbook.md", "# Emergency stop\n1. Engage the flag.\n");
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, """
        evidence:
          documents:
            api: docs/api
            integration: docs/integration.md
            security: docs/security.md
            playbook: ops/playbook.md
        """));
    assertEquals(5, rs.size());
    assertEquals(List.of(Outcome.PASS, Outcome.PASS, Outcome.FAIL, Outcome.FAIL, Outcome.PASS),
        rs.stream().map(CheckResult::outcome).toList());
    assertEquals(List.of(List.of("p3.3.api-docs"), List.of("p3.3.integration-guides"),
            List.of("p3.3.security-guide"), List.of("p3.3.troubleshooting"),
            List.of("p3.2.emergency-playbook")),
        rs.stream().map(CheckResult::checklist).toList());
    assertEquals("The API documentation is present: docs/api/ (2 files).", rs.get(0).message());
    assertEquals("docs/api/", rs.get(0).evidence().getFirst().address().orElseThrow());
    assertEquals("The security best practices guide docs/security.md is empty.",
        rs.get(2).message());
    assertEquals("The troubleshooting documentation is not configured: add "
        + "evidence.documents.troubleshooting to preflight.yaml with the path of the document.",
        rs.get(3).message());
    CheckResult playbook = rs.get(4);
    assertEquals("ops/playbook.md", playbook.evidence().getFirst().address().orElseThrow());
    // sha256sum of the playbook's bytes, computed independently.
    assertEquals(sha256("# Emergency stop\n1. Engage the flag.\n"),
        playbook.evidence().getFirst().dataSha256().orElseThrow());
    // Distinct documents have distinct fingerprints.
    assertEquals(5, rs.stream().map(CheckResult::fingerprint).distinct().count());
  }

  @Test
  void missingFilesFailNamingThem(@TempDir Path dir) throws IOException {
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, """
        evidence:
          documents: {api: docs/API.md, integration: docs/i.md, security: docs/s.md,
                      troubleshooting: docs/t.md, playbook: docs/p.md}
        """));
    assertEquals(5, rs.stream().filter(r -> r.outcome() == Outcome.FAIL).count());
    assertEquals("The API documentation is missing: docs/API.md does not exist.",
        rs.getFirst().message());
    Files.createDirectories(dir.resolve("docs/empty-dir"));
    List<CheckResult> emptyDir = check.evaluate(EvidenceFixtures.context(dir,
        "evidence: {documents: {api: docs/empty-dir}}\n"));
    assertEquals("The API documentation directory docs/empty-dir holds no non-empty file.",
        emptyDir.getFirst().message());
  }

  @Test
  void noDocumentsConfiguredIsNotApplicable(@TempDir Path dir) throws IOException {
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, ""));
    assertEquals(1, rs.size());
    assertEquals(Outcome.NOT_APPLICABLE, rs.getFirst().outcome());
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
