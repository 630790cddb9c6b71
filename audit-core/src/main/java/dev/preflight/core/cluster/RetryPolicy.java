package dev.preflight.core.cluster;

import java.time.Duration;

/**
 * How long one call may take and how often it is tried again. Backoff doubles from {@code
 * initialBackoff} up to {@code maxBackoff}; a {@code Retry-After} from the server wins when it is
 * longer, but never beyond {@code maxBackoff}, so a run always ends within a bound.
 */
public record RetryPolicy(Duration requestTimeout, int maxAttempts, Duration initialBackoff,
                          Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(15), 4, Duration.ofMillis(250), Duration.ofSeconds(8));
  }

  public Duration backoff(int attempt, Duration retryAfter) {
    long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    long wait = Math.max(base, retryAfter == null ? 0 : retryAfter.toMillis());
    return Duration.ofMillis(Math.min(wait, maxBackoff.toMillis()));
  }

  /** The longest a single call can take, retries and waits included. */
  public Duration worstCase() {
    Duration total = Duration.ZERO;
    for (int a = 1; a <= maxAttempts; a++) {
      total = total.plus(requestTimeout);
      if (a < maxAttempts) {
        total = total.plus(maxBackoff);
      }
    }
    return total;
  }
}
