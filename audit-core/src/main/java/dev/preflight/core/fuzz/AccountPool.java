package dev.preflight.core.fuzz;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * The program's accounts on the chain by IDL account type, found with {@code getProgramAccounts}
 * filtered on each type's discriminator: the candidates for same-type swaps (an ended sale in
 * place of a running one). Accounts a sequence creates join the pool as they appear.
 */
final class AccountPool {
  private final Map<String, List<PublicKey>> byType = new LinkedHashMap<>();
  private final Map<PublicKey, String> typeOf = new LinkedHashMap<>();

  static AccountPool discover(RpcValidator v, Idl idl, PublicKey programId) {
    AccountPool pool = new AccountPool();
    for (IdlAccount a : idl.accounts()) {
      if (a.discriminator().length() == 0) {
        continue;
      }
      try {
        for (AccountState s : v.programAccounts(programId, a.discriminator().bytes())) {
          pool.add(s.address(), a.name());
        }
      } catch (RuntimeException e) {
        // a cluster that refuses getProgramAccounts: no swaps, the campaign goes on
        return pool;
      }
    }
    return pool;
  }

  /** A copy to grow with the accounts one sequence creates (the world reverts after it). */
  AccountPool copy() {
    AccountPool p = new AccountPool();
    typeOf.forEach(p::add);
    return p;
  }

  void add(PublicKey address, String type) {
    if (typeOf.putIfAbsent(address, type) == null) {
      byType.computeIfAbsent(type, t -> new ArrayList<>()).add(address);
    }
  }

  Optional<String> typeOf(PublicKey address) {
    return Optional.ofNullable(typeOf.get(address));
  }

  /** Other accounts of the same type as {@code address}, in discovery order. */
  List<PublicKey> others(PublicKey address) {
    String t = typeOf.get(address);
    if (t == null) {
      return List.of();
    }
    return byType.get(t).stream().filter(k -> !k.equals(address)).toList();
  }

  java.util.Set<PublicKey> all() {
    return typeOf.keySet();
  }

  int size() {
    return typeOf.size();
  }
}
