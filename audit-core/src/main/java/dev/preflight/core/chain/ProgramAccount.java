package dev.preflight.core.chain;

import java.util.Objects;
import software.sava.core.accounts.PublicKey;

/**
 * What a program account says about where the program's code lives and who can change it: the first
 * step of every upgrade-authority check (program -> loader -> ProgramData -> authority).
 */
public sealed interface ProgramAccount
    permits ProgramAccount.Immutable, ProgramAccount.Upgradeable, ProgramAccount.V4 {

  /** Owned by one of the two original loaders: the account holds the ELF and can never change. */
  record Immutable(Loaders.Kind loader) implements ProgramAccount {
    public Immutable {
      Objects.requireNonNull(loader, "loader");
    }
  }

  /**
   * Owned by the upgradeable loader: code and authority live in the ProgramData account.
   *
   * @param programData the address the program account points at
   * @param canonical true when that address is the PDA the loader derives for the program id (a
   *     program account pointing elsewhere is not something the loader creates)
   */
  record Upgradeable(PublicKey programData, boolean canonical) implements ProgramAccount {
    public Upgradeable {
      Objects.requireNonNull(programData, "programData");
    }
  }

  /** Owned by loader-v4: header and code in the program account itself. */
  record V4(LoaderV4State state) implements ProgramAccount {
    public V4 {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Reads a program account.
   *
   * @param owner the account's owner (its loader)
   * @throws ChainDecodeException when the owner is not a loader or the data is not a program account
   */
  static ProgramAccount read(PublicKey programId, PublicKey owner, byte[] data) {
    String address = programId.toBase58();
    Loaders.Kind kind = Loaders.Kind.ofOwner(owner).orElseThrow(() -> new ChainDecodeException("program account",
        address, 0, "is owned by " + owner.toBase58() + ", which is not a program loader",
        "Check the program id; a program account is owned by a BPF loader"));
    return switch (kind) {
      case DEPRECATED, V2 -> new Immutable(kind);
      case UPGRADEABLE -> {
        if (UpgradeableLoaderState.decode(data, address) instanceof UpgradeableLoaderState.Program p) {
          yield new Upgradeable(p.programDataAddress(),
              Loaders.same(p.programDataAddress(), UpgradeableLoaderState.programDataAddress(programId)));
        }
        throw new ChainDecodeException("program account", address, 0,
            "is an upgradeable-loader account but not a Program (state tag " + Bytes.u32(data, 0) + ")",
            "Give the program id, not a buffer or ProgramData address");
      }
      case V4 -> new V4(LoaderV4State.decode(data, address));
    };
  }
}
