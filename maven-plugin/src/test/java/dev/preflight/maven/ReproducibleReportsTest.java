package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.vocabulary.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same project audited from two checkouts in different directories, each on its own embedded
 * validator (so on different random ports), with the clock pinned: every report is the same bytes,
 * and none carries a path of the machine or the validator's port.
 */
class ReproducibleReportsTest {
  private static final Path ROOT = root();
  private static final Instant CLOCK = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<String> REPORTS = List.of("preflight-report.json",
      "preflight.sarif.json", "TEST-preflight.xml", "checklist.md", "index.html",
      "preflight-snapshot.json");

  @TempDir
  Path one;
  @TempDir
  Path two;

  @Test
  void twoCheckoutsGiveByteIdenticalReports() throws IOException {
    AuditRun.Result a = audit(checkout(one.resolve("clone-a")));
    AuditRun.Result b = audit(checkout(two.resolve("somewhere/else/clone-b")));
    assertEquals(CLOCK, a.report().generatedAt());
    // A suppression applied: its source shows in the reports, relative to the project.
    assertTrue(a.gate().passed(), a.gate().summary());
    for (String name : REPORTS) {
      byte[] x = Files.readAllBytes(one.resolve("clone-a/target/preflight").resolve(name));
      byte[] y = Files.readAllBytes(two.resolve("somewhere/else/clone-b/target/preflight")
          .resolve(name));
      assertArrayEquals(x, y, name + " differs between the two checkouts");
      String text = new String(x, StandardCharsets.UTF_8);
      assertFalse(text.contains(one.toString()), name + " carries the checkout's path");
      assertFalse(text.contains(ROOT.toString()), name + " carries the repository's path");
      assertFalse(text.matches("(?s).*127\\.0\\.0\\.1:\\d+.*"), name + " carries the port");
    }
    String sarif = Files.readString(one.resolve("clone-a/target/preflight/preflight.sarif.json"));
    assertTrue(sarif.contains("suppressions.yaml:"), "the suppression's source is shown");
    String report = Files.readString(one.resolve("clone-a/target/preflight/preflight-report.json"));
    assertTrue(report.contains("\"url\" : \"embedded\""), "the validator is shown as embedded");
  }

  /** A project with its own copy of the program, IDL, account files and suppressions. */
  private static Path checkout(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("chain"));
    Files.copy(ROOT.resolve("fixtures/escrow/idl/escrow.json"), dir.resolve("escrow.json"));
    Files.copy(ROOT.resolve("fixtures/escrow/bin/escrow.so"), dir.resolve("escrow.so"));
    for (String f : List.of("config.json", "squads-multisig.json", "squads-vault-0.json",
        "verification-record.json")) {
      Files.copy(ROOT.resolve("examples/escrow-readiness/chain/accounts").resolve(f),
          dir.resolve("chain").resolve(f));
    }
    Path it = ROOT.resolve("maven-plugin/src/it/suppression-active");
    Files.copy(it.resolve("suppressions.yaml"), dir.resolve("suppressions.yaml"));
    Files.writeString(dir.resolve("preflight.yaml"), Files.readString(it.resolve("preflight.yaml"))
        .replace("../../../../fixtures/escrow/idl/escrow.json", "escrow.json")
        .replace("../../../../fixtures/escrow/bin/escrow.so", "escrow.so"));
    return dir;
  }

  private static AuditRun.Result audit(Path project) {
    AuditRun.Embedded chain = new AuditRun.Embedded(
        List.of(new AuditRun.Program("4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3",
            project.resolve("escrow.so"),
            Optional.of("67bajZwjcHTmYEJrqo7GM55JTnv1L2AwTYr5SfEQ8jni"))),
        List.of(new AuditRun.Account("-", project.resolve("chain/config.json")),
            new AuditRun.Account("-", project.resolve("chain/squads-multisig.json")),
            new AuditRun.Account("-", project.resolve("chain/squads-vault-0.json")),
            new AuditRun.Account("-", project.resolve("chain/verification-record.json"))),
        Optional.empty());
    AuditRun.Request request = new AuditRun.Request(project.resolve("preflight.yaml"), chain,
        Optional.empty(), project.resolve("target/preflight"),
        Optional.of(project.resolve("suppressions.yaml")), Optional.empty(), Optional.empty(),
        Severity.HIGH, Optional.empty(), Optional.of(CLOCK), true,
        dev.preflight.core.audit.FuzzPlan.whenConfigured(), project, Map.of());
    return new AuditRun(Progress.silent(), line -> { }).run(request);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("fixtures/escrow").toFile().isDirectory()) {
      p = p.getParent();
    }
    return p;
  }
}
