package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus lives in the project; an old one under target/ moves there once. */
class CorpusLocationTest {

  @Test
  void theBuildsOverrideWinsThenThePolicyThenTheProjectDefault(@TempDir Path project) {
    Path policy = project.resolve("audit/preflight.yaml");
    Path legacy = project.resolve("target/preflight/fuzz-corpus");
    assertEquals(project.resolve("src/test/preflight/corpus"),
        CorpusLocation.of(Optional.empty(), Optional.empty(), policy, project, legacy).directory());
    assertEquals(project.resolve("audit/cases"),
        CorpusLocation.of(Optional.empty(), Optional.of("cases"), policy, project, legacy).directory());
    assertEquals(project.resolve("ci/corpus"), CorpusLocation.of(Optional.of(Path.of("ci/corpus")),
        Optional.of("cases"), policy, project, legacy).directory());
  }

  @Test
  void anOldCorpusUnderTargetIsMovedOnceKeepingCasesAlreadyInTheProject(@TempDir Path project)
      throws Exception {
    Path legacy = project.resolve("target/preflight/fuzz-corpus");
    Files.createDirectories(legacy.resolve("abc"));
    Files.writeString(legacy.resolve("abc/fuzz.signer-check-1.json"), "{\"old\":1}");
    Files.writeString(legacy.resolve("abc/fuzz.reinitialization-1.json"), "{\"old\":2}");
    CorpusLocation at = CorpusLocation.of(Optional.empty(), Optional.empty(),
        project.resolve("preflight.yaml"), project, legacy);
    Files.createDirectories(at.directory().resolve("abc"));
    Files.writeString(at.directory().resolve("abc/fuzz.reinitialization-1.json"), "{\"new\":2}");

    CorpusLocation.Migration m = at.migrate().orElseThrow();
    assertEquals(1, m.files());
    assertEquals("{\"old\":1}", Files.readString(at.directory().resolve("abc/fuzz.signer-check-1.json")));
    assertEquals("{\"new\":2}", Files.readString(at.directory().resolve("abc/fuzz.reinitialization-1.json")));
    assertFalse(Files.exists(legacy), "the old corpus is read once");
    assertTrue(at.migrate().isEmpty(), "nothing to move the second time");
  }
}
