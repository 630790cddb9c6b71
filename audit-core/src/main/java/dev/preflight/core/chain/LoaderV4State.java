package dev.preflight.core.chain;

import java.util.Arrays;
import java.util.Objects;
import software.sava.core.accounts.PublicKey;

/**
 * Header of a loader-v4 program account ({@code LoaderV411111111111111111111111111111111111}): a
 * {@code #[repr(C)]} struct, not bincode. Per solana-sdk {@code loader-v4-interface/src/state.rs}
 * (last version before the crate left that repository, commit 9604a98d^): {@code slot: u64} at 0x00,
 * {@code authority_address_or_next_version: Pubkey} at 0x08, {@code status: LoaderV4Status} as
 * {@code #[repr(u64)]} at 0x28 (0 Retracted, 1 Deployed, 2 Finalized); the ELF starts at 0x30 = 48.
 * SIMD-0167 also describes this 48-byte header. A proposed revision (not merged there) renumbers the
 * status as u32 with Uninitialized and Buffered first; unknown status values are therefore kept as
 * {@link Status#UNKNOWN} with the raw number rather than rejected.
 *
 * @param authorityOrNextVersion the authority while not finalized; once finalized, the next version
 */
public record LoaderV4State(long slot, PublicKey authorityOrNextVersion, Status status, long rawStatus) {

  public static final int HEADER_SIZE = 48;

  public enum Status {
    RETRACTED,
    DEPLOYED,
    FINALIZED,
    UNKNOWN
  }

  public LoaderV4State {
    Objects.requireNonNull(authorityOrNextVersion, "authorityOrNextVersion");
    Objects.requireNonNull(status, "status");
  }

  public LoaderV4State(long slot, PublicKey authorityOrNextVersion, Status status) {
    this(slot, authorityOrNextVersion, status, status.ordinal());
  }

  /** Decodes the header of a loader-v4 program account. */
  public static LoaderV4State decode(byte[] data, String address) {
    if (data.length < HEADER_SIZE) {
      throw new ChainDecodeException("loader-v4 program account", address, data.length,
          "has " + data.length + " bytes, needs at least the " + HEADER_SIZE + "-byte header",
          "Check that the account is owned by LoaderV411111111111111111111111111111111111");
    }
    long raw = Bytes.u64(data, 0x28);
    Status status = raw >= 0 && raw <= 2 ? Status.values()[(int) raw] : Status.UNKNOWN;
    return new LoaderV4State(Bytes.u64(data, 0), PublicKey.readPubKey(data, 0x08), status, raw);
  }

  /** True when the program can no longer be changed by its authority. */
  public boolean finalized() {
    return status == Status.FINALIZED;
  }

  /** The 48-byte header as the loader lays it out. */
  public byte[] encode() {
    byte[] out = new byte[HEADER_SIZE];
    Bytes.putU64(out, 0, slot);
    System.arraycopy(authorityOrNextVersion.toByteArray(), 0, out, 0x08, 32);
    Bytes.putU64(out, 0x28, rawStatus);
    return out;
  }

  /** A whole loader-v4 program account: header then ELF. */
  public byte[] encodeAccount(byte[] elf) {
    byte[] out = Arrays.copyOf(encode(), HEADER_SIZE + elf.length);
    System.arraycopy(elf, 0, out, HEADER_SIZE, elf.length);
    return out;
  }
}
