package dev.preflight.core.fuzz;

import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * Told what a campaign executed, so that another component can run the same cases and sequences
 * again (on another binary, from the same world). The campaign calls it from its own thread, in
 * order; an implementation only records.
 */
public interface CampaignRecorder {

  /**
   * The world every case and sequence starts from, saved on {@code validator} (a save point of
   * {@code surfnet_snapshot}) before anything landed. Called once, before the first case.
   */
  void world(RpcValidator validator, String snapshotId, PublicKey programId, Idl idl);

  /**
   * A single case, simulated from the world. {@code number} is its case number (a function of the
   * seed), -1 for the scenario's calls as given and for cases replayed from the corpus.
   */
  void singleCase(long number, RecordedStep step);

  /** A stateful sequence, landed step by step from the world; {@code number} as the seed made it. */
  void sequence(long number, List<RecordedStep> steps);
}
