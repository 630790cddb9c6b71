package dev.preflight.core.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The upgradeable loader's instructions that change who runs what, recognised from instruction
 * data: the tag is a little-endian u32 (bincode of {@code UpgradeableLoaderInstruction} in
 * solana-loader-v3-interface {@code instruction.rs}). Account positions, from the same source:
 * {@code Upgrade} [programdata, program, buffer, spill, rent, clock, authority]; {@code
 * SetAuthority} and {@code SetAuthorityChecked} [account, current authority, new authority];
 * {@code Close} [account, recipient, authority, program].
 */
public enum LoaderInstruction {
  UPGRADE(3, "Upgrade", 0, 1),
  SET_AUTHORITY(4, "SetAuthority", 0, -1),
  CLOSE(5, "Close", 0, 3),
  SET_AUTHORITY_CHECKED(7, "SetAuthorityChecked", 0, -1);

  private final int tag;
  private final String label;
  private final int programDataAccount;
  private final int programAccount;

  LoaderInstruction(int tag, String label, int programDataAccount, int programAccount) {
    this.tag = tag;
    this.label = label;
    this.programDataAccount = programDataAccount;
    this.programAccount = programAccount;
  }

  public int tag() {
    return tag;
  }

  public String label() {
    return label;
  }

  /** Position of the ProgramData (or buffer) account among the instruction's accounts. */
  public int programDataAccount() {
    return programDataAccount;
  }

  /** Position of the program account, or empty when the instruction does not name it. */
  public Optional<Integer> programAccount() {
    return programAccount < 0 ? Optional.empty() : Optional.of(programAccount);
  }

  /** What an upgradeable-loader instruction with {@code data} does, when it is one of these. */
  public static Optional<LoaderInstruction> of(byte[] data) {
    if (data.length < 4) {
      return Optional.empty();
    }
    int t = ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    for (LoaderInstruction i : values()) {
      if (i.tag == t) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Instruction data for this instruction (the tag; these carry no arguments). */
  public byte[] data() {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tag).array();
  }
}
