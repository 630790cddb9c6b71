/**
 * Execution of transactions on a validator over JSON-RPC: {@link dev.preflight.core.exec.RpcValidator}
 * simulates (with {@code sigVerify: false}, so nothing is signed and nothing lands, on any cluster)
 * in JSON-RPC batches with several batches in flight, reads accounts, and, only for a validator on
 * this machine ({@link dev.preflight.core.exec.SendGuard}), sends transactions, applies the
 * surfpool-named cheatcodes that set up state, opens and reverts save points, and runs stateful
 * sequences of {@link dev.preflight.core.exec.Step}s in one call, one
 * {@link dev.preflight.core.exec.StepResult} per step. A validator that stops answering fails every
 * call at once; a {@link dev.preflight.core.exec.ValidatorProcess} lets the error name its exit.
 */
package dev.preflight.core.exec;
