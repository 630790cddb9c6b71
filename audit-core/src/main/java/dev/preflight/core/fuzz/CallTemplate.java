package dev.preflight.core.fuzz;

import dev.preflight.core.idl.IdlValue;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * One valid call of one instruction: the accounts in IDL order (then remaining accounts) with
 * their roles, and the arguments. Every fuzz case is this call with some changes. {@code expect}
 * names the program error the call fails with as given, when the scenario says it must (a
 * re-initialization probe on an existing account, a call that only succeeds after others in a
 * sequence); a call without it must succeed as given.
 */
public record CallTemplate(String instruction, List<Account> accounts, IdlValue.StructValue args,
                           java.util.Optional<String> expect) {

  public CallTemplate {
    accounts = List.copyOf(accounts);
  }

  public CallTemplate(String instruction, List<Account> accounts, IdlValue.StructValue args) {
    this(instruction, accounts, args, java.util.Optional.empty());
  }

  /** An account of the call; {@code remaining} marks accounts past the IDL's list. */
  public record Account(String name, PublicKey key, boolean signer, boolean writable, boolean remaining) {}

  public int indexOf(String name) {
    for (int i = 0; i < accounts.size(); i++) {
      if (accounts.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
