package dev.preflight.checks.evidence;

import dev.preflight.core.policy.Policy;
import java.nio.file.Path;

/** Where the policy lives, so file evidence is shown relative to it. */
final class EvidenceFilesSupport {
  private EvidenceFilesSupport() {}

  static Path baseDir(Policy policy) {
    Path src = policy.source() == null ? Path.of("preflight.yaml") : policy.source();
    Path abs = src.toAbsolutePath();
    return abs.getParent() == null ? abs : abs.getParent();
  }
}
