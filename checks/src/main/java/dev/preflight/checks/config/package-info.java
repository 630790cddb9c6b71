/**
 * Declarative rules on IDL-decoded program accounts (fees, durations, emergency stop, circuit
 * breaker, admin set), including the {@code token-sale-escrow} preset.
 */
package dev.preflight.checks.config;
