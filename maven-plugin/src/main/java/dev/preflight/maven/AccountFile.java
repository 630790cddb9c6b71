package dev.preflight.maven;

import java.io.File;

/**
 * An account the embedded validator loads before the audit, from a file in the shape {@code
 * solana account --output json} writes: {@code <account><file>..</file></account>}, optionally
 * with an {@code <address>} that overrides the file's own pubkey. A plain class: Maven injects
 * nested configuration into fields.
 */
public class AccountFile {
  /** Where to load the account; default: the {@code pubkey} in the file. */
  String address;
  /** The account JSON file. */
  File file;

  public AccountFile() {}
}
