package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;

/** A named field of a struct, an enum variant, an instruction's arguments or an event. */
public record IdlField(String name, IdlType type, List<String> docs) {
  public IdlField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    docs = List.copyOf(docs);
  }

  public IdlField(String name, IdlType type) {
    this(name, type, List.of());
  }
}
