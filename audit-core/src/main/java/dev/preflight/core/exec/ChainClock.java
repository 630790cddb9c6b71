package dev.preflight.core.exec;

/** The Clock a step ran at: its slot and Unix timestamp (seconds). */
public record ChainClock(long slot, long unixTimestamp) {
}
