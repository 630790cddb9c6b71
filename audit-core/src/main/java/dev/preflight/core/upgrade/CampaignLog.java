package dev.preflight.core.upgrade;

import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.CampaignRecorder;
import dev.preflight.core.fuzz.RecordedStep;
import dev.preflight.core.idl.Idl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Records what a campaign executed: its world and every case and sequence, for the replay on both
 * binaries. Identical single cases (the same transaction bytes) are kept once: the generator
 * repeats itself, and so do the scenario's calls and the corpus.
 */
final class CampaignLog implements CampaignRecorder {

  /** The campaign's world: where it is saved and what it runs. */
  record World(String snapshotId, PublicKey programId, Idl idl) {}

  private World world;
  private final List<RecordedRun> runs = new ArrayList<>();
  private final Set<String> seenCases = new LinkedHashSet<>();
  private long cases;
  private long sequences;

  @Override
  public void world(RpcValidator validator, String snapshotId, PublicKey programId, Idl idl) {
    this.world = new World(snapshotId, programId, idl);
  }

  @Override
  public void singleCase(long number, RecordedStep step) {
    cases++;
    if (step.step() instanceof dev.preflight.core.exec.Step.Transaction t
        && seenCases.add(java.util.Base64.getEncoder().encodeToString(t.transaction()))) {
      runs.add(new RecordedRun(RecordedRun.Kind.CASE, number, List.of(step)));
    }
  }

  @Override
  public void sequence(long number, List<RecordedStep> steps) {
    sequences++;
    if (!steps.isEmpty()) {
      runs.add(new RecordedRun(RecordedRun.Kind.SEQUENCE, number, steps));
    }
  }

  Optional<World> world() {
    return Optional.ofNullable(world);
  }

  List<RecordedRun> runs() {
    return List.copyOf(runs);
  }

  /** Cases the campaign simulated (repeats included). */
  long cases() {
    return cases;
  }

  long sequences() {
    return sequences;
  }
}
