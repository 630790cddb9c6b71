package dev.preflight.core.fuzz;

import dev.preflight.core.idl.IdlValue;
import software.sava.core.accounts.PublicKey;

/**
 * One change a case makes to its template. Argument changes replace one top-level argument;
 * account changes alter one account position.
 */
public sealed interface Mutation {

  /** Short text for reports. */
  String describe();

  /** True when a success despite this change means authorization is missing. */
  default boolean strikesSigner() {
    return false;
  }

  /** True when a success despite this change means an account is not validated. */
  default boolean substitutes() {
    return false;
  }

  /** A top-level argument set to another value. */
  record SetArg(String arg, IdlValue value) implements Mutation {
    public String describe() {
      return "arg " + arg + " = " + Values.text(value);
    }
  }

  /** The account at {@code index} stays but is no longer marked as a signer. */
  record DropSigner(int index, String account) implements Mutation {
    public String describe() {
      return "drop signer " + account;
    }

    public boolean strikesSigner() {
      return true;
    }
  }

  /** The signer at {@code index} is replaced by an unrelated key that signs instead. */
  record ReplaceSigner(int index, String account, PublicKey stranger) implements Mutation {
    public String describe() {
      return "replace signer " + account + " with " + stranger.toBase58();
    }

    public boolean strikesSigner() {
      return true;
    }
  }

  /** A remaining (variadic) signer account removed from the call. */
  record RemoveAccount(int index, String account) implements Mutation {
    public String describe() {
      return "remove " + account;
    }

    public boolean strikesSigner() {
      return true;
    }
  }

  /**
   * The account at {@code index} replaced by another key: a look-alike (same data and owner at
   * another address), the same data under another owner, a fake program or sysvar, or a
   * non-canonical address. {@code kind} names which.
   */
  record Substitute(int index, String account, String kind, PublicKey replacement) implements Mutation {
    public String describe() {
      return kind + " for " + account + " (" + replacement.toBase58() + ")";
    }

    public boolean substitutes() {
      return true;
    }
  }

  /** The writable account at {@code index} passed again in place of the one at {@code target}. */
  record Duplicate(int index, String account, int target, String targetAccount) implements Mutation {
    public String describe() {
      return "pass " + account + " again as " + targetAccount;
    }

    public boolean substitutes() {
      return true;
    }
  }

  /**
   * The account at {@code index} swapped for another existing account of the same IDL type (same
   * owner, same discriminator), found on the chain: an ended sale in place of a running one,
   * another buyer's record in place of the caller's.
   */
  record Swap(int index, String account, String type, PublicKey replacement) implements Mutation {
    public String describe() {
      return "another existing " + type + " for " + account + " (" + replacement.toBase58() + ")";
    }

    public boolean substitutes() {
      return true;
    }
  }

  /**
   * The remaining signer at {@code index} replaced by the signer at {@code source}, so one key is
   * passed twice: a threshold that counts accounts instead of distinct signers is met by fewer
   * people.
   */
  record DuplicateSigner(int index, String account, int source, String sourceAccount) implements Mutation {
    public String describe() {
      return "pass signer " + sourceAccount + " again as " + account;
    }

    public boolean strikesSigner() {
      return true;
    }
  }
}
