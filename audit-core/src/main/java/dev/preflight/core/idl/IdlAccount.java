package dev.preflight.core.idl;

import java.util.Objects;

/** An account type of the program: its discriminator and the type definition that follows it. */
public record IdlAccount(String name, Discriminator discriminator, IdlType type) {
  public IdlAccount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(discriminator, "discriminator");
    Objects.requireNonNull(type, "type");
  }
}
