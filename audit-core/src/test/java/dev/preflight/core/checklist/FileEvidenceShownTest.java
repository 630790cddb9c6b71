package dev.preflight.core.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Evidence paths are the same text in every checkout: relative to the policy's directory. */
class FileEvidenceShownTest {

  @Test
  void aFileBelowThePolicyIsRelative() {
    assertEquals("docs/api.md",
        FileEvidence.shown(Path.of("/a/clone/project/docs/api.md"), Path.of("/a/clone/project")));
  }

  @Test
  void aFileBesideTheProjectIsRelativeToo() {
    String one = FileEvidence.shown(Path.of("/tmp/one/repo/docs/user-guide.md"),
        Path.of("/tmp/one/repo/examples/escrow"));
    String two = FileEvidence.shown(Path.of("/home/x/elsewhere/repo/docs/user-guide.md"),
        Path.of("/home/x/elsewhere/repo/examples/escrow"));
    assertEquals("../../docs/user-guide.md", one);
    assertEquals(one, two);
  }
}
