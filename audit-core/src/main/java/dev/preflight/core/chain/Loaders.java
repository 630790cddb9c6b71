package dev.preflight.core.chain;

import java.util.Arrays;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/** The program loaders of Solana and how each stores a program. */
public final class Loaders {

  private Loaders() {}

  /** Deprecated first loader: the program account holds the ELF; programs are immutable. */
  public static final PublicKey BPF_LOADER_DEPRECATED =
      PublicKey.fromBase58Encoded("BPFLoader1111111111111111111111111111111111");

  /** Second loader: the program account holds the ELF; programs are immutable. */
  public static final PublicKey BPF_LOADER = PublicKey.fromBase58Encoded("BPFLoader2111111111111111111111111111111111");

  /** Upgradeable loader (loader-v3): program account points at a ProgramData account holding the ELF. */
  public static final PublicKey BPF_LOADER_UPGRADEABLE =
      PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");

  /** Loader-v4: one account per program, a 48-byte header then the ELF. */
  public static final PublicKey LOADER_V4 = PublicKey.fromBase58Encoded("LoaderV411111111111111111111111111111111111");

  /** The loader kinds, by owner of the program account. */
  public enum Kind {
    DEPRECATED(BPF_LOADER_DEPRECATED),
    V2(BPF_LOADER),
    UPGRADEABLE(BPF_LOADER_UPGRADEABLE),
    V4(LOADER_V4);

    private final PublicKey id;

    Kind(PublicKey id) {
      this.id = id;
    }

    public PublicKey id() {
      return id;
    }

    /** The loader kind for the owner of a program account; empty when the owner is no loader. */
    public static Optional<Kind> ofOwner(PublicKey owner) {
      for (Kind k : values()) {
        if (Arrays.equals(k.id.toByteArray(), owner.toByteArray())) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }

    /** True for the loaders whose programs can never be changed. */
    public boolean immutable() {
      return this == DEPRECATED || this == V2;
    }
  }

  static boolean same(PublicKey a, PublicKey b) {
    return Arrays.equals(a.toByteArray(), b.toByteArray());
  }
}
