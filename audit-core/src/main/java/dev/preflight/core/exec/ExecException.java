package dev.preflight.core.exec;

import dev.preflight.core.PreflightException;

/** A validator could not be reached, answered an error, or an action was refused. */
public final class ExecException extends PreflightException {

  private final boolean validatorGone;

  public ExecException(String message) {
    this(message, null, false);
  }

  public ExecException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private ExecException(String message, Throwable cause, boolean validatorGone) {
    super(message, cause);
    this.validatorGone = validatorGone;
  }

  /** The validator stopped answering (its process exited, or nothing listens): retrying is futile. */
  public static ExecException validatorGone(String message, Throwable cause) {
    return new ExecException(message, cause, true);
  }

  /** True when the validator is gone rather than having refused one request. */
  public boolean isValidatorGone() {
    return validatorGone;
  }
}
