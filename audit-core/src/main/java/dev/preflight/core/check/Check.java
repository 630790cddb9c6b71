package dev.preflight.core.check;

import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * A check. Implementations are pure: {@link #accountsNeeded} says which accounts to read given what
 * has been read so far (the reader calls it once per round until nothing new is asked), and {@link
 * #evaluate} turns the snapshot into results without any I/O. Register implementations in {@code
 * META-INF/services/dev.preflight.core.check.Check}.
 */
public interface Check {

  /** The ids this check produces, with their metadata; by default its {@link CheckDefinition}s. */
  default List<CheckInfo> definitions() {
    return CheckInfo.fromAnnotations(getClass());
  }

  default CheckInfo info() {
    return definitions().getFirst();
  }

  /**
   * Accounts this check needs on {@code cluster}, given the accounts fetched so far (available
   * through {@code cluster.lookup}). Return the whole set each time; the reader fetches only what is
   * new. The default needs nothing.
   */
  default Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return Set.of();
  }

  /** Whether this check wants the program's recent transactions read (getSignaturesForAddress). */
  default boolean needsTransactions(AuditContext context) {
    return false;
  }

  /** Evaluates the snapshot in {@code context}. Must not perform I/O beyond reading local files. */
  List<CheckResult> evaluate(AuditContext context);
}
