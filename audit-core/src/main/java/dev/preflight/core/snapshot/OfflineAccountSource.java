package dev.preflight.core.snapshot;

import dev.preflight.core.PreflightException;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * Replays a saved {@link ClusterSnapshot}: what was read then is answered now; anything else is
 * unavailable, so a check that would need more evidence offline ends INCONCLUSIVE, never PASS.
 */
public final class OfflineAccountSource implements AccountSource {
  private final ClusterSnapshot saved;

  public OfflineAccountSource(ClusterSnapshot saved) {
    this.saved = saved;
  }

  @Override
  public String url() {
    return saved.url();
  }

  @Override
  public String genesisHash() {
    if (!saved.reachable()) {
      throw new PreflightException(saved.error().orElse("cluster was unreachable"));
    }
    return saved.genesisHash();
  }

  @Override
  public long slot() {
    return saved.slot();
  }

  @Override
  public List<Lookup> fetch(List<PublicKey> keys, long minContextSlot) {
    return keys.stream().map(k -> {
      Lookup l = saved.accounts().get(k);
      return l != null ? l : new Lookup.Unavailable(k,
          "not in the offline snapshot of " + saved.name());
    }).toList();
  }

  @Override
  public List<TxRecord> transactions(PublicKey program, int limit) {
    return switch (saved.transactions()) {
      case ClusterSnapshot.Transactions.Read r -> r.records().stream().limit(limit).toList();
      case ClusterSnapshot.Transactions.Unavailable u -> throw new PreflightException(u.reason());
      case ClusterSnapshot.Transactions.NotRequested n -> throw new PreflightException(
          "the offline snapshot of " + saved.name() + " holds no transactions");
    };
  }
}
