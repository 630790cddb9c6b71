package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Parameter values read strictly, with the accepted values in the message. Maven's own
 * conversion reads any word but {@code true} as {@code false} for a boolean field, so a typo
 * such as {@code -Dpreflight.failOnInconclusive=yes} would silently mean the opposite: such
 * parameters are taken as text and read here.
 */
final class ParameterValues {
  private ParameterValues() {}

  /** {@code true} or {@code false}, in any case; anything else is refused. */
  static boolean bool(String raw, String property) {
    String v = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new PreflightException(property + ": '" + raw + "' is not a boolean; "
          + "accepted values: true, false.");
    };
  }

  /** A severity name: info, low, medium, high, critical. */
  static Severity severity(String raw, String property) {
    return Severity.parse(raw, property);
  }

  /** Runs {@code read}, adding its message to {@code problems} instead of throwing. */
  static <T> Optional<T> collect(List<String> problems, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (PreflightException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
  }
}
