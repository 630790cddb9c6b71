package dev.preflight.core.gate;

import com.fasterxml.jackson.core.JsonFactory;
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
 * The file format shared by everything a team waives on purpose (suppressed findings, accepted
 * upgrade differences): {@code version: 1} and a list of entries, each a fingerprint, an optional
 * label, why, who answers for it and the last day it applies. Every problem names file and line.
 */
public final class WaiverFile {
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");

  /**
   * What one kind of file calls things: its list key ({@code suppressions}), its optional label
   * field ({@code checkId}), what the file is called in messages, and where a fingerprint is
   * found (for the hint when one is malformed).
   */
  public record Kind(String listKey, String labelField, String title, String fingerprintSource) {}

  /** One entry; {@code source} is "file:line" so warnings can point at it. */
  public record Entry(String fingerprint, Optional<String> label, String reason, String owner,
                      LocalDate expires, String source) {}

  private WaiverFile() {}

  /**
   * Reads {@code file} (JSON by a {@code .json} extension, YAML otherwise), naming it
   * {@code shownAs} in every entry's source and message.
   */
  public static List<Entry> read(Path file, String shownAs, Kind kind) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    JsonFactory factory = name.toLowerCase(Locale.ROOT).endsWith(".json")
        ? new JsonFactory() : new YAMLFactory();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         JsonParser p = factory.createParser(in)) {
      return new Loader(p, shownAs, kind).read();
    } catch (NoSuchFileException e) {
      throw new PreflightException(kind.title() + " " + shownAs + " does not exist; create it or "
          + "remove the setting that names it.", e);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new PreflightException(shownAs + ":" + line + ": not valid "
          + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PreflightException("Cannot read the " + kind.title().toLowerCase(Locale.ROOT)
          + " " + shownAs + ": " + e.getMessage(), e);
    }
  }

  /** Reads the token stream, keeping the line of every entry and field for error messages. */
  private record Loader(JsonParser p, String file, Kind kind) {

    List<Entry> read() throws IOException {
      List<Entry> out = new ArrayList<>();
      JsonToken t = p.nextToken();
      if (t == null) {
        return out;
      }
      if (t != JsonToken.START_OBJECT) {
        throw error("the file must be an object with a '" + kind.listKey() + "' list");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (key.equals("version")) {
          if (!"1".equals(p.getText())) {
            throw error("version '" + p.getText() + "' is not supported; use version: 1");
          }
        } else if (key.equals(kind.listKey())) {
          if (v == JsonToken.VALUE_NULL) {
            continue;
          }
          if (v != JsonToken.START_ARRAY) {
            throw error("'" + kind.listKey() + "' must be a list of entries");
          }
          int index = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(entry(index++));
          }
        } else {
          throw error("unknown field '" + key + "'; the file has 'version' and '"
              + kind.listKey() + "'");
        }
      }
      return out;
    }

    private Entry entry(int index) throws IOException {
      String where = kind.listKey() + "[" + index + "]";
      Set<String> fields = Set.of("fingerprint", kind.labelField(), "reason", "owner", "expires");
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw error(where + " must be an object with fingerprint, reason, owner and expires");
      }
      int line = line();
      Map<String, String> values = new HashMap<>();
      Map<String, Integer> lines = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (!fields.contains(key)) {
          throw error(where + "." + key + " is not a known field; use fingerprint, "
              + kind.labelField() + ", reason, owner, expires");
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
            + "' is not a fingerprint (32 hex digits); copy it from " + kind.fingerprintSource());
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
      Optional<String> label = Optional.ofNullable(values.get(kind.labelField()))
          .filter(s -> !s.isEmpty());
      return new Entry(fingerprint, label, reason, owner, expires, file + ":" + line);
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
