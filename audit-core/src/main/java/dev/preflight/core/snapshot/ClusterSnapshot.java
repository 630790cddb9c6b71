package dev.preflight.core.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Everything read from one cluster in one audit. {@code error} is set when the cluster itself could
 * not be reached (no genesis hash): then every lookup is unavailable with that reason.
 */
public record ClusterSnapshot(String name, String url, String genesisHash, long slot,
                              Map<PublicKey, Lookup> accounts, Transactions transactions,
                              Optional<String> error) {

  /** The program's recent transactions: not asked for, read, or unreadable with a reason. */
  public sealed interface Transactions {
    record NotRequested() implements Transactions {}

    record Read(List<TxRecord> records) implements Transactions {
      public Read {
        records = List.copyOf(records);
      }
    }

    record Unavailable(String reason) implements Transactions {}
  }


  public ClusterSnapshot {
    accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
  }

  public static ClusterSnapshot unreachable(String name, String url, String reason) {
    return new ClusterSnapshot(name, url, "", 0, Map.of(), new Transactions.Unavailable(reason),
        Optional.of(reason));
  }

  public boolean reachable() {
    return error.isEmpty();
  }

  /** What is known about {@code address}; unavailable when it was never fetched. */
  public Lookup lookup(PublicKey address) {
    if (error.isPresent()) {
      return new Lookup.Unavailable(address, error.get());
    }
    Lookup l = accounts.get(address);
    return l != null ? l : new Lookup.Unavailable(address, "not fetched from " + name);
  }

  public Optional<AccountRecord> account(PublicKey address) {
    return lookup(address) instanceof Lookup.Present p ? Optional.of(p.account()) : Optional.empty();
  }
}
