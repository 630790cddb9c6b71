package dev.preflight.core.fuzz;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What to fuzz and how long. Empty values fall back to the policy's {@code fuzz} section.
 *
 * @param target the validator to simulate on; stateful parts (look-alike accounts, the emergency
 *     stop wiring) need it on this machine
 * @param idl the program's IDL (by default the policy's {@code program.idl})
 * @param templates call templates given directly (by default read from the policy's scenario)
 * @param corpusDir where failing cases are kept, per program hash (the plugin's default:
 *     {@code src/test/preflight/corpus} in the project, see {@link CorpusLocation})
 * @param reproducerDir where generated JUnit reproducers are written, if anywhere
 * @param forkFrom a cluster to copy the program and the templates' accounts from into the
 *     (local) target before the campaign
 * @param shard the slice of the campaign to run (a CI matrix job), if not all of it
 * @param tallyFile where to write the evidence the campaign judged on ({@link CampaignTally}), for
 *     a merge of shards
 */
public record FuzzRequest(Policy policy, URI target, Optional<Idl> idl,
                          Optional<List<CallTemplate>> templates, OptionalLong seed,
                          OptionalInt maxCases, Optional<Duration> maxTime,
                          Optional<Path> corpusDir, Optional<Path> reproducerDir,
                          Optional<URI> forkFrom, Optional<FuzzShard> shard,
                          Optional<Path> tallyFile) {

  public static FuzzRequest of(Policy policy, URI target) {
    return new FuzzRequest(policy, target, Optional.empty(), Optional.empty(), OptionalLong.empty(),
        OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public FuzzRequest withIdl(Idl v) {
    return new FuzzRequest(policy, target, Optional.of(v), templates, seed, maxCases, maxTime, corpusDir, reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withTemplates(List<CallTemplate> v) {
    return new FuzzRequest(policy, target, idl, Optional.of(List.copyOf(v)), seed, maxCases, maxTime, corpusDir, reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withSeed(long v) {
    return new FuzzRequest(policy, target, idl, templates, OptionalLong.of(v), maxCases, maxTime, corpusDir, reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withMaxCases(int v) {
    return new FuzzRequest(policy, target, idl, templates, seed, OptionalInt.of(v), maxTime, corpusDir, reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withMaxTime(Duration v) {
    return new FuzzRequest(policy, target, idl, templates, seed, maxCases, Optional.of(v), corpusDir, reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withCorpus(Path v) {
    return new FuzzRequest(policy, target, idl, templates, seed, maxCases, maxTime, Optional.of(v), reproducerDir, forkFrom, shard, tallyFile);
  }

  public FuzzRequest withForkFrom(URI v) {
    return new FuzzRequest(policy, target, idl, templates, seed, maxCases, maxTime, corpusDir, reproducerDir, Optional.of(v), shard, tallyFile);
  }

  public FuzzRequest withReproducers(Path v) {
    return new FuzzRequest(policy, target, idl, templates, seed, maxCases, maxTime, corpusDir, Optional.of(v), forkFrom, shard, tallyFile);
  }

  /**
   * Runs only this slice of the campaign and writes its tally to {@code tally} (see {@link
   * FuzzShard}); the slice's results say they are a shard's and claim no full result.
   */
  public FuzzRequest withShard(FuzzShard v, Path tally) {
    return new FuzzRequest(policy, target, idl, templates, seed, maxCases, maxTime, corpusDir, reproducerDir, forkFrom,
        Optional.of(v), Optional.of(tally));
  }
}
