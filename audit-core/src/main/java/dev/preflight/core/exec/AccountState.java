package dev.preflight.core.exec;

import software.sava.core.accounts.PublicKey;

/** An account as the validator reported it. */
public record AccountState(PublicKey address, long lamports, PublicKey owner, byte[] data,
                           boolean executable) {

  /** SPL Token (and Token-2022 base layout) account fields, when this looks like a token account. */
  public boolean isTokenAccount(PublicKey tokenProgram) {
    return owner.equals(tokenProgram) && data.length >= 165;
  }

  /** Mint of a token account (offset 0). */
  public PublicKey tokenMint() {
    return PublicKey.readPubKey(data, 0);
  }

  /** SPL owner of a token account (offset 32). */
  public PublicKey tokenOwner() {
    return PublicKey.readPubKey(data, 32);
  }

  /** Amount of a token account (u64 LE at offset 64), layout per spl-token state::Account. */
  public long tokenAmount() {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[64 + i] & 0xFF);
    }
    return v;
  }
}
