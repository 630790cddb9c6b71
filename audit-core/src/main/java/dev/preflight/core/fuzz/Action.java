package dev.preflight.core.fuzz;

import software.sava.core.accounts.PublicKey;

/**
 * One step of a stateful sequence, concrete enough to replay: a call (a template with its
 * mutations), a move of the clock, or a stranger's lamport transfer to an address.
 */
sealed interface Action {

  String describe();

  /** A call of a template with its mutations; it lands, so state carries to the next step. */
  record Call(FuzzCase fuzzCase) implements Action {
    public String describe() {
      return fuzzCase.describe();
    }
  }

  /** The clock set to {@code unixTimestamp} (forward or back); {@code why} names the boundary. */
  record Warp(long unixTimestamp, String why) implements Action {
    public String describe() {
      return "clock to " + unixTimestamp + " (" + why + ")";
    }
  }

  /**
   * A system transfer of {@code lamports} from the campaign's stranger to {@code address}, which
   * anyone can send: an address a program creates later must still be creatable.
   */
  record Prefund(PublicKey address, String account, long lamports) implements Action {
    public String describe() {
      return "a stranger sends " + lamports + " lamports to " + account + " (" + address.toBase58() + ")";
    }
  }
}
