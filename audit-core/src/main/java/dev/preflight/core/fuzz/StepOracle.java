package dev.preflight.core.fuzz;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.Simulation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * An oracle that judges one executed call of a sequence with the state before and after it. The
 * single-call oracles ({@link Oracles}) judge every step too; these need what only a landed call
 * shows: re-initialization, the policy's invariants.
 */
interface StepOracle {

  /** The check ids this oracle reports. */
  List<String> ids();

  Optional<Oracles.Verdict> judge(Context ctx);

  /** Metadata of one of {@link #ids()}. */
  default Optional<dev.preflight.core.check.CheckInfo> info(String id) {
    return Optional.empty();
  }

  /** Why this oracle could not judge {@code id} in a campaign, if it could not. */
  default Optional<String> evidenceGap(String id, InstructionStats stats) {
    return Optional.empty();
  }

  /**
   * One executed call.
   *
   * @param pre the watched accounts before the call, by address
   * @param post the watched accounts after it, in {@code watch} order
   * @param view the chain as the sequence knows it after the call
   */
  record Context(FuzzCase fuzzCase, CallTemplate template, CaseRunner.Call call,
                 List<PublicKey> watch, Map<PublicKey, Optional<AccountState>> pre,
                 List<Optional<AccountState>> post, Simulation simulation, long clock, long slot,
                 ChainView view) {

    Optional<AccountState> after(PublicKey key) {
      int i = watch.indexOf(key);
      return i >= 0 && i < post.size() ? post.get(i) : Optional.empty();
    }
  }
}
