package dev.preflight.core.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.sava.core.accounts.PublicKey;

/**
 * The SPL Token native multisig account, the same 355-byte {@code Pack} layout under Token and
 * Token-2022: {@code m: u8} (signatures required), {@code n: u8} (valid signers),
 * {@code is_initialized: bool}, {@code signers: [Pubkey; 11]} (only the first {@code n} count).
 *
 * @param signers the first {@code n} signer keys
 */
public record SplMultisig(int m, int n, boolean initialized, List<PublicKey> signers) {

  public static final int SIZE = 355;
  public static final int MAX_SIGNERS = 11;

  public SplMultisig {
    signers = List.copyOf(signers);
    if (m < 0 || m > 255 || n < 0 || n > MAX_SIGNERS || signers.size() != n) {
      throw new IllegalArgumentException("m=" + m + " n=" + n + " signers=" + signers.size());
    }
  }

  /** True when the owner is the Token or Token-2022 program and the size is the multisig size. */
  public static boolean isMultisig(PublicKey owner, byte[] data) {
    return TokenMints.isTokenProgram(owner) && data.length == SIZE;
  }

  /** Decodes a multisig account's data. */
  public static SplMultisig decode(byte[] data, String address) {
    Objects.requireNonNull(data, "data");
    if (data.length != SIZE) {
      throw new ChainDecodeException("SPL Token multisig", address, Math.min(data.length, SIZE),
          "has " + data.length + " bytes, a multisig has exactly " + SIZE,
          "Check that the address is a token multisig (not a mint or token account)");
    }
    int m = data[0] & 0xFF;
    int n = data[1] & 0xFF;
    int init = data[2] & 0xFF;
    if (init > 1) {
      throw new ChainDecodeException("SPL Token multisig", address, 2, "is_initialized byte is " + init
          + ", expected 0 or 1", "The account data is corrupt or not a token multisig");
    }
    if (n > MAX_SIGNERS) {
      throw new ChainDecodeException("SPL Token multisig", address, 1, "n is " + n + ", at most " + MAX_SIGNERS
          + " signers fit", "The account data is corrupt or not a token multisig");
    }
    List<PublicKey> signers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      signers.add(PublicKey.readPubKey(data, 3 + 32 * i));
    }
    return new SplMultisig(m, n, init == 1, signers);
  }

  /** The 355 bytes the token program stores; unused signer slots are zero. */
  public byte[] encode() {
    byte[] out = new byte[SIZE];
    out[0] = (byte) m;
    out[1] = (byte) n;
    out[2] = (byte) (initialized ? 1 : 0);
    for (int i = 0; i < signers.size(); i++) {
      System.arraycopy(signers.get(i).toByteArray(), 0, out, 3 + 32 * i, 32);
    }
    return out;
  }

  /** The token program's own validity rule: initialized and {@code 1 <= m <= n}. */
  public boolean valid() {
    return initialized && m >= 1 && m <= n;
  }
}
