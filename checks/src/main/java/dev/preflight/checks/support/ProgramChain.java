package dev.preflight.checks.support;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.LoaderV4State;
import dev.preflight.core.chain.Loaders;
import dev.preflight.core.chain.ProgramAccount;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * A program's deployment as read from one cluster: program account, ProgramData (for the
 * upgradeable loader), upgrade authority and the authority's own account. Built purely from a
 * snapshot; {@link #needs} says which accounts to read next.
 */
public sealed interface ProgramChain {

  /** Accounts to read so that the chain can be followed one step further. */
  static Set<PublicKey> needs(PublicKey programId, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>();
    out.add(programId);
    switch (resolve(programId, cluster)) {
      case Upgradeable u -> {
        out.add(u.programData().address());
        u.authority().ifPresent(out::add);
      }
      case PendingProgramData p -> out.add(p.programDataAddress());
      case V4 v -> v.authority().ifPresent(out::add);
      default -> { }
    }
    return out;
  }

  /** Follows the chain as far as the snapshot allows. */
  static ProgramChain resolve(PublicKey programId, ClusterSnapshot cluster) {
    Lookup pl = cluster.lookup(programId);
    return switch (pl) {
      case Lookup.Unavailable u -> new Unknown("program account " + programId.toBase58()
          + " could not be read: " + u.reason(), List.of());
      case Lookup.Absent a -> new Missing(programId, List.of(
          Evidence.absent(cluster, programId.toBase58(), "program account")));
      case Lookup.Present p -> fromProgram(programId, p.account(), cluster);
    };
  }

  private static ProgramChain fromProgram(PublicKey programId, AccountRecord program,
                                          ClusterSnapshot cluster) {
    ProgramAccount pa;
    try {
      pa = ProgramAccount.read(programId, program.owner(), program.data());
    } catch (PreflightException e) {
      return new NotAProgram(e.getMessage(), List.of(Evidence.account(cluster, program, "owner",
          program.owner().toBase58())));
    }
    return switch (pa) {
      case ProgramAccount.Immutable im -> new Immutable(program, im.loader().name(),
          List.of(Evidence.account(cluster,
              program, "loader", program.owner().toBase58() + " (" + im.loader()
                  + ", immutable)")));
      case ProgramAccount.V4 v4 -> {
        LoaderV4State st = v4.state();
        Optional<PublicKey> authority = st.status() == LoaderV4State.Status.FINALIZED
            ? Optional.empty() : Optional.of(st.authorityOrNextVersion());
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.account(cluster, program, "loader-v4 status", st.status().name()));
        ev.add(Evidence.account(cluster, program, "loader-v4 authority",
            authority.map(PublicKey::toBase58).orElse("none (finalized)")));
        authority.ifPresent(a -> ev.add(authorityEvidence(cluster, a)));
        yield new V4(program, authority, authority.map(cluster::lookup), ev);
      }
      case ProgramAccount.Upgradeable up -> {
        Evidence pe = Evidence.account(cluster, program, "programdata_address",
            up.programData().toBase58() + (up.canonical() ? "" : " (NOT the derived address)"));
        Lookup dl = cluster.lookup(up.programData());
        yield switch (dl) {
          case Lookup.Unavailable u -> new PendingProgramData(up.programData(),
              "ProgramData " + up.programData().toBase58() + " not read: " + u.reason(),
              List.of(pe));
          case Lookup.Absent a -> new NotAProgram("the program points at ProgramData "
              + up.programData().toBase58() + ", which does not exist",
              List.of(pe, Evidence.absent(cluster, up.programData().toBase58(), "ProgramData")));
          // Only the loader can own real ProgramData; bytes that look right under another owner
          // come from a lying endpoint or an edited snapshot and prove nothing.
          case Lookup.Present d when !d.account().owner().equals(Loaders.BPF_LOADER_UPGRADEABLE) ->
              new NotAProgram("the program's ProgramData " + up.programData().toBase58()
                  + " is owned by " + d.account().owner().toBase58() + ", not the upgradeable "
                  + "loader " + Loaders.BPF_LOADER_UPGRADEABLE.toBase58(), List.of(pe,
                  Evidence.account(cluster, d.account(), "owner", d.account().owner().toBase58())));
          case Lookup.Present d -> {
            try {
              UpgradeableLoaderState.ProgramData pd = UpgradeableLoaderState.decodeProgramData(
                  d.account().data(), up.programData().toBase58());
              List<Evidence> ev = new ArrayList<>();
              ev.add(pe);
              ev.add(Evidence.account(cluster, d.account(), "deploy slot",
                  Long.toString(pd.slot())));
              ev.add(Evidence.account(cluster, d.account(), "upgrade_authority",
                  pd.upgradeAuthority().map(PublicKey::toBase58).orElse("none (immutable)")));
              pd.upgradeAuthority().ifPresent(a -> ev.add(authorityEvidence(cluster, a)));
              yield new Upgradeable(program, d.account(), pd.upgradeAuthority(),
                  pd.upgradeAuthority().map(cluster::lookup), up.canonical(), ev);
            } catch (PreflightException e) {
              yield new NotAProgram(e.getMessage(), List.of(pe));
            }
          }
        };
      }
    };
  }

  private static Evidence authorityEvidence(ClusterSnapshot cluster, PublicKey authority) {
    return switch (cluster.lookup(authority)) {
      case Lookup.Present p -> Evidence.account(cluster, p.account(), "authority account",
          "owner " + p.account().owner().toBase58() + ", " + p.account().length() + " bytes");
      case Lookup.Absent a -> Evidence.absent(cluster, authority.toBase58(), "authority account");
      case Lookup.Unavailable u -> Evidence.note("authority account " + authority.toBase58(),
          "not read: " + u.reason());
    };
  }

  /** The evidence rows that show the chain so far. */
  List<Evidence> evidence();

  /**
   * The executable's hash as solana-verify computes it, when the chain reached the code; computed on
   * demand, since following the chain for {@link #needs} does not need it.
   */
  default Optional<String> programHash() {
    return Optional.empty();
  }

  /** The ELF bytes, when the chain reached the code. */
  default Optional<byte[]> elf() {
    return Optional.empty();
  }

  /** The evidence could not be read. */
  record Unknown(String reason, List<Evidence> evidence) implements ProgramChain {}

  /** ProgramData could not be read yet (or at all). */
  record PendingProgramData(PublicKey programDataAddress, String reason, List<Evidence> evidence)
      implements ProgramChain {}

  /** No account at the program address. */
  record Missing(PublicKey programId, List<Evidence> evidence) implements ProgramChain {}

  /** The account exists but is not a program that can be followed. */
  record NotAProgram(String reason, List<Evidence> evidence) implements ProgramChain {}

  /** Deployed with a loader that cannot upgrade. */
  record Immutable(AccountRecord program, String loader, List<Evidence> evidence)
      implements ProgramChain {
    @Override
    public Optional<String> programHash() {
      return Optional.of(ProgramHash.ofLegacyProgramAccount(program.data()));
    }

    @Override
    public Optional<byte[]> elf() {
      return Optional.of(program.data());
    }
  }

  /** Upgradeable loader: the authority, if any, can replace the code. */
  record Upgradeable(AccountRecord program, AccountRecord programData,
                     Optional<PublicKey> authority, Optional<Lookup> authorityAccount,
                     boolean canonical, List<Evidence> evidence) implements ProgramChain {
    @Override
    public Optional<String> programHash() {
      return Optional.of(ProgramHash.ofProgramDataAccount(programData.data()));
    }

    @Override
    public Optional<byte[]> elf() {
      byte[] d = programData.data();
      int header = UpgradeableLoaderState.PROGRAMDATA_METADATA_SIZE;
      return Optional.of(d.length <= header ? new byte[0] : Arrays.copyOfRange(d, header, d.length));
    }
  }

  /** Loader v4: the authority, unless finalized, can replace the code. */
  record V4(AccountRecord program, Optional<PublicKey> authority,
            Optional<Lookup> authorityAccount, List<Evidence> evidence)
      implements ProgramChain {
    @Override
    public Optional<String> programHash() {
      return Optional.of(ProgramHash.ofLoaderV4Account(program.data()));
    }

    @Override
    public Optional<byte[]> elf() {
      byte[] d = program.data();
      int header = LoaderV4State.HEADER_SIZE;
      return Optional.of(d.length <= header ? new byte[0] : Arrays.copyOfRange(d, header, d.length));
    }
  }
}
