package dev.preflight.core.upgrade;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.preflight.core.PreflightException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
  private static final Set<String> FIELDS = Set.of("fingerprint", "difference", "reason", "owner", "expires");

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
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         JsonParser p = new YAMLFactory().createParser(in)) {
      return new UpgradeBaseline(new Loader(p, shownAs).read());
    } catch (NoSuchFileException e) {
      throw new PreflightException("Upgrade baseline " + shownAs + " does not exist; create it "
          + "(see docs/upgrade-diff.md) or remove the setting.", e);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new PreflightException(shownAs + ":" + line + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PreflightException("Cannot read the upgrade baseline " + shownAs + ": " + e.getMessage(), e);
    }
  }

  /** A ready-to-paste entry for a new difference (YAML, indented as a list item of {@code accepted}). */
  static String entryFor(String fingerprint, String difference, LocalDate today) {
    return "  - fingerprint: \"" + fingerprint + "\"\n"
        + "    difference: \"" + difference.replace("\"", "'") + "\"\n"
        + "    reason: \"<why the upgrade may change this>\"\n"
        + "    owner: \"<who answers for it>\"\n"
        + "    expires: " + today.plusDays(90) + "\n";
  }

  private record Loader(JsonParser p, String file) {

    List<Accepted> read() throws IOException {
      List<Accepted> out = new ArrayList<>();
      JsonToken t = p.nextToken();
      if (t == null) {
        return out;
      }
      if (t != JsonToken.START_OBJECT) {
        throw error("the file must be a mapping with an 'accepted' list");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case "version" -> {
            if (!"1".equals(p.getText())) {
              throw error("version '" + p.getText() + "' is not supported; use version: 1");
            }
          }
          case "accepted" -> {
            if (v == JsonToken.VALUE_NULL) {
              continue;
            }
            if (v != JsonToken.START_ARRAY) {
              throw error("'accepted' must be a list of entries");
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              out.add(entry(index++));
            }
          }
          default -> throw error("unknown field '" + key + "'; the file has 'version' and 'accepted'");
        }
      }
      return out;
    }

    private Accepted entry(int index) throws IOException {
      String where = "accepted[" + index + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw error(where + " must be a mapping with fingerprint, reason, owner and expires");
      }
      int line = line();
      Map<String, String> values = new HashMap<>();
      Map<String, Integer> lines = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (!FIELDS.contains(key)) {
          throw error(where + "." + key + " is not a known field; use fingerprint, difference, "
              + "reason, owner, expires");
        }
        if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
          throw error(where + "." + key + " must be a single value");
        }
        values.put(key, p.getText().trim());
        lines.put(key, line());
      }
      String fingerprint = required(values, where, "fingerprint", line).toLowerCase(Locale.ROOT);
      if (!FINGERPRINT.matcher(fingerprint).matches()) {
        throw error(lines.get("fingerprint"), where + ".fingerprint '" + values.get("fingerprint")
            + "' is not a fingerprint (32 hex digits); copy it from the build's output or the report");
      }
      String reason = required(values, where, "reason", line);
      String owner = required(values, where, "owner", line);
      String expiresText = required(values, where, "expires", line);
      LocalDate expires;
      try {
        expires = LocalDate.parse(expiresText);
      } catch (DateTimeParseException e) {
        throw error(lines.get("expires"), where + ".expires '" + expiresText
            + "' is not an ISO date; write it as YYYY-MM-DD");
      }
      return new Accepted(fingerprint, Optional.ofNullable(values.get("difference")).filter(s -> !s.isEmpty()),
          reason, owner, expires, file + ":" + line);
    }

    private String required(Map<String, String> values, String where, String field, int line) {
      String v = values.get(field);
      if (v == null || v.isEmpty()) {
        throw error(line, where + "." + field + " is missing; every entry needs fingerprint, reason, "
            + "owner and expires");
      }
      return v;
    }

    private int line() {
      return p.currentTokenLocation().getLineNr();
    }

    private PreflightException error(String message) {
      return error(line(), message);
    }

    private PreflightException error(int line, String message) {
      return new PreflightException(file + ":" + line + ": " + message + ".");
    }
  }
}
