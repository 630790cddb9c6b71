package dev.preflight.core.idl;

import dev.preflight.core.PreflightException;
import java.util.Objects;
import java.util.Optional;

/**
 * An IDL that cannot be used: malformed JSON, an unknown type, a reference to a type that does not
 * exist, a type that contains itself. Carries the IDL's source name and the JSON path of the problem.
 */
public final class IdlException extends PreflightException {

  private final String source;
  private final String jsonPath;

  public IdlException(String source, String jsonPath, String problem, String remedy) {
    this(source, jsonPath, problem, remedy, null);
  }

  public IdlException(String source, String jsonPath, String problem, String remedy, Throwable cause) {
    super(problem, locate(source, jsonPath), remedy, cause);
    this.source = Objects.requireNonNull(source, "source");
    this.jsonPath = jsonPath == null || jsonPath.isBlank() ? null : jsonPath;
  }

  /** The IDL's name as given to the loader (file name or label). */
  public String source() {
    return source;
  }

  /** Where inside the IDL, as a JSON path such as {@code types[3].type.fields[2]}. */
  public Optional<String> jsonPath() {
    return Optional.ofNullable(jsonPath);
  }

  private static String locate(String source, String jsonPath) {
    return jsonPath == null || jsonPath.isBlank() ? "IDL " + source : "IDL " + source + " at " + jsonPath;
  }
}
