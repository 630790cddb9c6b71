package dev.preflight.core.snapshot;

import dev.preflight.core.vocabulary.Hashing;
import java.math.BigInteger;
import java.util.Arrays;
import software.sava.core.accounts.PublicKey;

/** An account as the cluster returned it, at {@code slot}. */
public record AccountRecord(PublicKey address, long lamports, PublicKey owner, boolean executable,
                            BigInteger rentEpoch, byte[] data, long slot) {

  public AccountRecord {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Read-only access without a copy, for decoders on hot paths. */
  public int length() {
    return data.length;
  }

  public String dataSha256() {
    return sha256Hex(data);
  }

  public static String sha256Hex(byte[] bytes) {
    return Hashing.sha256Hex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountRecord r && r.address.equals(address) && r.lamports == lamports
        && r.owner.equals(owner) && r.executable == executable && r.rentEpoch.equals(rentEpoch)
        && Arrays.equals(r.data, data) && r.slot == slot;
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AccountRecord[" + address.toBase58() + ", owner=" + owner.toBase58() + ", "
        + data.length + " bytes, slot " + slot + "]";
  }
}
