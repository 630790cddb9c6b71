package dev.preflight.core.vocabulary;

import dev.preflight.core.PreflightException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much a failed check matters; the gate fails the build at or above a threshold. */
public enum Severity {
  INFO, LOW, MEDIUM, HIGH, CRITICAL;

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code high}, {@code HIGH}, ... with an error that lists the accepted names. */
  public static Severity parse(String text, String where) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return s;
      }
    }
    throw new PreflightException(where + ": unknown severity '" + text + "'; use one of "
        + Arrays.stream(values()).map(Severity::label).collect(Collectors.joining(", ")) + ".");
  }

  /** The SARIF {@code security-severity} score for this level (CVSS-like bands). */
  public String securityScore() {
    return switch (this) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }
}
