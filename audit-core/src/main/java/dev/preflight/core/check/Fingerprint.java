package dev.preflight.core.check;

import dev.preflight.core.vocabulary.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * A finding's identity across runs: hash(check id, genesis hash, address, field). It does not change
 * when the slot or the message does, so suppressions and report diffs can refer to it.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(String checkId, String genesisHash, String address, String field) {
    String joined = String.join("\u0000", checkId, nz(genesisHash), nz(address), nz(field));
    return Hashing.sha256Hex(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
