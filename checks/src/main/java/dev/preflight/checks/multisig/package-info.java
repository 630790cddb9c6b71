/** Checks on the multisig that governs the program: threshold, time lock, config authority. */
package dev.preflight.checks.multisig;
