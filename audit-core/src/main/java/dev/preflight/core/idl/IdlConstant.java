package dev.preflight.core.idl;

import java.util.Objects;

/** A constant the IDL publishes; the value is kept as the IDL's text (Rust expression syntax). */
public record IdlConstant(String name, IdlType type, String value) {
  public IdlConstant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
