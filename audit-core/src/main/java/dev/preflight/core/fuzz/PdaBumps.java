package dev.preflight.core.fuzz;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlInstruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Addresses derived from an account's IDL seeds with a bump below the canonical one. A program that
 * stores or accepts a bump instead of re-deriving the canonical address would take such an account as
 * the real one; Anchor's {@code seeds + bump} constraint rejects it. Seeds resolve from the call
 * template alone ({@link PdaSeeds}); an account whose seeds do not resolve is left out.
 */
public final class PdaBumps {

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
    Map<String, PublicKey> known = new LinkedHashMap<>();
    tpl.accounts().stream().filter(a -> !a.remaining()).forEach(a -> known.putIfAbsent(a.name(), a.key()));
    List<NonCanonical> out = new ArrayList<>();
    for (IdlAccountItem.Single s : Templates.flatten(ix.get().accounts())) {
      int i = tpl.indexOf(s.name());
      if (s.seeds().isEmpty() || i < 0 || tpl.accounts().get(i).signer()) {
        continue;
      }
      if (!(PdaSeeds.resolve(s.seeds().get(), ix.get(), idl, known, tpl.args(), programId)
          instanceof PdaSeeds.Derived d) || !d.address().equals(tpl.accounts().get(i).key())) {
        continue;
      }
      below(d.seeds(), d.program(), d.bump()).ifPresent(b -> out.add(
          new NonCanonical(s.name(), d.address(), d.bump(), b.address(), b.bump())));
    }
    return out;
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
