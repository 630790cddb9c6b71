/**
 * Checks on the multisig that governs the program: threshold (and members without a vote), time
 * lock, config authority, what is pending in it (an early warning) and its spending limits.
 */
package dev.preflight.checks.multisig;
