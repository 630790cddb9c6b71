package dev.preflight.checks.support;

import dev.preflight.core.PreflightException;
import dev.preflight.core.policy.Policy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/** Resolves a policy {@link Policy.AccountSelector} to an address (fixed, or a PDA). */
public final class Seeds {
  private Seeds() {}

  public static PublicKey address(Policy.AccountSelector sel, PublicKey defaultProgram) {
    if (sel.address().isPresent()) {
      return PublicKey.fromBase58Encoded(sel.address().get());
    }
    PublicKey program = sel.programId().map(PublicKey::fromBase58Encoded).orElse(defaultProgram);
    List<byte[]> seeds = new ArrayList<>();
    for (String s : sel.seeds()) {
      seeds.add(seed(s));
    }
    return PublicKey.findProgramAddress(seeds, program).publicKey();
  }

  /** One seed written {@code kind:value}; a bare word is a UTF-8 string seed. */
  public static byte[] seed(String text) {
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "string" : text.substring(0, colon);
    String value = colon < 0 ? text : text.substring(colon + 1);
    try {
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
    } catch (IllegalArgumentException e) {
      throw new PreflightException("seed '" + text + "' cannot be read: " + e.getMessage()
          + "; write seeds as string:<text>, pubkey:<base58>, hex:<bytes>, u8/u16/u32/u64:<n>.");
    }
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
