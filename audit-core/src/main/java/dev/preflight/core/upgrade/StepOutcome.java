package dev.preflight.core.upgrade;

import dev.preflight.core.exec.AccountState;
import java.util.List;
import java.util.Optional;

/**
 * What one step did on one binary: success or the error (named as the IDL names it, and as the
 * validator reported it: {@code ok} or its JSON), compute units, logs, and the watched accounts before and after, in watch order.
 */
record StepOutcome(boolean success, String error, String errorJson, long units, List<String> logs,
                   List<Optional<AccountState>> pre, List<Optional<AccountState>> post) {
  StepOutcome {
    logs = List.copyOf(logs);
    pre = List.copyOf(pre);
    post = List.copyOf(post);
  }

  /** {@code ok}, or the error; with the compute units. */
  String summary() {
    return (success ? "ok" : error) + ", " + units + " CU";
  }
}
