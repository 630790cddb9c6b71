package dev.preflight.checks.support;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Lists of check ids for tests, derived from the registry instead of typed by hand. */
public final class RegistryIds {
  private RegistryIds() {}

  public static CheckRegistry registry() {
    return CheckRegistry.load(RegistryIds.class.getClassLoader());
  }

  /** The ids of the state checks of one family (their ids start with {@code prefix}), sorted. */
  public static Set<String> family(String prefix) {
    Set<String> out = new TreeSet<>();
    registry().stateCheckIds().stream().filter(id -> id.startsWith(prefix)).forEach(out::add);
    return out;
  }

  /**
   * The ids of the state checks that ask for chain accounts under {@code policy} before anything
   * has been read: those whose evidence is the chain, which must never pass when it could not be
   * read.
   */
  public static Set<String> readingAccounts(Policy policy) {
    Instant now = Instant.EPOCH;
    List<ClusterSnapshot> nothingRead = policy.clusters().stream().map(c -> new ClusterSnapshot(
        c.name(), "", "", 0, Map.of(), new ClusterSnapshot.Transactions.NotRequested(),
        Optional.empty())).toList();
    AuditContext ctx = new AuditContext(policy, new Snapshot("test", now, nothingRead), now);
    Set<String> out = new TreeSet<>();
    for (Check c : registry().checks()) {
      if (!c.accountsNeeded(ctx, ctx.primary()).isEmpty()) {
        c.definitions().stream().map(CheckInfo::id).forEach(out::add);
      }
    }
    return out;
  }
}
