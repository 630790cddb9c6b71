package dev.preflight.core.fuzz;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * The stand-in accounts a campaign offers in place of real ones, prepared once: a look-alike of a
 * token account owned by the stranger instead of its owner, a copy of a mint or a program-owned
 * account at an address the program did not derive, the same data under another owner, a fake
 * token or system program (Token-2022 / Memo, real executables), a spoofed sysvar (its data under
 * the System Program), and for accounts whose IDL seeds resolve from the template the address the
 * same seeds give with a bump below the canonical one ({@link PdaBumps}), holding a copy of the real
 * account. Addresses derive from the seed or the PDA seeds, so reruns and reproducers see the same
 * ones. Copies need cheatcodes, so against a remote cluster only the program stand-ins and the
 * (empty) non-canonical addresses are offered.
 */
public final class Substitutes {

  static final PublicKey TOKEN = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
  static final PublicKey TOKEN_2022 = PublicKey.fromBase58Encoded("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
  static final PublicKey SYSTEM = PublicKey.fromBase58Encoded("11111111111111111111111111111111");
  static final PublicKey MEMO = PublicKey.fromBase58Encoded("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
  static final PublicKey SYSVAR_OWNER = PublicKey.fromBase58Encoded("Sysvar1111111111111111111111111111111111111");

  /** One prepared stand-in; {@code setup} is the account written for it, if any. */
  public record Prepared(PublicKey original, String kind, PublicKey address, Optional<AccountState> setup) {}

  private final PublicKey stranger;
  private final Map<PublicKey, List<Prepared>> byOriginal;

  private Substitutes(PublicKey stranger, Map<PublicKey, List<Prepared>> byOriginal) {
    this.stranger = stranger;
    this.byOriginal = byOriginal;
  }

  /** No stand-ins besides the stranger (a remote cluster without cheatcodes, or tests). */
  public static Substitutes empty(PublicKey stranger) {
    return new Substitutes(stranger, Map.of());
  }

  public PublicKey stranger() {
    return stranger;
  }

  public List<Prepared> forAccount(PublicKey original) {
    return byOriginal.getOrDefault(original, List.of());
  }

  public Optional<Prepared> byAddress(PublicKey address) {
    return byOriginal.values().stream().flatMap(List::stream).filter(p -> p.address().equals(address)).findFirst();
  }

  /**
   * Prepares stand-ins for the non-signer accounts of the templates; writes them when the validator
   * is on this machine.
   */
  public static Substitutes prepare(RpcValidator validator, List<CallTemplate> templates,
                                    PublicKey programId, long seed) {
    return prepare(validator, templates, programId, seed, Optional.empty());
  }

  /**
   * As {@link #prepare(RpcValidator, List, PublicKey, long)}, plus a non-canonical-bump address for
   * every template account whose seeds the IDL declares.
   */
  public static Substitutes prepare(RpcValidator validator, List<CallTemplate> templates,
                                    PublicKey programId, long seed, Optional<Idl> idl) {
    List<PdaBumps.NonCanonical> bumps = new ArrayList<>();
    if (idl.isPresent()) {
      for (CallTemplate t : templates) {
        for (PdaBumps.NonCanonical nc : PdaBumps.forTemplate(idl.get(), t, programId)) {
          if (bumps.stream().noneMatch(x -> x.address().equals(nc.address()))) {
            bumps.add(nc);
          }
        }
      }
    }
    PublicKey stranger = derive(seed, "stranger");
    boolean local = validator.isLoopback();
    List<PublicKey> keys = new ArrayList<>();
    for (CallTemplate t : templates) {
      for (CallTemplate.Account a : t.accounts()) {
        if (!a.signer() && !keys.contains(a.key())) {
          keys.add(a.key());
        }
      }
    }
    List<Optional<AccountState>> states = validator.accounts(keys);
    Map<PublicKey, List<Prepared>> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      PublicKey k = keys.get(i);
      List<Prepared> list = new ArrayList<>();
      if (k.equals(TOKEN)) {
        list.add(new Prepared(k, "fake token program", TOKEN_2022, Optional.empty()));
      } else if (k.equals(SYSTEM)) {
        list.add(new Prepared(k, "fake system program", MEMO, Optional.empty()));
      }
      Optional<AccountState> st = states.get(i);
      if (local && st.isPresent() && !st.get().executable()) {
        AccountState s = st.get();
        if (s.owner().equals(SYSVAR_OWNER)) {
          list.add(copy(s, seed, "spoofed sysvar", s.data(), SYSTEM));
        } else if (s.isTokenAccount(TOKEN)) {
          byte[] data = s.data().clone();
          System.arraycopy(stranger.toByteArray(), 0, data, 32, 32);
          list.add(copy(s, seed, "look-alike token account owned by the stranger", data, s.owner()));
        } else if (s.owner().equals(TOKEN) && s.data().length == 82) {
          list.add(copy(s, seed, "look-alike mint", s.data(), s.owner()));
        } else if (s.owner().equals(programId)) {
          list.add(copy(s, seed, "copy at an address the program did not derive", s.data(), s.owner()));
          list.add(copy(s, seed, "same data under another owner", s.data(), derive(seed, "fake-owner")));
        }
      }
      for (PdaBumps.NonCanonical nc : bumps) {
        if (nc.canonical().equals(k)) {
          // same owner and data as the canonical account, so only the address tells them apart
          Optional<AccountState> setup = local ? st.filter(s -> !s.executable())
              .map(s -> new AccountState(nc.address(), s.lamports(), s.owner(), s.data(), false))
              : Optional.empty();
          list.add(new Prepared(k, nc.kind(), nc.address(), setup));
        }
      }
      if (!list.isEmpty()) {
        out.put(k, list);
      }
    }
    if (local) {
      // the stranger can pay for what a replaced signer would pay (rent, transfers)
      validator.setAccount(stranger, 100_000_000_000L, new byte[0], SYSTEM, false);
      for (List<Prepared> ps : out.values()) {
        for (Prepared p : ps) {
          p.setup().ifPresent(s -> validator.setAccount(s.address(), s.lamports(), s.data(), s.owner(), false));
        }
      }
    }
    return new Substitutes(stranger, out);
  }

  private static Prepared copy(AccountState s, long seed, String kind, byte[] data, PublicKey owner) {
    PublicKey addr = derive(seed, kind + ":" + s.address().toBase58());
    return new Prepared(s.address(), kind, addr,
        Optional.of(new AccountState(addr, s.lamports(), owner, data, false)));
  }

  /** A fixed address from the seed and a label (SHA-256; need not be on the curve). */
  static PublicKey derive(long seed, String label) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("preflight-fuzz:" + seed + ":" + label).getBytes(StandardCharsets.UTF_8));
      return PublicKey.createPubKey(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
