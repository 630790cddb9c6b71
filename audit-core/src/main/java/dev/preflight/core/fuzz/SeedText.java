package dev.preflight.core.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import software.sava.core.accounts.PublicKey;

/**
 * One PDA seed written as text, in the syntax of the policy's account selectors: {@code
 * string:config}, {@code pubkey:<base58>}, {@code hex:00ff}, {@code u8/u16/u32/u64:<n>} (integers
 * little-endian, as Rust's {@code to_le_bytes()}); a bare word is a UTF-8 string.
 */
final class SeedText {
  static final String SYNTAX = "string:<text>, pubkey:<base58>, hex:<bytes>, u8/u16/u32/u64:<n>";

  private SeedText() {}

  /** The seed's bytes; {@link IllegalArgumentException} saying why when it cannot be read. */
  static byte[] bytes(String text) {
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "string" : text.substring(0, colon);
    String value = colon < 0 ? text : text.substring(colon + 1);
    return switch (kind) {
      case "string", "str" -> value.getBytes(StandardCharsets.UTF_8);
      case "pubkey" -> PublicKey.fromBase58Encoded(value).toByteArray();
      case "hex" -> HexFormat.of().parseHex(value);
      case "u8" -> new byte[] {(byte) Integer.parseInt(value)};
      case "u16" -> le(2).putShort((short) Integer.parseInt(value)).array();
      case "u32" -> le(4).putInt((int) Long.parseLong(value)).array();
      case "u64" -> le(8).putLong(Long.parseUnsignedLong(value)).array();
      default -> throw new IllegalArgumentException("unknown seed kind '" + kind + "'");
    };
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
