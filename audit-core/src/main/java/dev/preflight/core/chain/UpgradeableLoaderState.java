package dev.preflight.core.chain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * State of an account owned by the upgradeable loader ({@code BPFLoaderUpgradeab1e...}): bincode
 * serialisation of agave's {@code UpgradeableLoaderState} enum, a u32 little-endian variant tag then
 * the variant's fields; {@code Option<Pubkey>} is a one-byte tag then, when present, 32 bytes.
 *
 * <p>Layout per solana-sdk {@code loader-v3-interface/src/state.rs}: Uninitialized (tag 0, 4 bytes),
 * Buffer {@code {authority_address: Option<Pubkey>}} (tag 1, metadata 37 bytes, then the program
 * bytes), Program {@code {programdata_address}} (tag 2, 36 bytes), ProgramData {@code {slot: u64,
 * upgrade_authority_address: Option<Pubkey>}} (tag 3, metadata 45 bytes, then the ELF). The metadata sizes are fixed whatever the
 * option holds: when an authority is removed the loader rewrites only the first bytes, so the 32
 * bytes after a {@code None} tag may still hold the old key and are ignored here.
 */
public sealed interface UpgradeableLoaderState
    permits UpgradeableLoaderState.Uninitialized, UpgradeableLoaderState.Buffer, UpgradeableLoaderState.Program,
        UpgradeableLoaderState.ProgramData {

  int SIZE_OF_UNINITIALIZED = 4;
  int BUFFER_METADATA_SIZE = 37;
  int PROGRAM_SIZE = 36;
  int PROGRAMDATA_METADATA_SIZE = 45;

  record Uninitialized() implements UpgradeableLoaderState {}

  /** A buffer holding program bytes before deployment; the bytes start at {@link #BUFFER_METADATA_SIZE}. */
  record Buffer(Optional<PublicKey> authority) implements UpgradeableLoaderState {
    public Buffer {
      Objects.requireNonNull(authority, "authority");
    }
  }

  /** The program account: executable, points at its ProgramData account. */
  record Program(PublicKey programDataAddress) implements UpgradeableLoaderState {
    public Program {
      Objects.requireNonNull(programDataAddress, "programDataAddress");
    }
  }

  /**
   * The ProgramData account: slot of the last deployment, upgrade authority (empty: the program is
   * immutable), then the ELF at {@link #PROGRAMDATA_METADATA_SIZE}.
   */
  record ProgramData(long slot, Optional<PublicKey> upgradeAuthority) implements UpgradeableLoaderState {
    public ProgramData {
      Objects.requireNonNull(upgradeAuthority, "upgradeAuthority");
    }
  }

  /**
   * Decodes the state at the start of an upgradeable-loader account.
   *
   * @param address the account's address for messages, may be null
   * @throws ChainDecodeException when the data is too short or the tags are invalid
   */
  static UpgradeableLoaderState decode(byte[] data, String address) {
    String kind = "upgradeable-loader account";
    if (data.length < 4) {
      throw new ChainDecodeException(kind, address, 0, "has " + data.length + " bytes, needs at least 4 for the state tag",
          "Check that the account is owned by BPFLoaderUpgradeab1e11111111111111111111111");
    }
    long tag = Bytes.u32(data, 0);
    return switch ((int) Math.min(tag, 4)) {
      case 0 -> new Uninitialized();
      case 1 -> {
        need(data, BUFFER_METADATA_SIZE, "Buffer account", address);
        yield new Buffer(option(data, 4, "Buffer account", address));
      }
      case 2 -> {
        need(data, PROGRAM_SIZE, "Program account", address);
        yield new Program(PublicKey.readPubKey(data, 4));
      }
      case 3 -> {
        need(data, PROGRAMDATA_METADATA_SIZE, "ProgramData account", address);
        yield new ProgramData(Bytes.u64(data, 4), option(data, 12, "ProgramData account", address));
      }
      default -> throw new ChainDecodeException(kind, address, 0,
          "state tag is " + tag + "; the loader defines 0 (Uninitialized) to 3 (ProgramData)",
          "Check that the account is owned by the upgradeable loader");
    };
  }

  /** Decodes, requiring a ProgramData account. */
  static ProgramData decodeProgramData(byte[] data, String address) {
    if (decode(data, address) instanceof ProgramData pd) {
      return pd;
    }
    throw new ChainDecodeException("ProgramData account", address, 0,
        "holds upgradeable-loader state tag " + Bytes.u32(data, 0) + ", not 3 (ProgramData)",
        "Give the ProgramData address (derive it with programDataAddress(programId)), not the program address");
  }

  /** The ELF bytes stored after the ProgramData metadata (possibly followed by zero padding). */
  static byte[] programDataElf(byte[] programDataAccount) {
    return Arrays.copyOfRange(programDataAccount, Math.min(PROGRAMDATA_METADATA_SIZE, programDataAccount.length),
        programDataAccount.length);
  }

  /**
   * The ProgramData address of a program: the PDA of seeds {@code [program_id]} under the upgradeable
   * loader (agave {@code get_program_data_address}).
   */
  static PublicKey programDataAddress(PublicKey programId) {
    return PublicKey.findProgramAddress(List.of(programId.toByteArray()), Loaders.BPF_LOADER_UPGRADEABLE).publicKey();
  }

  /** Serialises the state as the loader writes it (metadata only, fixed size for each variant). */
  default byte[] encode() {
    return switch (this) {
      case Uninitialized u -> new byte[4];
      case Buffer b -> {
        byte[] out = new byte[BUFFER_METADATA_SIZE];
        Bytes.putU32(out, 0, 1);
        putOption(out, 4, b.authority());
        yield out;
      }
      case Program p -> {
        byte[] out = new byte[PROGRAM_SIZE];
        Bytes.putU32(out, 0, 2);
        System.arraycopy(p.programDataAddress().toByteArray(), 0, out, 4, 32);
        yield out;
      }
      case ProgramData pd -> {
        byte[] out = new byte[PROGRAMDATA_METADATA_SIZE];
        Bytes.putU32(out, 0, 3);
        Bytes.putU64(out, 4, pd.slot());
        putOption(out, 12, pd.upgradeAuthority());
        yield out;
      }
    };
  }

  /**
   * A whole ProgramData account as the loader lays it out: metadata, the ELF, then zero bytes up to
   * {@code dataLength} (deployments reserve room for upgrades with {@code --max-len}).
   */
  static byte[] programDataAccount(ProgramData state, byte[] elf, int dataLength) {
    int len = Math.max(dataLength, PROGRAMDATA_METADATA_SIZE + elf.length);
    byte[] out = Arrays.copyOf(state.encode(), len);
    System.arraycopy(elf, 0, out, PROGRAMDATA_METADATA_SIZE, elf.length);
    return out;
  }

  private static void putOption(byte[] out, int at, Optional<PublicKey> key) {
    if (key.isPresent()) {
      out[at] = 1;
      System.arraycopy(key.get().toByteArray(), 0, out, at + 1, 32);
    }
  }

  private static Optional<PublicKey> option(byte[] data, int at, String kind, String address) {
    int tag = data[at] & 0xFF;
    if (tag == 0) {
      return Optional.empty();
    }
    if (tag != 1) {
      throw new ChainDecodeException(kind, address, at, "authority option tag at offset " + at + " is " + tag
          + ", expected 0 or 1", "The account data is corrupt or not upgradeable-loader state");
    }
    return Optional.of(PublicKey.readPubKey(data, at + 1));
  }

  private static void need(byte[] data, int size, String kind, String address) {
    if (data.length < size) {
      throw new ChainDecodeException(kind, address, data.length, "has " + data.length + " bytes, needs " + size,
          "The account is truncated or not upgradeable-loader state");
    }
  }
}
