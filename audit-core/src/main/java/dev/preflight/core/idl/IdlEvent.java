package dev.preflight.core.idl;

import java.util.Objects;

/** An event the program emits: its discriminator and its payload type. */
public record IdlEvent(String name, Discriminator discriminator, IdlType type) {
  public IdlEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(discriminator, "discriminator");
    Objects.requireNonNull(type, "type");
  }
}
