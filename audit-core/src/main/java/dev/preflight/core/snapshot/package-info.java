/**
 * What was read from a cluster: accounts pinned to a slot, the cluster's identity, and recent
 * transactions. The {@link dev.preflight.core.snapshot.SnapshotReader} is the only place that fetches
 * accounts, what to fetch comes from an {@link dev.preflight.core.snapshot.AccountDemand} (the
 * checks, adapted above this package, which imports nothing of them); a saved {@link dev.preflight.core.snapshot.Snapshot} replays the same code path offline.
 */
package dev.preflight.core.snapshot;
