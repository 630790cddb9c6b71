package dev.preflight.core.upgrade;

import dev.preflight.core.PreflightException;
import dev.preflight.core.gate.WaiverFile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/**
 * Differences between the deployed binary and the candidate that a team has accepted (the upgrade
 * is meant to change them), as suppressions are for findings: each entry names a difference by
 * fingerprint and says why, who answers for it and until when. The file
 * ({@code preflight-upgrade-baseline.yaml}):
 *
 * <pre>{@code
 * version: 1
 * accepted:
 *   - fingerprint: "0c5e...e1"            # 32 hex digits, printed for every new difference
 *     difference: "buy_tokens: outcome"   # optional, for the reader
 *     reason: "v2 refuses buys during an emergency stop (ticket ESC-41)"
 *     owner: alice@example.com
 *     expires: 2026-12-31                 # ISO date; the last day it applies
 * }</pre>
 */
public final class UpgradeBaseline {
  /** The baseline file: an {@code accepted} list, each entry optionally naming its difference. */
  private static final WaiverFile.Kind KIND = new WaiverFile.Kind("accepted", "difference",
      "Upgrade baseline", "the build's output or the report");

  /** One accepted difference; {@code source} is "file:line". */
  public record Accepted(String fingerprint, Optional<String> difference, String reason, String owner,
                         LocalDate expires, String source) {
    public boolean activeOn(LocalDate day) {
      return !day.isAfter(expires);
    }
  }

  private final Map<String, Accepted> byFingerprint;

  private UpgradeBaseline(List<Accepted> entries) {
    Map<String, Accepted> m = new java.util.LinkedHashMap<>();
    for (Accepted a : entries) {
      Accepted prev = m.putIfAbsent(a.fingerprint(), a);
      if (prev != null) {
        throw new PreflightException(a.source() + ": fingerprint " + a.fingerprint()
            + " is already accepted at " + prev.source() + "; keep one entry per difference.");
      }
    }
    this.byFingerprint = m;
  }

  public static UpgradeBaseline empty() {
    return new UpgradeBaseline(List.of());
  }

  public static UpgradeBaseline of(List<Accepted> entries) {
    return new UpgradeBaseline(entries);
  }

  public List<Accepted> entries() {
    return List.copyOf(byFingerprint.values());
  }

  public Optional<Accepted> find(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** Loads the YAML (or JSON) file, naming it {@code shownAs} in messages. */
  public static UpgradeBaseline load(Path file, String shownAs) {
    return new UpgradeBaseline(WaiverFile.read(file, shownAs, KIND).stream()
        .map(e -> new Accepted(e.fingerprint(), e.label(), e.reason(), e.owner(), e.expires(),
            e.source()))
        .toList());
  }

  /** A ready-to-paste entry for a new difference (YAML, indented as a list item of {@code accepted}). */
  static String entryFor(String fingerprint, String difference, LocalDate today) {
    return "  - fingerprint: \"" + fingerprint + "\"\n"
        + "    difference: \"" + difference.replace("\"", "'") + "\"\n"
        + "    reason: \"<why the upgrade may change this>\"\n"
        + "    owner: \"<who answers for it>\"\n"
        + "    expires: " + today.plusDays(90) + "\n";
  }
}
