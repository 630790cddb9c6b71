/**
 * Execution of transactions on a validator over JSON-RPC: {@link dev.preflight.core.exec.RpcValidator}
 * simulates (with {@code sigVerify: false}, so nothing is signed and nothing lands, on any cluster)
 * in JSON-RPC batches with several batches in flight, reads accounts, and, only for a validator on
 * this machine ({@link dev.preflight.core.exec.SendGuard}), sends transactions and applies the
 * surfpool-named cheatcodes that set up state.
 */
package dev.preflight.core.exec;
