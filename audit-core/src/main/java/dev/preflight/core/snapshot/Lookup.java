package dev.preflight.core.snapshot;

import software.sava.core.accounts.PublicKey;

/**
 * The answer for one address: the account, its proven absence, or why it could not be read. A check
 * treats {@link Unavailable} as missing evidence (INCONCLUSIVE), never as absence.
 */
public sealed interface Lookup permits Lookup.Present, Lookup.Absent, Lookup.Unavailable {
  PublicKey address();

  /** The account exists; here it is. */
  record Present(AccountRecord account) implements Lookup {
    @Override
    public PublicKey address() {
      return account.address();
    }
  }

  /** The cluster answered that no account exists at this address, at {@code slot}. */
  record Absent(PublicKey address, long slot) implements Lookup {}

  /** The address could not be read: an RPC failure, or not in an offline snapshot. */
  record Unavailable(PublicKey address, String reason) implements Lookup {}
}
