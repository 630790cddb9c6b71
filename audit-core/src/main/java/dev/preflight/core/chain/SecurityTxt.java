package dev.preflight.core.chain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The security.txt a program embeds with neodyme-labs' {@code security_txt!} macro: the bytes
 * {@code "=======BEGIN SECURITY.TXT V1=======\0"}, then NUL-terminated key and value strings
 * alternating, then {@code "=======END SECURITY.TXT V1=======\0"} (format and field names per
 * neodyme-labs/solana-security-txt {@code security-txt/src/lib.rs} and {@code parser.rs}).
 *
 * <p>Parsing is lenient and records what is wrong in {@link #parseProblems()} instead of failing, so a
 * report can show every problem at once; {@link #validate(LocalDate)} adds the policy problems
 * (required fields, expiry). The whole binary is searched, as neodyme's {@code find_and_parse} does.
 */
public record SecurityTxt(Map<String, String> fields, List<String> parseProblems) {

  public static final String BEGIN = "=======BEGIN SECURITY.TXT V1=======\0";
  public static final String END = "=======END SECURITY.TXT V1=======\0";

  /** Fields the format requires. */
  public static final List<String> REQUIRED = List.of("name", "project_url", "contacts", "policy");

  /** Every field the format knows. */
  public static final Set<String> KNOWN = Set.of("name", "project_url", "contacts", "policy", "preferred_languages",
      "encryption", "source_code", "source_revision", "source_release", "auditors", "acknowledgements", "expiry");

  /** Contact kinds the format defines ({@code Contact::from_str}). */
  public static final Set<String> CONTACT_KINDS = Set.of("email", "discord", "telegram", "twitter", "link", "other");

  public SecurityTxt {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    parseProblems = List.copyOf(parseProblems);
  }

  /** A problem found by {@link #validate(LocalDate)}: the field concerned and what is wrong. */
  public record Problem(String field, String message) {}

  /**
   * Finds and parses the security.txt in a program binary (ELF or ProgramData bytes); empty when the
   * binary has none.
   */
  public static Optional<SecurityTxt> find(byte[] binary) {
    byte[] begin = BEGIN.getBytes(StandardCharsets.US_ASCII);
    int start = indexOf(binary, begin, 0);
    if (start < 0) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    byte[] endMarker = END.getBytes(StandardCharsets.US_ASCII);
    int from = start + begin.length;
    int end = indexOf(binary, endMarker, from);
    if (end < 0) {
      problems.add("malformed: no end marker after the begin marker at offset " + start);
      end = binary.length;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> parts = new ArrayList<>();
    int p = from;
    while (p < end) {
      int z = p;
      while (z < end && binary[z] != 0) {
        z++;
      }
      if (z == end && problems.isEmpty()) {
        problems.add("malformed: the last part before the end marker is not NUL-terminated");
      }
      parts.add(utf8(binary, p, z, problems));
      p = z + 1;
    }
    if (parts.size() % 2 != 0) {
      problems.add("malformed: key '" + parts.getLast() + "' has no value (odd number of parts)");
    }
    for (int i = 0; i + 1 < parts.size(); i += 2) {
      String key = parts.get(i);
      if (fields.containsKey(key)) {
        problems.add("duplicate key '" + key + "' (the first value is kept)");
        continue;
      }
      if (!KNOWN.contains(key)) {
        problems.add("unknown key '" + key + "'");
      }
      fields.put(key, parts.get(i + 1));
    }
    return Optional.of(new SecurityTxt(fields, problems));
  }

  public Optional<String> field(String key) {
    return Optional.ofNullable(fields.get(key));
  }

  public Optional<String> name() {
    return field("name");
  }

  public Optional<String> projectUrl() {
    return field("project_url");
  }

  public Optional<String> policy() {
    return field("policy");
  }

  public Optional<String> encryption() {
    return field("encryption");
  }

  public Optional<String> sourceCode() {
    return field("source_code");
  }

  public Optional<String> sourceRevision() {
    return field("source_revision");
  }

  public Optional<String> sourceRelease() {
    return field("source_release");
  }

  public Optional<String> acknowledgements() {
    return field("acknowledgements");
  }

  public Optional<String> expiry() {
    return field("expiry");
  }

  /** Contacts as written, e.g. {@code email:security@example.com}; comma-separated in the file. */
  public List<String> contacts() {
    return list("contacts");
  }

  public List<String> preferredLanguages() {
    return list("preferred_languages");
  }

  public List<String> auditors() {
    return list("auditors");
  }

  private List<String> list(String key) {
    return field(key).map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList()).orElse(List.of());
  }

  /**
   * Everything wrong with this security.txt as of {@code today}: parse problems, missing required
   * fields, contacts not of the form {@code kind:value}, an expiry that is not a date or is past.
   */
  public List<Problem> validate(LocalDate today) {
    Objects.requireNonNull(today, "today");
    List<Problem> out = new ArrayList<>();
    for (String p : parseProblems) {
      out.add(new Problem("", p));
    }
    for (String r : REQUIRED) {
      if (field(r).map(String::isBlank).orElse(true)) {
        out.add(new Problem(r, "required field '" + r + "' is missing or empty"));
      }
    }
    for (String c : contacts()) {
      int colon = c.indexOf(':');
      String kind = colon < 0 ? "" : c.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      if (colon < 0 || !CONTACT_KINDS.contains(kind) || c.substring(colon + 1).isBlank()) {
        out.add(new Problem("contacts", "contact '" + c + "' is not kind:value with kind one of " + CONTACT_KINDS));
      }
    }
    expiry().ifPresent(e -> {
      try {
        LocalDate d = LocalDate.parse(e.trim());
        if (d.isBefore(today)) {
          out.add(new Problem("expiry", "expired on " + d + " (checked on " + today + ")"));
        }
      } catch (DateTimeParseException ex) {
        out.add(new Problem("expiry", "expiry '" + e + "' is not a date of the form YYYY-MM-DD"));
      }
    });
    return out;
  }

  /** The bytes the macro embeds for these fields (for tests and fixtures). */
  public static byte[] encode(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder(BEGIN);
    fields.forEach((k, v) -> sb.append(k).append('\0').append(v).append('\0'));
    sb.append(END);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b, int from, int to, List<String> problems) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      problems.add("malformed: bytes at offset " + from + " are not valid UTF-8");
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      if (hay[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
