package dev.preflight.core.check;

import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountDemand;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * The checks' wants as the snapshot reader sees them: every check is asked, with the audit's
 * context over what has been read so far, and the answers are joined.
 */
public record CheckDemand(Policy policy, List<Check> checks, Instant now) implements AccountDemand {

  public CheckDemand {
    checks = List.copyOf(checks);
  }

  @Override
  public Set<PublicKey> accountsNeeded(Snapshot soFar, ClusterSnapshot cluster) {
    AuditContext ctx = new AuditContext(policy, soFar, now);
    Set<PublicKey> out = new LinkedHashSet<>();
    for (Check c : checks) {
      out.addAll(c.accountsNeeded(ctx, cluster));
    }
    return out;
  }

  @Override
  public boolean needsTransactions(Snapshot soFar) {
    AuditContext ctx = new AuditContext(policy, soFar, now);
    return checks.stream().anyMatch(c -> c.needsTransactions(ctx));
  }
}
