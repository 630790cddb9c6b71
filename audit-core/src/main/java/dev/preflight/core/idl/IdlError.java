package dev.preflight.core.idl;

import java.util.Objects;
import java.util.Optional;

/** A custom program error: Anchor numbers them from 6000, SPL programs from 0. */
public record IdlError(int code, String name, Optional<String> message) {
  public IdlError {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
  }

  /** As a report shows it: {@code insufficientFunds (custom error 1): Insufficient funds}. */
  public String describe() {
    return name + " (custom error " + code + ")" + message.map(m -> ": " + m).orElse("");
  }
}
