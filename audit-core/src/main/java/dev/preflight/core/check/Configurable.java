package dev.preflight.core.check;

/**
 * A check that owns a section of {@code preflight.yaml}: {@code checks.<its id>}, bound to the
 * record {@link #settingsType()}. The policy schema accepts any mapping there; the owning check's
 * record is the schema (unknown keys, wrong types and what its constructor rejects are reported
 * with file, line and column before anything runs). So a check from another jar is configured
 * from the policy without a change to Preflight.
 *
 * <p>The check reads its settings with {@link AuditContext#settings(Configurable)}; the record's
 * compact constructor supplies defaults and rejects bad values with an {@link
 * IllegalArgumentException} whose message says what to write.
 */
public interface Configurable<S extends Record> {

  /** The record the section binds to (Jackson, record components by name). */
  Class<S> settingsType();

  /** The id whose section this is: the check's first id by default. */
  default String sectionId() {
    return this instanceof Check c ? c.info().id() : getClass().getName();
  }
}
