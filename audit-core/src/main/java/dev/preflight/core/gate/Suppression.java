package dev.preflight.core.gate;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One entry of a suppressions file: which finding ({@code fingerprint}, optionally its {@code
 * checkId}), why, who answers for it, and the last day it applies. {@code source} is "file:line",
 * so warnings can point at the entry.
 */
public record Suppression(String fingerprint, Optional<String> checkId, String reason, String owner,
                          LocalDate expires, String source) {

  /** True when the entry still applies on {@code day} (the expiry day itself included). */
  public boolean activeOn(LocalDate day) {
    return !day.isAfter(expires);
  }
}
