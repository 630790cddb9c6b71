package dev.preflight.core.upgrade;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Fingerprint;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.CoverageOptions;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.CandidateTolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the fuzz campaign on the deployed binary while recording it, then every recorded case and
 * sequence on the deployed binary and on the candidate from the same saved world, and reports
 * each difference as {@code upgrade.diff}: FAIL for a new one, ATTESTED for one the baseline
 * accepts, PASS when the whole campaign showed none, INCONCLUSIVE when the candidate could not run.
 */
@CheckDefinition(id = UpgradeDiff.ID, title = "An upgrade changes only what the team accepted",
    // No checklist item: "program upgrade procedures" (p3.2.upgrade-procedures) is a procedure a
    // person attests; this diff is evidence for one upgrade proposal, run only when a candidate is
    // given, so it cannot answer the item (and an automated part would read "not run" in every
    // audit without a candidate). Its report is what the attestation's evidence can point at.
    severity = Severity.HIGH,
    rationale = "An upgrade vote needs to know what the new binary does differently. Every case "
        + "and sequence of the fuzz campaign runs on the deployed binary and on the candidate from "
        + "the same state; each call that ends otherwise (outcome, error, accounts written, token "
        + "and lamport movements, compute units beyond a tolerance) is a behaviour the upgrade "
        + "changes, intended or not.",
    remediation = "Review each difference with its reproducer. A change the upgrade is meant to "
        + "make goes into the upgrade baseline (preflight-upgrade-baseline.yaml) with a reason, an "
        + "owner and an expiry; anything else is a regression of the candidate to fix before the "
        + "upgrade is proposed. The report of a clean diff is evidence for the attestation of the "
        + "upgrade procedures (checklist item p3.2.upgrade-procedures).")
public final class UpgradeDiff {
  public static final String ID = "upgrade.diff";
  /** Evidence fields of a difference the baseline accepts: reason, owner, expires, source. */
  public static final String ACCEPTED_PREFIX = "upgrade.accepted.";
  /** Differences shown per run of the check; the rest are counted. */
  private static final int MAX_REPORTED = 50;

  /**
   * What to compare.
   *
   * @param campaign the fuzz campaign, on a validator on this machine (the world is saved there)
   * @param candidate the candidate's {@code .so}
   * @param tolerance how far compute units may move unreported
   * @param baseline the accepted differences
   * @param today the day baseline expiries are judged on
   * @param coverage how the campaign measures coverage (on the deployed binary)
   */
  public record Request(FuzzRequest campaign, Path candidate, CandidateTolerance tolerance,
                        UpgradeBaseline baseline, LocalDate today, CoverageOptions coverage) {
    public Request(FuzzRequest campaign, Path candidate, CandidateTolerance tolerance,
                   UpgradeBaseline baseline, LocalDate today) {
      this(campaign, candidate, tolerance, baseline, today, CoverageOptions.off());
    }
  }

  /**
   * A difference with its first occurrence (the shortest run that shows it) and how often it
   * occurred.
   */
  public record Found(String fingerprint, Difference difference, int occurrences, String run,
                      Optional<UpgradeBaseline.Accepted> accepted, String reproducerClass) {}

  /** The outcome: the campaign's own report, the {@code upgrade.diff} results and the differences. */
  public record Report(FuzzReport campaign, List<CheckResult> results, List<Found> differences,
                       Map<String, String> reproducers, long casesReplayed, long sequencesReplayed) {
    public Report {
      results = List.copyOf(results);
      differences = List.copyOf(differences);
      reproducers = Map.copyOf(reproducers);
    }
  }

  private UpgradeDiff() {}

  public static CheckInfo info() {
    return CheckInfo.fromAnnotations(UpgradeDiff.class).getFirst();
  }

  /** The campaign and the diff as one dynamic result source for {@code Audit.dynamic(...)}. */
  public static Function<AuditContext, List<CheckResult>> asDynamic(Request request, Progress progress) {
    return asDynamic(request, progress, r -> { });
  }

  /** As {@link #asDynamic(Request, Progress)}, handing the campaign's report (coverage) to {@code report}. */
  public static Function<AuditContext, List<CheckResult>> asDynamic(
      Request request, Progress progress, java.util.function.Consumer<FuzzReport> report) {
    return ctx -> {
      Report r = run(request, progress);
      report.accept(r.campaign());
      List<CheckResult> all = new ArrayList<>(r.campaign().results());
      all.addAll(r.results());
      return all;
    };
  }

