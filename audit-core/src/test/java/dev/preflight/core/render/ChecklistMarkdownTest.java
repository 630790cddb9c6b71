package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecklistMarkdownTest {
  @TempDir
  Path dir;

  private String markdown() throws IOException {
    return Files.readString(ReportWriterTest.writeSample(dir).file(ReportFormat.CHECKLIST)
        .orElseThrow());
  }

  @Test
  void itemsAreTaskBoxesWithIdsStatusesAndExplorerLinks() throws IOException {
    String md = markdown();
    assertTrue(md.startsWith("# Auditor checklist: token\\-sale\\-escrow\n")
        || md.startsWith("# Auditor checklist: token-sale-escrow\n"), md);
    assertTrue(md.contains("- [x] **1.3.4** Implement emergency stop mechanisms: satisfied\n"));
    assertTrue(md.contains("- [ ] **1.3.1** Implement multi\\-signature for admin functions: "
        + "failed") || md.contains("- [ ] **1.3.1** Implement multi-signature for admin "
        + "functions: failed"), md);
    assertTrue(md.contains("- [x] **1.1.4** Obtain security audit report: satisfied\n"));
    assertTrue(md.contains("## 1.3 Access Control Hardening (1/2)\n"));
    assertTrue(md.contains("[" + SampleReports.PROGRAM_DATA + " \\(mainnet\\)](https://explorer"
        + ".solana.com/address/" + SampleReports.PROGRAM_DATA + ")"), md);
    assertTrue(md.contains("](https://explorer.solana.com/address/" + SampleReports.CONFIG
        + "?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899)"));
    assertTrue(md.contains("| phase\\-1 | Phase 1: Security \\& Audit | phase | 4 | 12 | 33.3% |")
        || md.contains("| phase-1 | Phase 1: Security \\& Audit | phase | 4 | 12 | 33.3% |"), md);
    assertTrue(md.contains("- [x] **criteria.audit** Security audit completed: 1/1 met\n"));
    assertTrue(md.contains("- [ ] **criteria.multisig** Multi-signature implemented: 0/2 not met"),
        md);
    assertTrue(md.contains("- Gate: **FAIL**"));
    assertTrue(md.contains("## Suppressed findings"));
  }

  @Test
  void onChainStringsCannotInjectMarkdownOrHtml() throws IOException {
    String md = markdown();
    // Every '<' from the report is backslash-escaped, so no HTML tag can open.
    assertFalse(java.util.regex.Pattern.compile("(?<!\\\\)<").matcher(md).find(), "raw '<'");
    assertTrue(md.contains("\\<img src=x onerror=\"document.title='pwned'\"\\>"), md);
    assertTrue(md.contains("Security best practices guide \\<script\\>document.title='pwned';"
        + "alert\\(1\\)\\</script\\>"), md);
    assertEquals("a\\|b \\*c\\* \\[d\\]\\(e\\) \\`f\\` \\<g\\> line", ChecklistMarkdown.esc(
        "a|b *c* [d](e) `f` <g>\nline"));
  }
}
