package dev.preflight.core.idl;

import dev.preflight.core.PreflightException;
import java.util.Objects;

/**
 * A value that does not fit its IDL type: wrong kind of value, integer out of range, wrong array
 * length, missing or unknown struct field, unknown enum variant. Thrown when encoding and when
 * reading values from JSON or YAML scenario files.
 */
public final class EncodeException extends PreflightException {

  private final String subject;
  private final String fieldPath;

  public EncodeException(String subject, String fieldPath, String problem, String remedy) {
    super(problem, locate(subject, fieldPath), remedy);
    this.subject = Objects.requireNonNull(subject, "subject");
    this.fieldPath = fieldPath == null ? "" : fieldPath;
  }

  public String subject() {
    return subject;
  }

  public String fieldPath() {
    return fieldPath;
  }

  private static String locate(String subject, String fieldPath) {
    return fieldPath == null || fieldPath.isEmpty() ? subject : subject + " field " + fieldPath;
  }
}
