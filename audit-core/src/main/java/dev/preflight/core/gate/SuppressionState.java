package dev.preflight.core.gate;

/** Whether a result is suppressed: not at all, by an entry in force, or by an entry that expired. */
public sealed interface SuppressionState {

  /** True only when an entry in force waives the result. */
  default boolean suppressed() {
    return false;
  }

  /** No entry matches the result. */
  record None() implements SuppressionState {}

  /** An entry in force waives the result: it stays in the report but does not break the gate. */
  record Active(Suppression entry) implements SuppressionState {
    @Override
    public boolean suppressed() {
      return true;
    }
  }

  /** An entry matched, but its expiry date has passed: the result counts in full again. */
  record Expired(Suppression entry) implements SuppressionState {}

  SuppressionState NONE = new None();
}
