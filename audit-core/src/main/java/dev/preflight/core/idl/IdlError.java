package dev.preflight.core.idl;

import java.util.Objects;
import java.util.Optional;

/** A custom program error: Anchor numbers them from 6000. */
public record IdlError(int code, String name, Optional<String> message) {
  public IdlError {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
  }
}
