package dev.preflight.core.coverage;

import dev.preflight.core.PreflightException;

/** Coverage could not be computed from the inputs given: what, where, and what to do. */
public final class CoverageException extends PreflightException {
  public CoverageException(String location, String problem, String remedy) {
    super(problem, location, remedy);
  }
}
