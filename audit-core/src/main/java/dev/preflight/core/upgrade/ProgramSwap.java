package dev.preflight.core.upgrade;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import software.sava.core.accounts.PublicKey;

/**
 * Puts a candidate binary in place of the deployed one, at the same address, on a validator on
 * this machine. For the upgradeable loader the ProgramData account keeps its 45-byte header
 * (deployment slot, authority) and gets the candidate's ELF after it, then the Program account is
 * written again: the embedded validator compiles a program when its executable account is written
 * (validator README, "Cheatcodes"), which is also how a revert brings the deployed bytes back.
 */
final class ProgramSwap {
  static final PublicKey UPGRADEABLE_LOADER = PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");
  static final PublicKey LOADER_V2 = PublicKey.fromBase58Encoded("BPFLoader2111111111111111111111111111111111");
  /** ProgramData header: u32 tag 3, u64 slot, Option<Pubkey> authority (solana-loader-v3-interface state.rs). */
  static final int PROGRAM_DATA_HEADER = 45;
  /** Rent: 3,480 lamports per byte-year, two years, plus 128 bytes of account overhead. */
  private static final long RENT_PER_BYTE = 6_960;

  private ProgramSwap() {}

  /** Writes {@code elf} as the program's code; returns the program hash read back from the validator. */
  static String install(RpcValidator v, PublicKey programId, byte[] elf) {
    AccountState program = v.account(programId).orElseThrow(() -> new PreflightException(
        "program " + programId.toBase58() + " does not exist on the validator; nothing to replace"));
    if (program.owner().equals(UPGRADEABLE_LOADER)) {
      if (program.data().length < 36) {
        throw new PreflightException("program " + programId.toBase58() + " is not a Program account of "
            + "the upgradeable loader (" + program.data().length + " bytes)");
      }
      PublicKey dataAddress = PublicKey.readPubKey(program.data(), 4);
      AccountState pd = v.account(dataAddress).orElseThrow(() -> new PreflightException(
          "ProgramData " + dataAddress.toBase58() + " of " + programId.toBase58() + " is missing"));
      byte[] data = new byte[PROGRAM_DATA_HEADER + elf.length];
      System.arraycopy(pd.data(), 0, data, 0, PROGRAM_DATA_HEADER);
      System.arraycopy(elf, 0, data, PROGRAM_DATA_HEADER, elf.length);
      v.setAccount(dataAddress, Math.max(pd.lamports(), rentExempt(data.length)), data, pd.owner(), false);
      v.setAccount(programId, program.lamports(), program.data(), program.owner(), true);
      return v.account(dataAddress).map(a -> ProgramHash.ofProgramDataAccount(a.data())).orElseThrow();
    }
    if (program.owner().equals(LOADER_V2)) {
      v.setAccount(programId, Math.max(program.lamports(), rentExempt(elf.length)), elf, program.owner(), true);
      return v.account(programId).map(a -> ProgramHash.ofLegacyProgramAccount(a.data())).orElseThrow();
    }
    throw new PreflightException("program " + programId.toBase58() + " is owned by "
        + program.owner().toBase58() + "; the upgrade diff replaces programs of the upgradeable "
        + "loader and BPFLoader2 only");
  }

  static long rentExempt(int length) {
    return RENT_PER_BYTE * (128L + length);
  }
}
