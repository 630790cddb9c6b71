/**
 * Rules on IDL-decoded program accounts (fees, durations, emergency stop, circuit breaker, admin
 * set), including the {@code token-sale-escrow} preset: CEL expressions compiled and evaluated by
 * {@code dev.preflight.core.expr}.
 */
package dev.preflight.checks.config;
