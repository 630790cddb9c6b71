package dev.preflight.checks.evidence;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A real policy file in a temporary project directory, and the context the checks see. */
final class EvidenceFixtures {
  private EvidenceFixtures() {}

  static AuditContext context(Path dir, String evidenceSection) throws IOException {
    return context(dir, evidenceSection, null);
  }

  /** The same, with {@code idl} as the policy's program.idl when not null. */
  static AuditContext context(Path dir, String evidenceSection, Path idl) throws IOException {
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, """
        project: demo
        clusters: [{name: devnet, url: "https://api.devnet.solana.com", kind: devnet}]
        program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf%s}
        """.formatted(idl == null ? "" : ", idl: \"" + idl + "\"") + evidenceSection);
    Policy policy = new PolicyLoader(n -> Optional.empty()).load(file);
    return new AuditContext(policy, new Snapshot("test", Instant.EPOCH, List.of()), Instant.EPOCH);
  }

  static Path write(Path dir, String relative, String content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  /** A file of this repository, found from the working directory upwards. */
  static Path repo(String relative) {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve(relative))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve(relative);
  }
}
