package dev.preflight.core.snapshot;

import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * Where a cluster's state comes from: a live RPC endpoint or a saved snapshot. The reader drives
 * both the same way, so an offline re-run takes the same code path as the live audit.
 */
public interface AccountSource {
  String url();

  /** @throws dev.preflight.core.PreflightException when the source cannot answer */
  String genesisHash();

  long slot();

  /** One lookup per key, in order, read at a slot of at least {@code minContextSlot}. */
  List<Lookup> fetch(List<PublicKey> keys, long minContextSlot);

  /** The program's most recent transactions, newest first, at most {@code limit}. */
  List<TxRecord> transactions(PublicKey program, int limit);
}
