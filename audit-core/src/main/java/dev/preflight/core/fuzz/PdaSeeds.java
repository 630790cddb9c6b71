package dev.preflight.core.fuzz;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlPda;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.ProgramDerivedAddress;
import software.sava.core.accounts.PublicKey;

/**
 * An account's IDL seeds resolved against what one call knows: its accounts by plain name and its
 * top-level arguments in their Borsh bytes (a u64 as 8 bytes little-endian, as Anchor's {@code
 * to_le_bytes()} seeds). A seed that reads a field of an account's data ({@code sale.seller}) is
 * known only on chain, so it does not resolve here. The derivation itself is sava's {@code
 * findProgramAddress}.
 */
final class PdaSeeds {

  /** Solana's limits on seeds (sdk {@code MAX_SEEDS}, {@code MAX_SEED_LEN}), bump excluded. */
  static final int MAX_SEEDS = 15;
  static final int MAX_SEED_LEN = 32;

  private PdaSeeds() {}

  /** What resolving an account's seeds came to. */
  sealed interface Resolution {}

  /** The seeds resolved: the canonical address, its bump, and the seed bytes. */
  record Derived(PublicKey address, int bump, List<byte[]> seeds, PublicKey program) implements Resolution {}

  /** A seed names an account of the call that is not known yet (it may be derived first). */
  record Waiting(String account) implements Resolution {}

  /** A seed that cannot be resolved from the call: its path in the IDL and why. */
  record Unresolvable(String seedPath, String why) implements Resolution {}

  /**
   * Resolves {@code pda} for an account of {@code ix}, given the call's known accounts (by name)
   * and arguments.
   */
  static Resolution resolve(IdlPda pda, IdlInstruction ix, Idl idl, Map<String, PublicKey> known,
                            IdlValue.StructValue args, PublicKey programId) {
    if (pda.seeds().size() > MAX_SEEDS) {
      return new Unresolvable("pda.seeds", pda.seeds().size() + " seeds, more than Solana's "
          + MAX_SEEDS);
    }
    List<byte[]> seeds = new ArrayList<>();
    PublicKey program = programId;
    try {
      for (int i = 0; i < pda.seeds().size(); i++) {
        byte[] b = bytes(pda.seeds().get(i), "pda.seeds[" + i + "]", ix, idl, known, args);
        if (b.length > MAX_SEED_LEN) {
          return new Unresolvable(describe(pda.seeds().get(i), i), b.length + " bytes, more than "
              + "Solana's " + MAX_SEED_LEN + " per seed");
        }
        seeds.add(b);
      }
      if (pda.program().isPresent()) {
        byte[] b = bytes(pda.program().get(), "pda.program", ix, idl, known, args);
        if (b.length != 32) {
          return new Unresolvable("pda.program", "is " + b.length + " bytes, not a 32-byte address");
        }
        program = PublicKey.createPubKey(b);
      }
    } catch (Stop stop) {
      return stop.resolution;
    }
    if (program == null) {
      return new Unresolvable("pda", "the IDL names no program address and none was given");
    }
    ProgramDerivedAddress a = PublicKey.findProgramAddress(seeds, program);
    return new Derived(a.publicKey(), a.nonce(), List.copyOf(seeds), program);
  }

  /** Ends {@link #resolve} early with what stopped it. */
  private static final class Stop extends Exception {
    private final transient Resolution resolution;

    Stop(Resolution resolution) {
      super(null, null, false, false);
      this.resolution = resolution;
    }
  }

  private static byte[] bytes(IdlPda.Seed seed, String at, IdlInstruction ix, Idl idl,
                             Map<String, PublicKey> known, IdlValue.StructValue args)
      throws Stop {
    return switch (seed) {
      case IdlPda.Const c -> c.value();
      case IdlPda.Account a -> {
        String path = at + " (account " + a.path() + ")";
        if (a.path().contains(".")) {
          String owner = a.path().substring(0, a.path().indexOf('.'));
          throw new Stop(new Unresolvable(path, "reads field " + a.path().substring(owner.length() + 1)
              + " of " + owner + "'s data, which is known only on chain"));
        }
        PublicKey k = known.get(a.path());
        if (k != null) {
          yield k.toByteArray();
        }
        boolean ofCall = Templates.flatten(ix.accounts()).stream().anyMatch(s -> s.name().equals(a.path()));
        throw new Stop(ofCall ? new Waiting(a.path())
            : new Unresolvable(path, a.path() + " is not an account of " + ix.name()));
      }
      case IdlPda.Arg a -> {
        String path = at + " (arg " + a.path() + ")";
        if (a.path().contains(".")) {
          throw new Stop(new Unresolvable(path, "reads a field inside an argument, which is not resolved "
              + "from a scenario"));
        }
        Optional<IdlField> f = ix.args().stream().filter(x -> x.name().equals(a.path())).findFirst();
        if (f.isEmpty()) {
          throw new Stop(new Unresolvable(path, a.path() + " is not an argument of " + ix.name()));
        }
        Optional<IdlValue> v = args.field(a.path());
        if (v.isEmpty()) {
          throw new Stop(new Unresolvable(path, "the call gives no argument " + a.path()));
        }
        try {
          yield idl.codec().encode(f.get().type(), v.get(), "seed " + a.path() + " of "
              + ix.name());
        } catch (RuntimeException e) {
          throw new Stop(new Unresolvable(path, "the argument does not encode: " + e.getMessage()));
        }
      }
    };
  }

  private static String describe(IdlPda.Seed seed, int i) {
    return switch (seed) {
      case IdlPda.Const c -> "pda.seeds[" + i + "] (const)";
      case IdlPda.Account a -> "pda.seeds[" + i + "] (account " + a.path() + ")";
      case IdlPda.Arg a -> "pda.seeds[" + i + "] (arg " + a.path() + ")";
    };
  }
}
