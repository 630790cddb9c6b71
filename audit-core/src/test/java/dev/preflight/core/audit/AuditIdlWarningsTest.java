package dev.preflight.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.ChecklistEvaluator;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.core.vocabulary.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the IDL loader accepted with a warning (a type defined twice) reaches the user through Progress. */
class AuditIdlWarningsTest {

  @TempDir
  Path tmp;

  @Test
  void theIdlsWarningsArePrintedOnce() throws Exception {
    try (var in = getClass().getResourceAsStream("/idl/switchboard_v2.json")) {
      Files.write(tmp.resolve("switchboard_v2.json"), in.readAllBytes());
    }
    Path policyFile = tmp.resolve("preflight.yaml");
    Files.writeString(policyFile, """
        project: warnings
        clusters:
          - name: local
            url: http://127.0.0.1:9
        program:
          id: 4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3
          idl: switchboard_v2.json
        """);
    Policy policy = new PolicyLoader().load(policyFile);
    List<String> warnings = new ArrayList<>();
    Audit.of(policy)
        .offline(new Snapshot("test", Instant.parse("2026-01-01T00:00:00Z"), List.of()))
        .checks(CheckRegistry.of(List.of()))
        .checklist(ChecklistEvaluator.none())
        .progress(new Progress() {
          @Override
          public void phase(String name) {}

          @Override
          public void info(String message) {}

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        })
        .run();
    assertEquals(List.of(
        "IDL switchboard_v2.json at types[81]: type 'Shuffle' is defined again (first at types[80]) differently; "
            + "the first definition is used, as Anchor's TypeScript client does",
        "IDL switchboard_v2.json at types[82]: type 'Lanes' is defined again (first at types[79]) differently; "
            + "the first definition is used, as Anchor's TypeScript client does"),
        warnings.stream().filter(w -> w.startsWith("IDL ")).toList());
  }
}
