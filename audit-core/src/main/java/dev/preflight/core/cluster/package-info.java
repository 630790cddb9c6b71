/**
 * Access to a Solana cluster over JSON-RPC, through sava-rpc: timeouts, bounded retries with backoff
 * that honour {@code Retry-After}, per-method call counting, and URL redaction so that credentials
 * never reach a report or a log.
 */
package dev.preflight.core.cluster;
