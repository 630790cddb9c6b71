package dev.preflight.core.exec;

import dev.preflight.core.PreflightException;

/** A validator could not be reached, answered an error, or an action was refused. */
public final class ExecException extends PreflightException {
  public ExecException(String message) {
    super(message);
  }

  public ExecException(String message, Throwable cause) {
    super(message, cause);
  }
}
