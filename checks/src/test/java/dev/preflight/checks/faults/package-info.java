/**
 * Fault injection and security tests of the audit against the embedded validator: a loopback proxy
 * that misbehaves in chosen ways, and the guarantees the audit keeps under each fault (bounded
 * retries, inconclusive never pass, no stack traces, no leaked credentials).
 */
package dev.preflight.checks.faults;