  public static Report run(Request request, Progress progress) {
    CampaignLog log = new CampaignLog();
    FuzzReport campaign = FuzzCampaign.run(request.campaign(), progress, Optional.of(log),
        request.coverage());
    String programId = request.campaign().policy().program().id();
    long seed = campaign.stats().seed();
    List<Evidence> common = new ArrayList<>(List.of(
        Evidence.note("upgrade.candidate", request.candidate().getFileName().toString()),
        Evidence.note("upgrade.deployed-hash", campaign.stats().programHash()),
        Evidence.note("fuzz.seed", Long.toString(seed))));
    // a campaign that stopped with an error reports no program hash (every oracle INCONCLUSIVE
    // with the reason): what it recorded before is no full campaign, and no pass may come of it
    if (campaign.stats().programHash().isEmpty()) {
      return inconclusive(campaign, programId, common, "the fuzz campaign could not run, so the "
          + "candidate was not compared; see the fuzz results for the reason");
    }
    if (log.world().isEmpty()) {
      return inconclusive(campaign, programId, common, "the campaign did not run on a validator on this "
          + "machine, so there is no saved world to run the candidate from"
          + " (run it on the embedded validator, or fork the program into it)");
    }
    CampaignLog.World world = log.world().get();
    List<RecordedRun> runs = log.runs();
    byte[] elf;
    try {
      elf = Files.readAllBytes(request.candidate());
    } catch (IOException e) {
      return inconclusive(campaign, programId, common, "the candidate " + request.candidate()
          + " cannot be read: " + e.getMessage());
    }
    common.add(Evidence.note("upgrade.candidate-hash", ProgramHash.of(elf, 0)));
    List<List<StepOutcome>> deployed;
    List<List<StepOutcome>> candidate;
    long started = System.nanoTime();
    progress.phase("upgrade diff: " + runs.size() + " distinct cases and sequences on the deployed "
        + "binary and on " + request.candidate().getFileName());
    try (RpcValidator v = new RpcValidator(request.campaign().target())) {
      // no block may move the clock between the two replays: a revert restores it, the slot
      // timer would move it on while the single cases simulate (a deadline computed from "now"
      // would differ between the binaries)
      Clock clock = Clock.pause(v);
      try {
        Replay replay = new Replay(v, world.idl());
        deployed = replay.run(world.snapshotId(), runs);
        v.revert(world.snapshotId());
        try {
          String installed = ProgramSwap.install(v, world.programId(), elf);
          progress.info("upgrade diff: candidate installed at " + programId + " (program hash " + installed + ")");
          String candidateWorld = v.snapshot();
          candidate = replay.run(candidateWorld, runs);
        } finally {
          // back to the deployed binary, whatever happened (the revert writes its program
          // accounts again, which compiles it again)
          v.revert(world.snapshotId());
        }
      } finally {
        clock.resume();
      }
    } catch (RuntimeException e) {
      String reason = e instanceof PreflightException ? e.getMessage()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      progress.warn("upgrade diff: the candidate could not run: " + reason);
      return inconclusive(campaign, programId, common, "the candidate could not run: " + reason);
    }
    progress.info(String.format("upgrade diff: replayed on both binaries in %.1f s",
        (System.nanoTime() - started) / 1e9));

    Differ differ = new Differ(world.idl(), world.programId(), request.tolerance());
    Map<String, List<Divergence>> byFingerprint = new LinkedHashMap<>();
    Map<String, Difference> first = new LinkedHashMap<>();
    long cases = 0;
    long sequences = 0;
    for (int r = 0; r < runs.size(); r++) {
      RecordedRun run = runs.get(r);
      if (run.kind() == RecordedRun.Kind.CASE) {
        cases++;
      } else {
        sequences++;
      }
      Optional<Divergence> d = diverge(differ, run, deployed.get(r), candidate.get(r));
      if (d.isEmpty()) {
        continue;
      }
      for (Difference diff : d.get().differences()) {
        String fp = fingerprint(programId, diff);
        byFingerprint.computeIfAbsent(fp, k -> new ArrayList<>()).add(d.get());
        first.putIfAbsent(fp, diff);
      }
    }
    String ran = cases + " distinct cases and " + sequences + " sequences (seed " + seed + ")";
    common.add(Evidence.note("upgrade.replayed", ran + " on both binaries"));
    common.add(Evidence.note("upgrade.tolerance", request.tolerance().percent() + " % and "
        + request.tolerance().units() + " CU"));
    CheckInfo info = info();
    List<CheckResult> results = new ArrayList<>();
    List<Found> found = new ArrayList<>();
    Map<String, String> sources = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      results.add(info.inconclusive("the campaign executed no case and no sequence, so nothing was "
          + "compared").evidence(common).subject(programId, ID).build());
      return new Report(campaign, results, found, sources, 0, 0);
    }
    if (byFingerprint.isEmpty()) {
      request.baseline().entries().forEach(a -> progress.warn("upgrade diff: " + a.source()
          + ": accepted difference " + a.fingerprint() + " did not occur in this run; remove the "
          + "entry if the candidate no longer makes that change"));
      results.add(info.pass(ran + " behave the same on the deployed binary and on the candidate")
          .evidence(common).subject(programId, ID).build());
      progress.info("upgrade diff: no difference in " + ran);
      return new Report(campaign, results, found, sources, cases, sequences);
    }
    // new differences first: when there are more than can be shown, none that breaks the gate is
    // left out unseen
    List<Map.Entry<String, List<Divergence>>> groups = new ArrayList<>(byFingerprint.entrySet());
    groups.sort(java.util.Comparator.comparing(g -> acceptedOn(request, g.getKey())));
    int n = 0;
    for (var e : groups) {
      if (n >= MAX_REPORTED) {
        break;
      }
      String fp = e.getKey();
      // the shortest run that shows this difference, and the difference as seen there
      Divergence shortest = e.getValue().stream().min(java.util.Comparator.comparingInt(Divergence::length)).orElseThrow();
      Difference diff = shortest.differences().stream().filter(x -> fingerprint(programId, x).equals(fp))
          .findFirst().orElse(first.get(fp));
      n++;
      String cls = DiffReproducer.className(n);
      sources.put(cls, DiffReproducer.junitSource(shortest, diff, cls, seed, request.tolerance()));
      Optional<UpgradeBaseline.Accepted> accepted = request.baseline().find(fp);
      found.add(new Found(fp, diff, e.getValue().size(), shortest.run().describe(), accepted, cls));
      List<Evidence> ev = new ArrayList<>();
      ev.add(Evidence.note("upgrade.difference", diff.title()));
      ev.add(Evidence.note("upgrade.deployed", diff.deployed()));
      ev.add(Evidence.note("upgrade.candidate-value", diff.candidate()));
      ev.add(Evidence.note("upgrade.occurrences", e.getValue().size() + " of " + runs.size() + " runs"));
      ev.add(Evidence.note("upgrade.fingerprint", fp));
      ev.addAll(DiffReproducer.evidence(shortest, seed));
      ev.add(Evidence.note("reproducer.class", cls));
      ev.addAll(common);
      String side = diff.title() + ": deployed " + diff.deployed() + " | candidate " + diff.candidate()
          + " (" + e.getValue().size() + " runs; first in " + shortest.run().describe() + ")";
      CheckResult.Builder b;
      if (accepted.isPresent() && accepted.get().activeOn(request.today())) {
        UpgradeBaseline.Accepted a = accepted.get();
        ev.add(Evidence.note("upgrade.accepted", a.reason() + " (owner " + a.owner() + ", until "
            + a.expires() + ", " + a.source() + ")"));
        // the same, field by field, for preflight-report.json's acceptedDifference
        ev.add(Evidence.note(ACCEPTED_PREFIX + "reason", a.reason()));
        ev.add(Evidence.note(ACCEPTED_PREFIX + "owner", a.owner()));
        ev.add(Evidence.note(ACCEPTED_PREFIX + "expires", a.expires().toString()));
        ev.add(Evidence.note(ACCEPTED_PREFIX + "source", a.source()));
        b = info.result(Outcome.ATTESTED, "accepted difference: " + side);
      } else {
        String entry = UpgradeBaseline.entryFor(fp, diff.title(), request.today());
        ev.add(Evidence.note("upgrade.baseline-entry", entry));
        String expired = accepted.map(a -> " (its baseline entry at " + a.source() + " expired on "
            + a.expires() + ")").orElse("");
        b = info.fail("new difference" + expired + ": " + side);
        progress.warn("upgrade diff: new difference " + side + expired
            + "\n  to accept it, add to the upgrade baseline under 'accepted:':\n" + entry);
      }
      results.add(b.evidence(ev).subject(programId, diff.key()).build());
    }
    for (UpgradeBaseline.Accepted a : request.baseline().entries()) {
      if (!byFingerprint.containsKey(a.fingerprint())) {
        progress.warn("upgrade diff: " + a.source() + ": accepted difference " + a.fingerprint()
            + a.difference().map(d -> " (" + d + ")").orElse("") + " did not occur in this run; "
            + "remove the entry if the candidate no longer makes that change");
      }
    }
    if (groups.size() > MAX_REPORTED) {
      List<Map.Entry<String, List<Divergence>>> rest = groups.subList(MAX_REPORTED, groups.size());
      long newOnes = rest.stream().filter(g -> !acceptedOn(request, g.getKey())).count();
      progress.warn("upgrade diff: " + rest.size() + " more differences not shown (" + newOnes + " new)");
      if (newOnes > 0) {
        List<Evidence> ev = new ArrayList<>();
        rest.stream().filter(g -> !acceptedOn(request, g.getKey())).forEach(g -> ev.add(Evidence.note(
            "upgrade.more." + g.getKey(), g.getValue().getFirst().differences().stream()
                .filter(x -> fingerprint(programId, x).equals(g.getKey())).findFirst()
                .map(Difference::title).orElse("?"))));
        ev.addAll(common);
        results.add(info.fail(newOnes + " more new differences beyond the " + MAX_REPORTED + " shown; "
            + "review the candidate, it changes more than one report can show")
            .evidence(ev).subject(programId, ID + "|more").build());
      }
    }
    writeReproducers(request, sources, progress);
    return new Report(campaign, results, found, sources, cases, sequences);
  }

  /** The validator's slot timer, stopped while both binaries replay (a pause is not part of a save point). */
  private record Clock(RpcValidator v, boolean paused) {
    static Clock pause(RpcValidator v) {
      try {
        v.call("surfnet_pauseClock", JSON.createArrayNode());
        return new Clock(v, true);
      } catch (RuntimeException e) {
        return new Clock(v, false); // a validator without the cheatcode: slots move only with transactions there
      }
    }

    void resume() {
      if (paused) {
        v.call("surfnet_resumeClock", JSON.createArrayNode());
      }
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static boolean acceptedOn(Request request, String fingerprint) {
    return request.baseline().find(fingerprint).map(a -> a.activeOn(request.today())).orElse(false);
  }

  /** The first step of a run that differs, with every difference at that step. */
  static Optional<Divergence> diverge(Differ differ, RecordedRun run, List<StepOutcome> deployed,
                                      List<StepOutcome> candidate) {
    int steps = Math.min(run.steps().size(), Math.min(deployed.size(), candidate.size()));
    for (int i = 0; i < steps; i++) {
      List<Difference> diffs = differ.compare(run.steps().get(i), deployed.get(i), candidate.get(i));
      if (!diffs.isEmpty()) {
        return Optional.of(new Divergence(run, i, deployed.subList(0, i + 1), candidate.subList(0, i + 1), diffs));
      }
    }
    return Optional.empty();
  }

  /** hash(check id, program, instruction | kind | place): the values stay out, so it is stable. */
  static String fingerprint(String programId, Difference d) {
    return Fingerprint.of(ID, "", programId, d.key());
  }

  private static Report inconclusive(FuzzReport campaign, String programId, List<Evidence> common, String why) {
    CheckResult r = info().inconclusive(why).evidence(common).subject(programId, ID).build();
    return new Report(campaign, List.of(r), List.of(), Map.of(), 0, 0);
  }

  private static void writeReproducers(Request request, Map<String, String> sources, Progress progress) {
    if (request.campaign().reproducerDir().isEmpty()) {
      return;
    }
    try {
      Path dir = request.campaign().reproducerDir().get();
      Files.createDirectories(dir);
      for (var e : sources.entrySet()) {
        Files.writeString(dir.resolve(e.getKey() + ".java"), e.getValue());
      }
    } catch (IOException e) {
      progress.warn("upgrade diff: could not write reproducers: " + e.getMessage());
    }
  }
}
