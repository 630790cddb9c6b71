package dev.preflight.core.fuzz;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlPda;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.ProgramDerivedAddress;
import software.sava.core.accounts.PublicKey;

/**
 * Addresses derived from an account's IDL seeds with a bump below the canonical one. A program that
 * stores or accepts a bump instead of re-deriving the canonical address would take such an account as
 * the real one; Anchor's {@code seeds + bump} constraint rejects it. Seeds resolve from the call
 * template alone: constants, the template's accounts by plain name, its top-level arguments in their
 * Borsh bytes (a u64 as 8 bytes little-endian). Dotted paths (a field of an account's data or of an
 * argument) are not resolved and leave the account out.
 */
public final class PdaBumps {

  /** Solana's limits on seeds (sdk {@code MAX_SEEDS}, {@code MAX_SEED_LEN}), bump excluded. */
  static final int MAX_SEEDS = 15;
  static final int MAX_SEED_LEN = 32;

  private PdaBumps() {}

  /** A derivable address of {@code account} with bump {@code bump} below the canonical one. */
  public record NonCanonical(String account, PublicKey canonical, int canonicalBump, PublicKey address, int bump) {
    public String kind() {
      return "non-canonical bump " + bump;
    }
  }

  /**
   * The non-canonical addresses for the template's non-signer accounts whose seeds the IDL declares
   * and the template resolves, in account order. An account whose resolved canonical address is not
   * the one the template passes is left out: the seeds then do not describe that account.
   */
  public static List<NonCanonical> forTemplate(Idl idl, CallTemplate tpl, PublicKey programId) {
    Optional<IdlInstruction> ix = idl.instruction(tpl.instruction());
    if (ix.isEmpty()) {
      return List.of();
    }
    List<NonCanonical> out = new ArrayList<>();
    for (IdlAccountItem.Single s : Templates.flatten(ix.get().accounts())) {
      int i = tpl.indexOf(s.name());
      if (s.seeds().isEmpty() || i < 0 || tpl.accounts().get(i).signer()) {
        continue;
      }
      Optional<List<byte[]>> seeds = seeds(s.seeds().get(), tpl, ix.get(), idl);
      Optional<PublicKey> program = program(s.seeds().get(), tpl, programId);
      if (seeds.isEmpty() || program.isEmpty()) {
        continue;
      }
      ProgramDerivedAddress pda = PublicKey.findProgramAddress(seeds.get(), program.get());
      if (!pda.publicKey().equals(tpl.accounts().get(i).key())) {
        continue;
      }
      below(seeds.get(), program.get(), pda.nonce()).ifPresent(b -> out.add(
          new NonCanonical(s.name(), pda.publicKey(), pda.nonce(), b.address(), b.bump())));
    }
    return out;
  }

  /** The seeds resolved from the template, or empty when one cannot be (or breaks Solana's limits). */
  static Optional<List<byte[]>> seeds(IdlPda pda, CallTemplate tpl, IdlInstruction ix, Idl idl) {
    if (pda.seeds().size() > MAX_SEEDS) {
      return Optional.empty();
    }
    List<byte[]> out = new ArrayList<>();
    for (IdlPda.Seed seed : pda.seeds()) {
      Optional<byte[]> b = bytes(seed, tpl, ix, idl);
      if (b.isEmpty() || b.get().length > MAX_SEED_LEN) {
        return Optional.empty();
      }
      out.add(b.get());
    }
    return Optional.of(out);
  }

  /** The deriving program: the override seed's 32 bytes when given, else {@code programId}. */
  static Optional<PublicKey> program(IdlPda pda, CallTemplate tpl, PublicKey programId) {
    if (pda.program().isEmpty()) {
      return Optional.of(programId);
    }
    return switch (pda.program().get()) {
      case IdlPda.Const c -> c.value().length == 32 ? Optional.of(PublicKey.createPubKey(c.value())) : Optional.empty();
      case IdlPda.Account a -> account(a.path(), tpl);
      case IdlPda.Arg a -> Optional.empty();
    };
  }

  private static Optional<byte[]> bytes(IdlPda.Seed seed, CallTemplate tpl, IdlInstruction ix, Idl idl) {
    return switch (seed) {
      case IdlPda.Const c -> Optional.of(c.value());
      case IdlPda.Account a -> account(a.path(), tpl).map(PublicKey::toByteArray);
      case IdlPda.Arg a -> {
        if (a.path().contains(".")) {
          yield Optional.empty();
        }
        Optional<IdlField> f = ix.args().stream().filter(x -> x.name().equals(a.path())).findFirst();
        Optional<IdlValue> v = tpl.args().field(a.path());
        if (f.isEmpty() || v.isEmpty()) {
          yield Optional.empty();
        }
        try {
          yield Optional.of(idl.codec().encode(f.get().type(), v.get(), "seed " + a.path() + " of " + ix.name()));
        } catch (RuntimeException e) {
          yield Optional.empty(); // a value that does not encode has no seed bytes
        }
      }
    };
  }

  private static Optional<PublicKey> account(String path, CallTemplate tpl) {
    if (path.contains(".")) {
      return Optional.empty();
    }
    int i = tpl.indexOf(path);
    return i < 0 || tpl.accounts().get(i).remaining() ? Optional.empty() : Optional.of(tpl.accounts().get(i).key());
  }

  /** An address and the bump that derives it. */
  record Bumped(PublicKey address, int bump) {}

  /**
   * The highest bump below {@code canonical} whose derivation is off the curve (a valid PDA), as the
   * runtime's {@code create_program_address} would accept it.
   */
  static Optional<Bumped> below(List<byte[]> seeds, PublicKey program, int canonical) {
    for (int b = canonical - 1; b >= 0; b--) {
      List<byte[]> withBump = new ArrayList<>(seeds);
      withBump.add(new byte[] {(byte) b});
      PublicKey a = PublicKey.createProgramAddress(withBump, program); // null when on the curve
      if (a != null) {
        return Optional.of(new Bumped(a, b));
      }
    }
    return Optional.empty();
  }
}
