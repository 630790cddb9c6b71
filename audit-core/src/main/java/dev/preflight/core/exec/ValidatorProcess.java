package dev.preflight.core.exec;

import java.util.Optional;

/**
 * The process behind a loopback validator, when this JVM started it (the embedded validator):
 * lets {@link RpcValidator} say why a call failed when the process is gone, instead of a bare
 * connection error. {@code EmbeddedValidator::exitReason} fits.
 */
@FunctionalInterface
public interface ValidatorProcess {

  /** Empty while the process runs; why it ended otherwise (exit code, its last log lines). */
  Optional<String> exitReason();

  /** For a validator this JVM does not own: nothing to tell. */
  ValidatorProcess UNKNOWN = Optional::empty;
}
