package dev.preflight.core.fuzz;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.Step;
import dev.preflight.core.exec.StepResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * Runs actions for real on a validator on this machine (the embedded one, or surfpool), from a
 * saved world: calls land without signatures (nobody holds the keys a fuzz sequence signs with),
 * clock moves and transfers are steps of the same batch, and every call reports the state of its
 * accounts before and after.
 */
final class SequenceRunner {

  /** One executed action; {@code call} is empty for clock moves and transfers. */
  record Executed(Action action, Optional<CaseRunner.Call> call, byte[] transaction,
                  List<PublicKey> watch, Map<PublicKey, Optional<AccountState>> pre,
                  Simulation simulation, long clock, long slot) {

    boolean landed() {
      return simulation.success();
    }
  }

  private final RpcValidator validator;
  private final CaseRunner runner;
  private final PublicKey stranger;
  private long steps;

  SequenceRunner(RpcValidator validator, CaseRunner runner, PublicKey stranger) {
    this.validator = validator;
    this.runner = runner;
    this.stranger = stranger;
  }

  long steps() {
    return steps;
  }

  String snapshot() {
    return validator.snapshot();
  }

  /**
   * Reverts to {@code world} (when given) and runs the actions in one batch. An action whose call
   * cannot be encoded (a value the IDL encoder refuses) yields no step and no result: it is left
   * out of the returned list.
   */
  List<Executed> run(Optional<String> world, List<Action> actions) {
    List<Step> batch = new ArrayList<>();
    List<Action> kept = new ArrayList<>();
    List<Optional<CaseRunner.Call>> calls = new ArrayList<>();
    List<byte[]> txs = new ArrayList<>();
    List<List<PublicKey>> watches = new ArrayList<>();
    for (Action a : actions) {
      switch (a) {
        case Action.Call c -> {
          CaseRunner.Call call;
          byte[] tx;
          try {
            call = runner.call(c.fuzzCase());
            tx = runner.transaction(call);
          } catch (RuntimeException e) {
            continue;
          }
          if (tx.length > 1232) {
            continue;
          }
          List<PublicKey> watch = watch(call);
          batch.add(new Step.Transaction(tx, watch));
          kept.add(a);
          calls.add(Optional.of(call));
          txs.add(tx);
          watches.add(watch);
        }
        case Action.Warp w -> {
          batch.add(new Step.SetClock(w.unixTimestamp()));
          kept.add(a);
          calls.add(Optional.empty());
          txs.add(new byte[0]);
          watches.add(List.of());
        }
        case Action.Prefund p -> {
          byte[] tx = transfer(p.address(), p.lamports());
          batch.add(new Step.Transaction(tx, List.of(p.address())));
          kept.add(a);
          calls.add(Optional.empty());
          txs.add(tx);
          watches.add(List.of(p.address()));
        }
      }
    }
    int offset = 0;
    if (world.isPresent()) {
      // one call reverts and runs the batch
      batch.addFirst(new Step.Revert(world.get()));
      offset = 1;
    }
    List<StepResult> results = batch.isEmpty() ? List.of() : validator.execute(batch);
    steps += batch.size() - offset;
    List<Executed> out = new ArrayList<>();
    for (int i = 0; i < kept.size() && i + offset < results.size(); i++) {
      StepResult r = results.get(i + offset);
      Map<PublicKey, Optional<AccountState>> pre = new HashMap<>();
      List<PublicKey> w = watches.get(i);
      for (int j = 0; j < w.size() && j < r.pre().size(); j++) {
        pre.put(w.get(j), r.pre().get(j));
      }
      Simulation sim = r.transaction().orElseGet(() -> new Simulation(Optional.empty(), List.of(), 0, List.of()));
      out.add(new Executed(kept.get(i), calls.get(i), txs.get(i), w, pre, sim, r.clock().unixTimestamp(),
          r.clock().slot()));
    }
    return out;
  }

  /**
   * Runs the actions again from {@code world} in one batch, the calls at the indexes in
   * {@code traced} first simulated with tracing on the state they land on ({@link Step.Trace});
   * the traces land in the validator's trace directory. The chain is left where the last action
   * leaves it (the next sequence starts with a revert).
   */
  void traceReplay(String world, List<Action> actions, java.util.Set<Integer> traced) {
    List<Step> batch = new ArrayList<>();
    batch.add(new Step.Revert(world));
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      switch (a) {
        case Action.Call c -> {
          byte[] tx;
          try {
            tx = runner.transaction(runner.call(c.fuzzCase()));
          } catch (RuntimeException e) {
            continue;
          }
          if (tx.length > 1232) {
            continue;
          }
          if (traced.contains(i)) {
            batch.add(new Step.Trace(tx));
          }
          batch.add(new Step.Transaction(tx, List.of()));
        }
        case Action.Warp w -> batch.add(new Step.SetClock(w.unixTimestamp()));
        case Action.Prefund p -> batch.add(new Step.Transaction(transfer(p.address(), p.lamports()), List.of()));
      }
    }
    validator.execute(batch);
  }

  /** Every account of the call but the fee payer: the oracles and invariants read them all. */
  private List<PublicKey> watch(CaseRunner.Call call) {
    Set<PublicKey> w = new LinkedHashSet<>();
    for (CallTemplate.Account a : call.accounts()) {
      if (!a.key().equals(runner.feePayer())) {
        w.add(a.key());
      }
    }
    return List.copyOf(w);
  }

  /**
   * A System Program transfer from the stranger (instruction 2: u32 index, u64 lamports, accounts
   * from (signer, writable) and to (writable); solana-program system_instruction.rs).
   */
  private byte[] transfer(PublicKey to, long lamports) {
    byte[] data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putLong(lamports).array();
    Instruction ix = Instruction.createInstruction(Substitutes.SYSTEM,
        List.of(AccountMeta.createWritableSigner(stranger), AccountMeta.createWrite(to)), data);
    Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(runner.feePayer()), List.of(ix));
    tx.setRecentBlockHash(new byte[32]);
    return tx.serialized();
  }
}
