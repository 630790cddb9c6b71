package dev.preflight.core.idl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What tells accounts, instructions and events of a program apart.
 *
 * <p>Anchor: leading bytes (usually 8; 0.30+ IDLs may declare other lengths) that precede the value,
 * {@link #bytes()}. Codama adds {@link Condition}s that are checked but are not a prefix of the value:
 * constant bytes at an offset inside the data ({@code constantDiscriminatorNode}) and the data's exact
 * size ({@code sizeDiscriminatorNode}: SPL Token's Mint is 82 bytes, its Account 165). A Codama field
 * discriminator ({@code fieldDiscriminatorNode}) on the first field is read as the prefix, so an SPL Token
 * instruction's one-byte tag behaves like an Anchor discriminator. Data matches when the prefix and
 * every condition hold.
 */
public final class Discriminator {

  /** A check on the data besides the prefix. */
  public sealed interface Condition permits BytesAt, Size {
    boolean holds(byte[] data);
  }

  /** Constant bytes at an offset of the data. */
  public record BytesAt(int offset, byte[] value) implements Condition {
    public BytesAt {
      if (offset < 0) {
        throw new IllegalArgumentException("negative offset " + offset);
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean holds(byte[] data) {
      return data.length >= (long) offset + value.length
          && Arrays.equals(value, 0, value.length, data, offset, offset + value.length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesAt b && b.offset == offset && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return 31 * offset + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(value) + " at offset " + offset;
    }
  }

  /** The data is exactly this many bytes long. */
  public record Size(int bytes) implements Condition {
    @Override
    public boolean holds(byte[] data) {
      return data.length == bytes;
    }

    @Override
    public String toString() {
      return "size " + bytes;
    }
  }

  private final byte[] bytes;
  private final List<Condition> conditions;

  private Discriminator(byte[] bytes, List<Condition> conditions) {
    this.bytes = bytes;
    this.conditions = List.copyOf(conditions);
  }

  public static Discriminator of(byte[] bytes) {
    return new Discriminator(bytes.clone(), List.of());
  }

  /** A prefix (possibly empty) and conditions, as a Codama IDL declares them. */
  public static Discriminator of(byte[] prefix, List<Condition> conditions) {
    Objects.requireNonNull(conditions, "conditions");
    return new Discriminator(prefix.clone(), conditions);
  }

  /**
   * Anchor's derived discriminator: the first 8 bytes of {@code sha256("<namespace>:<name>")}.
   * Namespaces are {@code global} (instructions, snake_case name), {@code account} and {@code event}
   * (type name as written).
   */
  public static Discriminator anchor(String namespace, String name) {
    byte[] hash = sha256((namespace + ":" + name).getBytes(StandardCharsets.UTF_8));
    return new Discriminator(Arrays.copyOf(hash, 8), List.of());
  }

  /** Derived instruction discriminator; legacy camelCase names are converted as Anchor did. */
  public static Discriminator instruction(String name) {
    return anchor("global", Names.snakeCase(name));
  }

  public static Discriminator account(String name) {
    return anchor("account", name);
  }

  public static Discriminator event(String name) {
    return anchor("event", name);
  }

  /** Length of the prefix: where the value starts. */
  public int length() {
    return bytes.length;
  }

  /** The prefix that precedes the value (empty when only conditions identify the data). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Checks besides the prefix (Codama constant and size discriminators). */
  public List<Condition> conditions() {
    return conditions;
  }

  /** True when {@code data} starts with the prefix and every condition holds: the data is of this kind. */
  public boolean matches(byte[] data) {
    if (!matchesContent(data)) {
      return false;
    }
    for (Condition c : conditions) {
      if (!c.holds(data)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the prefix and the constant-bytes conditions hold, whatever the data's size. A size
   * discriminator recognises the plain form of an account (Token-2022's 82-byte Mint); the same type
   * with extensions appended is longer and still decodes as that type when asked by name.
   */
  public boolean matchesContent(byte[] data) {
    if (data.length < bytes.length || !Arrays.equals(bytes, 0, bytes.length, data, 0, bytes.length)) {
      return false;
    }
    for (Condition c : conditions) {
      if (c instanceof BytesAt && !c.holds(data)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How much of the data this discriminator pins down, to prefer the most specific of several
   * matches: bytes of the prefix and of constant conditions, plus one for a size condition.
   */
  public int specificity() {
    int n = bytes.length;
    for (Condition c : conditions) {
      n += c instanceof BytesAt b ? b.value.length : 1;
    }
    return n;
  }

  /** True when nothing at all identifies the data (a Codama item without discriminators). */
  public boolean isEmpty() {
    return bytes.length == 0 && conditions.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Discriminator d && Arrays.equals(bytes, d.bytes) && conditions.equals(d.conditions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + conditions.hashCode();
  }

  /** Lower-case hex of the prefix, as tools print it, then any conditions. */
  @Override
  public String toString() {
    if (conditions.isEmpty()) {
      return HexFormat.of().formatHex(bytes);
    }
    List<String> parts = new ArrayList<>();
    if (bytes.length > 0) {
      parts.add(HexFormat.of().formatHex(bytes));
    }
    for (Condition c : conditions) {
      parts.add(c.toString());
    }
    return String.join(" and ", parts);
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
