package dev.preflight.core.snapshot;

import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * What the {@link SnapshotReader} is asked to read. The reader knows nothing of who asks (the
 * checks, through an adapter of the check layer), so the data package stays below the checks.
 */
public interface AccountDemand {

  /**
   * Accounts wanted on {@code cluster}, given what has been read so far ({@code soFar} ends with
   * {@code cluster} as read until now). Return the whole set each time; the reader fetches only
   * what is new.
   */
  Set<PublicKey> accountsNeeded(Snapshot soFar, ClusterSnapshot cluster);

  /** Whether the program's recent transactions are wanted from the primary cluster. */
  boolean needsTransactions(Snapshot soFar);
}
