package dev.preflight.core.expr;

import dev.preflight.core.idl.Idl;
import java.util.Optional;

/**
 * Reads an account by address for the expression function {@code account(pubkey)}: the account
 * decoded with the program's IDL, or empty when it does not exist or the IDL cannot decode it
 * (then the expression is not evaluated).
 */
@FunctionalInterface
public interface AccountLookup {
  Optional<Idl.DecodedAccount> account(String base58);

  /** A lookup that finds nothing. */
  static AccountLookup none() {
    return address -> Optional.empty();
  }
}
