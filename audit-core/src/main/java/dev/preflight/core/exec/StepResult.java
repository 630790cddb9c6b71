package dev.preflight.core.exec;

import java.util.List;
import java.util.Optional;

/**
 * What one {@link Step} did.
 *
 * @param step the step as it was asked
 * @param transaction for a {@link Step.Transaction}: its error (classified by
 *     {@link Simulation#failureMode()}), logs, compute units, and the watched accounts after it
 *     (the same list as {@code post}); empty for other steps
 * @param clock the Clock the step ran at (for a clock step: the one it set)
 * @param pre the watched accounts before the step, in watch order (empty: no account)
 * @param post the watched accounts after the step, in watch order
 */
public record StepResult(Step step, Optional<Simulation> transaction, ChainClock clock,
                         List<Optional<AccountState>> pre, List<Optional<AccountState>> post) {

  public StepResult {
    pre = List.copyOf(pre);
    post = List.copyOf(post);
  }

  /** True unless this step is a transaction that failed. */
  public boolean success() {
    return transaction.map(Simulation::success).orElse(true);
  }
}
