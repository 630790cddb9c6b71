package dev.preflight.core.idl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The leading bytes that tell Anchor accounts, instructions and events apart. Usually 8 bytes;
 * 0.30+ IDLs may declare shorter or longer custom discriminators, so the length is not fixed.
 */
public final class Discriminator {

  private final byte[] bytes;

  private Discriminator(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Discriminator of(byte[] bytes) {
    return new Discriminator(bytes.clone());
  }

  /**
   * Anchor's derived discriminator: the first 8 bytes of {@code sha256("<namespace>:<name>")}.
   * Namespaces are {@code global} (instructions, snake_case name), {@code account} and {@code event}
   * (type name as written).
   */
  public static Discriminator anchor(String namespace, String name) {
    byte[] hash = sha256((namespace + ":" + name).getBytes(StandardCharsets.UTF_8));
    return new Discriminator(Arrays.copyOf(hash, 8));
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

  public int length() {
    return bytes.length;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** True when {@code data} starts with this discriminator. */
  public boolean matches(byte[] data) {
    if (data.length < bytes.length) {
      return false;
    }
    return Arrays.equals(bytes, 0, bytes.length, data, 0, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Discriminator d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Lower-case hex, as tools print it. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
