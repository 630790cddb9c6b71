package dev.preflight.core.upgrade;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.SimulationRequest;
import dev.preflight.core.exec.Step;
import dev.preflight.core.exec.StepResult;
import dev.preflight.core.fuzz.ProgramErrors;
import dev.preflight.core.fuzz.RecordedStep;
import dev.preflight.core.idl.Idl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Runs recorded cases and sequences on whatever binary the validator holds, from one save point:
 * single cases are simulated in batches against it (as the campaign simulated them), sequences
 * land in one {@code preflight_executeSteps} call each, starting with a revert to it.
 */
final class Replay {
  private static final int CHUNK = 1000;

  private final RpcValidator validator;
  private final Idl idl;

  Replay(RpcValidator validator, Idl idl) {
    this.validator = validator;
    this.idl = idl;
  }

  /** One list of step outcomes per run, in the order of {@code runs}. */
  List<List<StepOutcome>> run(String snapshotId, List<RecordedRun> runs) {
    validator.revert(snapshotId);
    List<List<StepOutcome>> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      out.add(null);
    }
    List<Integer> caseIndexes = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).kind() == RecordedRun.Kind.CASE) {
        caseIndexes.add(i);
      }
    }
    runCases(runs, caseIndexes, out);
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).kind() == RecordedRun.Kind.SEQUENCE) {
        out.set(i, runSequence(snapshotId, runs.get(i)));
      }
    }
    validator.revert(snapshotId);
    return out;
  }

  /** Simulations from the save point; the world's state of the watched accounts is the pre-state. */
  private void runCases(List<RecordedRun> runs, List<Integer> indexes, List<List<StepOutcome>> out) {
    Set<PublicKey> keys = new LinkedHashSet<>();
    for (int i : indexes) {
      keys.addAll(transaction(runs.get(i).steps().getFirst()).watch());
    }
    List<PublicKey> keyList = List.copyOf(keys);
    Map<PublicKey, Optional<AccountState>> world = new HashMap<>();
    List<Optional<AccountState>> states = validator.accounts(keyList);
    for (int i = 0; i < keyList.size(); i++) {
      world.put(keyList.get(i), states.get(i));
    }
    for (int from = 0; from < indexes.size(); from += CHUNK) {
      List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
      List<SimulationRequest> requests = new ArrayList<>();
      for (int i : chunk) {
        Step.Transaction t = transaction(runs.get(i).steps().getFirst());
        requests.add(new SimulationRequest(t.transaction(), t.watch()));
      }
      List<Simulation> sims = validator.simulate(requests);
      for (int j = 0; j < chunk.size(); j++) {
        SimulationRequest r = requests.get(j);
        Simulation s = sims.get(j);
        List<Optional<AccountState>> pre = r.watch().stream().map(k -> world.getOrDefault(k, Optional.empty())).toList();
        out.set(chunk.get(j), List.of(new StepOutcome(s.success(), ProgramErrors.name(idl, s), s.errorText(),
            s.unitsConsumed(), s.logs(), pre, s.accounts())));
      }
    }
  }

  private List<StepOutcome> runSequence(String snapshotId, RecordedRun run) {
    List<Step> batch = new ArrayList<>();
    batch.add(new Step.Revert(snapshotId));
    run.steps().forEach(s -> batch.add(s.step()));
    List<StepResult> results = validator.execute(batch);
    List<StepOutcome> out = new ArrayList<>();
    for (int i = 1; i < results.size(); i++) {
      StepResult r = results.get(i);
      if (r.transaction().isPresent()) {
        Simulation s = r.transaction().get();
        out.add(new StepOutcome(s.success(), ProgramErrors.name(idl, s), s.errorText(), s.unitsConsumed(), s.logs(),
            r.pre(), r.post()));
      } else {
        out.add(new StepOutcome(true, "ok", "ok", 0, List.of(), List.of(), List.of()));
      }
    }
    return out;
  }

  private static Step.Transaction transaction(RecordedStep s) {
    return (Step.Transaction) s.step();
  }
}
