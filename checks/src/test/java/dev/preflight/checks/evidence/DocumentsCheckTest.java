package dev.preflight.checks.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.checklist.SeedChecklist;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.checklist.Readiness;
import dev.preflight.core.checklist.ReadinessCalculator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsCheckTest {
  private final DocumentsCheck check = new DocumentsCheck();

  /** A 28-byte placeholder of the kind that used to count as an emergency playbook. */
  static final String PLACEHOLDER = "# Playbook\nTODO: write this\n";

  @Test
  void onePerDocumentEachOnItsOwnItem(@TempDir Path dir) throws IOException {
    EvidenceFixtures.write(dir, "docs/api/index.html", "<html><body>buy_tokens(...)</body></html>");
    EvidenceFixtures.write(dir, "docs/api/empty.css", "");
    EvidenceFixtures.write(dir, "docs/integration.md", "# Integrating the escrow\n");
    EvidenceFixtures.write(dir, "docs/security.md", "  \n\n");
    Files.copy(EvidenceFixtures.repo("examples/escrow-readiness/docs/emergency-playbook.md"),
        Files.createDirectories(dir.resolve("ops")).resolve("playbook.md"));
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, """
        evidence:
          documents:
            api: docs/api
            integration: docs/integration.md
            security: docs/security.md
            playbook: ops/playbook.md
        """));
    assertEquals(5, rs.size());
    assertEquals(List.of(Outcome.MANUAL, Outcome.MANUAL, Outcome.FAIL, Outcome.FAIL, Outcome.PASS),
        rs.stream().map(CheckResult::outcome).toList());
    assertEquals(List.of(List.of("p3.3.api-docs"), List.of("p3.3.integration-guides"),
            List.of("p3.3.security-guide"), List.of("p3.3.troubleshooting"),
            List.of("p3.2.emergency-playbook")),
        rs.stream().map(CheckResult::checklist).toList());
    assertEquals("The API documentation is not substantive enough to count for p3.3.api-docs "
        + "without a person's review: docs/api/ (2 files): 41 bytes (at least 1000 expected); "
        + "expected sections on the instructions, the accounts each instruction takes, the "
        + "errors.", rs.get(0).message());
    assertEquals("docs/api/", rs.get(0).evidence().getFirst().address().orElseThrow());
    assertEquals("The security best practices guide docs/security.md is empty.",
        rs.get(2).message());
    assertEquals("The troubleshooting documentation is not configured: add "
        + "evidence.documents.troubleshooting to preflight.yaml with the path of the document.",
        rs.get(3).message());
    CheckResult playbook = rs.get(4);
    assertEquals("ops/playbook.md", playbook.evidence().getFirst().address().orElseThrow());
    // sha256sum of the playbook's bytes, computed independently.
    assertEquals(sha256(Files.readString(dir.resolve("ops/playbook.md"))),
        playbook.evidence().getFirst().dataSha256().orElseThrow());
    assertTrue(playbook.message().contains("covers the emergency stop, who decides, how to "
        + "resume, communication"), playbook.message());
    // Distinct documents have distinct fingerprints.
    assertEquals(5, rs.stream().map(CheckResult::fingerprint).distinct().count());
  }

  @Test
  void placeholdersStayManualWithTheShortfallAsTheReason(@TempDir Path dir) throws IOException {
    for (String name : List.of("api", "integration", "security", "troubleshooting", "playbook")) {
      EvidenceFixtures.write(dir, "docs/" + name + ".md", PLACEHOLDER);
    }
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, """
        evidence:
          documents: {api: docs/api.md, integration: docs/integration.md,
                      security: docs/security.md, troubleshooting: docs/troubleshooting.md,
                      playbook: docs/playbook.md}
        """));
    assertEquals(List.of(Outcome.MANUAL), rs.stream().map(CheckResult::outcome).distinct().toList());
    CheckResult playbook = rs.get(4);
    assertEquals("The emergency response playbook is not substantive enough to count for "
        + "p3.2.emergency-playbook without a person's review: docs/playbook.md: 28 bytes (at "
        + "least 600 expected); 1 heading (at least 2 expected); expected sections on the "
        + "emergency stop, who decides, how to resume, communication.", playbook.message());

    // In the readiness figures the item stays MANUAL, with the reason, not satisfied.
    Readiness r = ReadinessCalculator.compute(SeedChecklist.load(), rs, List.of());
    Readiness.ItemReadiness item = find(r, "p3.2.emergency-playbook");
    assertEquals(ItemStatus.MANUAL, item.status());
    assertTrue(item.reason().contains("docs/playbook.md: 28 bytes"), item.reason());
  }

  @Test
  void theRepositorysOwnDocumentsAreSubstantive(@TempDir Path dir) throws IOException {
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir, """
        evidence:
          documents:
            api: %s
            integration: %s
            security: %s
            troubleshooting: %s
            playbook: %s
        """.formatted(EvidenceFixtures.repo("fixtures/escrow/idl/escrow.json"),
        EvidenceFixtures.repo("docs/user-guide.md"), EvidenceFixtures.repo("fixtures/escrow/README.md"),
        EvidenceFixtures.repo("docs/troubleshooting.md"),
        EvidenceFixtures.repo("examples/escrow-readiness/docs/emergency-playbook.md")),
        EvidenceFixtures.repo("fixtures/escrow/idl/escrow.json")));
    for (CheckResult r : rs) {
      assertEquals(Outcome.PASS, r.outcome(), r.message());
    }
  }

  @Test
  void apiDocumentationMustNameEveryInstructionOfTheIdl(@TempDir Path dir) throws IOException {
    // Long enough and on topic, but it documents only one of the escrow's instructions.
    EvidenceFixtures.write(dir, "docs/api.md", "# API\n\n## buy_tokens\n\nThe instruction takes "
        + "the buyer's accounts and returns an error when the sale has ended.\n"
        + "x".repeat(1000) + "\n");
    List<CheckResult> rs = check.evaluate(EvidenceFixtures.context(dir,
        "evidence: {documents: {api: docs/api.md}}\n",
        EvidenceFixtures.repo("fixtures/escrow/idl/escrow.json")));
    CheckResult api = rs.getFirst();
    assertEquals(Outcome.MANUAL, api.outcome());
    assertTrue(api.message().contains("does not describe the IDL's instructions initialize_config, "),
        api.message());
    assertTrue(!api.message().contains("buy_tokens"), api.message());
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

  @Test
  void theDocumentRulesAnswerTheItemsTheCheckDeclares() {
    List<String> declared = check.info().checklist();
    List<String> ruled = DocumentsCheck.KINDS.stream().map(DocumentRules.Rule::item).toList();
    assertEquals(declared, ruled, "documents.yaml and @CheckDefinition list the same items");
    var checklist = SeedChecklist.load();
    for (DocumentRules.Rule r : DocumentsCheck.KINDS) {
      assertTrue(checklist.item(r.item()).isPresent(), r.item() + " is not a checklist item");
      assertTrue(r.minBytes() > PLACEHOLDER.length() && !r.topics().isEmpty(),
          r.key() + ": a placeholder must not clear the rule");
    }
  }

  @Test
  void headingsAreCountedInMarkdownAsciiDocAndHtml() {
    assertEquals(2, DocumentContent.headings("# One\ntext\n## Two\n"));
    assertEquals(2, DocumentContent.headings("One\n===\n\nTwo\n---\n"));
    assertEquals(1, DocumentContent.headings("== Section\n"));
    assertEquals(2, DocumentContent.headings("<h1>A</h1><H2 id=x>B</H2>"));
    assertEquals(0, DocumentContent.headings("#hashtag\n- item\n---\n"));
  }

  private static Readiness.ItemReadiness find(Readiness r, String id) {
    return r.phases().stream().flatMap(p -> p.sections().stream())
        .flatMap(s -> s.items().stream()).filter(i -> i.item().id().equals(id)).findFirst()
        .orElseThrow();
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
