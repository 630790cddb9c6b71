package dev.preflight.core.idl;

import java.util.Objects;

/**
 * Something in an IDL that was accepted, the way the program's own clients accept it, but that a
 * reader should know about: a type defined twice (the first definition is used), a construct whose
 * details were dropped. The audit prints these where it prints its progress.
 *
 * @param source the IDL's name as given to the loader
 * @param jsonPath where inside the IDL ({@code types[12]}, {@code program.instructions[3].accounts[1]})
 * @param message what was found and what was done about it
 */
public record IdlWarning(String source, String jsonPath, String message) {
  public IdlWarning {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(jsonPath, "jsonPath");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "IDL " + source + (jsonPath.isEmpty() ? "" : " at " + jsonPath) + ": " + message;
  }
}
