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
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, """
        project: demo
        clusters: [{name: devnet, url: "https://api.devnet.solana.com", kind: devnet}]
        program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
        """ + evidenceSection);
    Policy policy = new PolicyLoader(n -> Optional.empty()).load(file);
    return new AuditContext(policy, new Snapshot("test", Instant.EPOCH, List.of()), Instant.EPOCH);
  }

  static Path write(Path dir, String relative, String content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }
}
