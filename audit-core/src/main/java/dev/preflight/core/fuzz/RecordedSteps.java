package dev.preflight.core.fuzz;

import dev.preflight.core.exec.Step;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/** Turns what the campaign executed into {@link RecordedStep}s for a {@link CampaignRecorder}. */
final class RecordedSteps {
  private RecordedSteps() {}

  static RecordedStep of(CaseRunner.Call call, byte[] tx, List<PublicKey> watch, String args) {
    return new RecordedStep(new Step.Transaction(tx, watch), Optional.of(call.instruction()), args,
        call.instruction() + " " + args, names(call, watch));
  }

  static RecordedStep of(SequenceRunner.Executed e) {
    return switch (e.action()) {
      case Action.Warp w -> new RecordedStep(new Step.SetClock(w.unixTimestamp()), Optional.empty(),
          "{}", w.describe(), List.of());
      case Action.Prefund p -> new RecordedStep(new Step.Transaction(e.transaction(), e.watch()),
          Optional.empty(), "{}", p.describe(), List.of(p.account()));
      case Action.Call c -> {
        CaseRunner.Call call = e.call().orElseThrow();
        String args = call.args().toJson().toString();
        String mutations = c.fuzzCase().mutations().stream().anyMatch(m -> !(m instanceof Mutation.SetArg))
            ? " with " + c.fuzzCase().describe() : "";
        yield new RecordedStep(new Step.Transaction(e.transaction(), e.watch()),
            Optional.of(call.instruction()), args, call.instruction() + " " + args + mutations,
            names(call, e.watch()));
      }
    };
  }

  /** The template's name of each watched account (the first account of the call at that key). */
  private static List<String> names(CaseRunner.Call call, List<PublicKey> watch) {
    return watch.stream().map(k -> call.accounts().stream().filter(a -> a.key().equals(k))
        .map(CallTemplate.Account::name).findFirst().orElse("")).toList();
  }
}
