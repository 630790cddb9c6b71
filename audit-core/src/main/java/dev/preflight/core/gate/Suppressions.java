package dev.preflight.core.gate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.report.ReadinessReport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A loaded suppressions file (format in the package documentation) and the one place where
 * suppressions are applied to a report.
 */
public final class Suppressions {
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
  private static final Set<String> FIELDS =
      Set.of("fingerprint", "checkId", "reason", "owner", "expires");

  private final List<Suppression> entries;

  private Suppressions(List<Suppression> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Suppressions empty() {
    return new Suppressions(List.of());
  }

  public static Suppressions of(List<Suppression> entries) {
    Map<String, Suppression> seen = new HashMap<>();
    for (Suppression s : entries) {
      Suppression prev = seen.putIfAbsent(s.fingerprint(), s);
      if (prev != null) {
        throw new PreflightException(s.source() + ": fingerprint " + s.fingerprint()
            + " is already suppressed at " + prev.source() + "; keep one entry per finding.");
      }
    }
    return new Suppressions(entries);
  }

  public List<Suppression> entries() {
    return entries;
  }

  /** Loads a YAML or JSON file (by extension; anything but {@code .json} is read as YAML). */
  public static Suppressions load(Path file) {
    return load(file, file.toString());
  }

  /**
   * Loads {@code file}, naming it {@code shownAs} in every entry's source and every message: the
   * path relative to the project, so that reports do not carry a machine's absolute paths.
   */
  public static Suppressions load(Path file, String shownAs) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    JsonFactory factory = name.toLowerCase(Locale.ROOT).endsWith(".json")
        ? new JsonFactory() : new YAMLFactory();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         JsonParser p = factory.createParser(in)) {
      return of(new Loader(p, shownAs).read());
    } catch (NoSuchFileException e) {
      throw new PreflightException("Suppressions file " + file + " does not exist; create it or "
          + "remove the suppressions setting.", e);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new PreflightException(shownAs + ":" + line + ": not valid "
          + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PreflightException("Cannot read suppressions file " + file + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Applies the entries to {@code report} as of {@code asOf} (normally today; the report's date
   * for a reproducible re-run). Entries match by fingerprint; only FAIL and INCONCLUSIVE results
   * are waived.
   */
  public SuppressionOutcome apply(ReadinessReport report, LocalDate asOf) {
    Map<String, Suppression> byFingerprint = new LinkedHashMap<>();
    entries.forEach(s -> byFingerprint.put(s.fingerprint(), s));
    Map<Suppression, Boolean> used = new HashMap<>();
    List<SuppressionWarning> warnings = new ArrayList<>();
    List<GatedResult> out = new ArrayList<>();
    List<CheckResult> results = report.results();
    for (int i = 0; i < results.size(); i++) {
      CheckResult r = results.get(i);
      Suppression s = byFingerprint.get(r.fingerprint());
      SuppressionState state = SuppressionState.NONE;
      if (s != null && GatedResult.isFinding(r.outcome())) {
        if (s.checkId().isPresent() && !s.checkId().get().equals(r.checkId())) {
          if (used.putIfAbsent(s, Boolean.TRUE) == null) {
            warnings.add(new SuppressionWarning(SuppressionWarning.Kind.CHECK_MISMATCH, s,
                s.source() + ": fingerprint " + s.fingerprint() + " belongs to "
                    + r.checkId() + ", not " + s.checkId().get()
                    + "; the entry was not applied. Fix its checkId or fingerprint."));
          }
        } else if (s.activeOn(asOf)) {
          state = new SuppressionState.Active(s);
          used.put(s, Boolean.TRUE);
        } else {
          state = new SuppressionState.Expired(s);
          if (used.putIfAbsent(s, Boolean.TRUE) == null) {
            warnings.add(new SuppressionWarning(SuppressionWarning.Kind.EXPIRED, s,
                s.source() + ": the suppression of " + r.checkId() + " (" + s.fingerprint()
                    + ", owner " + s.owner() + ") expired on " + s.expires()
                    + "; the finding counts again. Fix it, or renew the entry with a new date."));
          }
        }
      }
      out.add(new GatedResult(i, r, state));
    }
    for (Suppression s : entries) {
      if (!used.containsKey(s)) {
        String expired = s.activeOn(asOf) ? "" : " (and it expired on " + s.expires() + ")";
        warnings.add(new SuppressionWarning(SuppressionWarning.Kind.UNUSED, s,
            s.source() + ": fingerprint " + s.fingerprint()
                + s.checkId().map(c -> " (" + c + ")").orElse("")
                + " matches no failing or inconclusive result" + expired
                + "; remove the entry if the finding is fixed."));
      }
    }
    return new SuppressionOutcome(report, asOf, out, warnings);
  }

  /** Reads the token stream, keeping the line of every entry and field for error messages. */
  private record Loader(JsonParser p, String file) {

    List<Suppression> read() throws IOException {
      List<Suppression> out = new ArrayList<>();
      JsonToken t = p.nextToken();
      if (t == null) {
        return out;
      }
      if (t != JsonToken.START_OBJECT) {
        throw error("the file must be an object with a 'suppressions' list");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case "version" -> {
            if (!"1".equals(p.getText())) {
              throw error("version '" + p.getText() + "' is not supported; use version: 1");
            }
          }
          case "suppressions" -> {
            if (v == JsonToken.VALUE_NULL) {
              continue;
            }
            if (v != JsonToken.START_ARRAY) {
              throw error("'suppressions' must be a list of entries");
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              out.add(entry(index++));
            }
          }
          default -> throw error("unknown field '" + key + "'; the file has 'version' and "
              + "'suppressions'");
        }
      }
      return out;
    }

    private Suppression entry(int index) throws IOException {
      String where = "suppressions[" + index + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw error(where + " must be an object with fingerprint, reason, owner and expires");
      }
      int line = line();
      Map<String, String> values = new HashMap<>();
      Map<String, Integer> lines = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (!FIELDS.contains(key)) {
          throw error(where + "." + key + " is not a known field; use fingerprint, checkId, "
              + "reason, owner, expires");
        }
        if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
          throw error(where + "." + key + " must be a single value");
        }
        values.put(key, p.getText().trim());
        lines.put(key, line());
      }
      String fingerprint = required(values, where, "fingerprint", line)
          .toLowerCase(Locale.ROOT);
      if (!FINGERPRINT.matcher(fingerprint).matches()) {
        throw error(lines.get("fingerprint"), where + ".fingerprint '" + values.get("fingerprint")
            + "' is not a fingerprint (32 hex digits); copy it from preflight-report.json");
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
      Optional<String> checkId = Optional.ofNullable(values.get("checkId"))
          .filter(s -> !s.isEmpty());
      return new Suppression(fingerprint, checkId, reason, owner, expires, file + ":" + line);
    }

    private String required(Map<String, String> values, String where, String field, int line) {
      String v = values.get(field);
      if (v == null || v.isEmpty()) {
        throw error(line, where + "." + field + " is missing; every entry needs fingerprint, "
            + "reason, owner and expires");
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
