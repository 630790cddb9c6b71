package dev.preflight.core.snapshot;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.sava.core.accounts.PublicKey;

/**
 * Reads what the checks need, in rounds: each round asks the {@link AccountDemand} (the checks,
 * adapted by the check layer) which accounts it needs given
 * what is known, and fetches all the new ones together (getMultipleAccounts, 100 per call, pinned
 * with minContextSlot). It stops when a round asks for nothing new, so the number of rounds equals
 * the depth of the dependency chain (program, programdata, authority, multisig), not the number of
 * accounts.
 */
public final class SnapshotReader {
  /** A guard against a check that keeps asking for new accounts forever. */
  static final int MAX_ROUNDS = 12;

  private final AccountDemand demand;
  private final Progress progress;

  public SnapshotReader(AccountDemand demand, Progress progress) {
    this.demand = demand;
    this.progress = progress;
  }

  /** Reads every cluster of {@code policy} from its source (keyed by cluster name). */
  public Snapshot read(Policy policy, Map<String, AccountSource> sources, String toolVersion,
                       Instant now) {
    List<ClusterSnapshot> done = new ArrayList<>();
    for (Policy.ClusterRef ref : policy.clusters()) {
      AccountSource source = sources.get(ref.name());
      if (source == null) {
        throw new PreflightException("No source for cluster '" + ref.name() + "'.");
      }
      done.add(readCluster(policy, ref, source, done, toolVersion, now));
    }
    return new Snapshot(toolVersion, now, done);
  }

  private ClusterSnapshot readCluster(Policy policy, Policy.ClusterRef ref, AccountSource source,
                                      List<ClusterSnapshot> earlier, String toolVersion,
                                      Instant now) {
    String genesis;
    long slot;
    try {
      genesis = source.genesisHash();
      slot = source.slot();
    } catch (PreflightException e) {
      progress.warn("cluster " + ref.name() + " unreachable: " + e.getMessage());
      return ClusterSnapshot.unreachable(ref.name(), source.url(), e.getMessage());
    }
    progress.info("cluster " + ref.name() + " at " + source.url() + ": slot " + slot
        + ", genesis " + genesis);
    Map<PublicKey, Lookup> accounts = new LinkedHashMap<>();
    ClusterSnapshot.Transactions txs = new ClusterSnapshot.Transactions.NotRequested();
    int rounds = 0;
    while (true) {
      ClusterSnapshot partial = new ClusterSnapshot(ref.name(), source.url(), genesis, slot,
          accounts, txs, Optional.empty());
      Snapshot soFar = soFar(earlier, partial, toolVersion, now);
      Set<PublicKey> wanted = new TreeSet<>(Comparator.comparing(PublicKey::toBase58));
      wanted.addAll(demand.accountsNeeded(soFar, partial));
      wanted.removeAll(accounts.keySet());
      if (wanted.isEmpty()) {
        break;
      }
      if (++rounds > MAX_ROUNDS) {
        for (PublicKey k : wanted) {
          accounts.put(k, new Lookup.Unavailable(k, "dependency chain deeper than " + MAX_ROUNDS));
        }
        progress.warn("stopped reading " + ref.name() + " after " + MAX_ROUNDS + " rounds");
        break;
      }
      List<PublicKey> keys = List.copyOf(wanted);
      progress.info("round " + rounds + ": " + keys.size() + " account(s)");
      try {
        for (Lookup l : source.fetch(keys, slot)) {
          accounts.put(l.address(), l);
        }
      } catch (PreflightException e) {
        for (PublicKey k : keys) {
          accounts.put(k, new Lookup.Unavailable(k, e.getMessage()));
        }
        progress.warn("reading " + ref.name() + " failed: " + e.getMessage());
        break;
      }
    }
    ClusterSnapshot partial = new ClusterSnapshot(ref.name(), source.url(), genesis, slot,
        accounts, txs, Optional.empty());
    Snapshot soFar = soFar(earlier, partial, toolVersion, now);
    if (ref == policy.primaryCluster() && demand.needsTransactions(soFar)) {
      int limit = policy.ops().map(Policy.Ops::transactions).orElse(100);
      try {
        List<TxRecord> records = source.transactions(
            PublicKey.fromBase58Encoded(policy.program().id()), limit);
        txs = new ClusterSnapshot.Transactions.Read(records);
        progress.info("read " + records.size() + " recent transaction(s) of the program");
      } catch (PreflightException e) {
        txs = new ClusterSnapshot.Transactions.Unavailable(e.getMessage());
        progress.warn("recent transactions unavailable: " + e.getMessage());
      }
    }
    return new ClusterSnapshot(ref.name(), source.url(), genesis, slot, accounts, txs,
        Optional.empty());
  }

  private static Snapshot soFar(List<ClusterSnapshot> earlier, ClusterSnapshot current,
                                String toolVersion, Instant now) {
    List<ClusterSnapshot> all = new ArrayList<>();
    all.addAll(earlier);
    all.add(current);
    return new Snapshot(toolVersion, now, all);
  }
}
