/**
 * Checks on the program's recent transactions (getSignaturesForAddress + getTransaction): failure
 * rate, compute units per instruction, and fees, against the seed's success metrics.
 */
package dev.preflight.checks.ops;
