package dev.preflight.core.idl;

import dev.preflight.core.PreflightException;
import java.util.Objects;

/**
 * Bytes that do not decode as the IDL says. This is the only exception the decoders throw for any
 * input bytes: truncated data, invalid tags, lengths larger than the data, invalid UTF-8.
 * Carries what was being decoded ({@code account Multisig}), the field path inside it and the byte
 * offset where decoding stopped.
 */
public final class DecodeException extends PreflightException {

  private static final String DEFAULT_REMEDY =
      "Check that the IDL matches the program version that wrote this data";

  private final String subject;
  private final String fieldPath;
  private final int offset;

  public DecodeException(String subject, String fieldPath, int offset, String problem) {
    this(subject, fieldPath, offset, problem, DEFAULT_REMEDY, null);
  }

  public DecodeException(
      String subject, String fieldPath, int offset, String problem, String remedy, Throwable cause) {
    super(problem, locate(subject, fieldPath), remedy, cause);
    this.subject = Objects.requireNonNull(subject, "subject");
    this.fieldPath = fieldPath == null ? "" : fieldPath;
    this.offset = offset;
  }

  /** What was being decoded, e.g. {@code account Multisig} or {@code instruction deposit}. */
  public String subject() {
    return subject;
  }

  /** Field path inside the subject, e.g. {@code members[3].permissions}; empty at the top level. */
  public String fieldPath() {
    return fieldPath;
  }

  /** Byte offset into the decoded data where the problem was found. */
  public int offset() {
    return offset;
  }

  private static String locate(String subject, String fieldPath) {
    return fieldPath == null || fieldPath.isEmpty() ? subject : subject + " field " + fieldPath;
  }
}
