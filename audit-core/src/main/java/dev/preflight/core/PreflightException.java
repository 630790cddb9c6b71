package dev.preflight.core;

/**
 * The root of Preflight's exception family. Its message is written for a person: what went wrong,
 * where (file, line, field path, address) and what to do about it.
 */
public class PreflightException extends RuntimeException {
  public PreflightException(String message) {
    super(message);
  }

  public PreflightException(String message, Throwable cause) {
    super(message, cause);
  }
}
