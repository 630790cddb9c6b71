package dev.preflight.core.check;

import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Instant;
import software.sava.core.accounts.PublicKey;

/**
 * What a check sees: the policy, what was read (so far, while reading), and the audit's clock. The
 * clock is the snapshot's time, so a re-run offline evaluates expiry dates exactly as the first run
 * did.
 */
public record AuditContext(Policy policy, Snapshot snapshot, Instant now) {

  public ClusterSnapshot primary() {
    return snapshot.primary();
  }

  public PublicKey programId() {
    return PublicKey.fromBase58Encoded(policy.program().id());
  }

  /**
   * The settings of a check that owns a policy section ({@code checks.<id>}), bound to its record;
   * empty when the policy has no such section.
   */
  public <S extends Record> java.util.Optional<S> settings(Configurable<S> check) {
    return CheckSettings.of(policy, check);
  }

  /** Resolves a path from the policy against the policy file's directory. */
  public Path resolve(Path p) {
    Path base = policy.source() == null || policy.source().getParent() == null
        ? Path.of("") : policy.source().getParent();
    return base.resolve(p).normalize();
  }
}
