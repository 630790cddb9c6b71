package dev.preflight.validator;

/**
 * The embedded validator could not be located, prepared, started or stopped. The message says
 * what failed, where, and what to do about it; start-up failures carry the tail of the server's
 * standard error.
 */
public final class ValidatorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ValidatorException(String message) {
    super(message);
  }

  public ValidatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
