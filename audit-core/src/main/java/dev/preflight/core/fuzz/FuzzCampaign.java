package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.coverage.CoverageCheck;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.SimulationRequest;
import dev.preflight.core.expr.Invariants;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Runs one fuzz campaign: templates, seeded cases in simulated batches, oracles, shrinking,
 * corpus, reproducers, and the emergency stop wiring. Fails closed: anything that stops the
 * campaign from running makes every oracle INCONCLUSIVE with the reason.
 */
public final class FuzzCampaign {

  private static final int CHUNK = 1000;
  private static final int MAX_FINDINGS_PER_CHECK = 3;
  private static final PublicKey UPGRADEABLE_LOADER = PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");

  private final FuzzRequest request;
  private final Progress progress;
  private final RpcValidator validator;
  private final FuzzSettings settings;
  private final long seed;
  /** The slice of case and sequence numbers this run takes: all of them unless sharded. */
  private final FuzzShard shard;
  private final Map<PublicKey, Optional<AccountState>> pre = new HashMap<>();
  private long simulations;
  /** Oracles beyond the built-in ones: the policy's invariants. */
  private final List<StepOracle> extraOracles = new ArrayList<>();
  /** Told every executed case and sequence (the upgrade diff replays them on a candidate). */
  private final Optional<CampaignRecorder> recorder;
  private final CoverageOptions coverageOptions;

  private FuzzCampaign(FuzzRequest request, Progress progress, RpcValidator validator,
                       Optional<CampaignRecorder> recorder, CoverageOptions coverageOptions) {
    this.coverageOptions = coverageOptions;
    this.request = request;
    this.progress = progress;
    this.validator = validator;
    this.recorder = recorder;
    this.settings = FuzzSettings.from(request.policy());
    this.seed = request.seed().orElse(settings.seed());
    this.shard = request.shard().orElse(FuzzShard.WHOLE);
  }

  /**
   * The check ids a campaign reports ({@link FuzzCheckDeclarations}; the policy's invariants add
   * their own ids).
   */
  public static List<CheckInfo> definitions() {
    return new FuzzCheckDeclarations().definitions();
  }

  /**
   * The ids of the oracles that judge successful calls only: without a success of every
   * instruction they have no evidence, and say so (INCONCLUSIVE, never PASS).
   */
  public static Set<String> judgingSuccessfulCalls() {
    return CampaignTally.JUDGE_SUCCESSES;
  }

  private static final PublicKey CLOCK = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");

  /** The campaign as a dynamic result source for {@code Audit.dynamic(...)}. */
  public static java.util.function.Function<dev.preflight.core.check.AuditContext, List<CheckResult>> asDynamic(
      FuzzRequest request, Progress progress) {
    return ctx -> run(request, progress).results();
  }

  /**
   * The campaign as a dynamic result source that also hands its report (the coverage figures) to
   * {@code report}.
   */
  public static java.util.function.Function<dev.preflight.core.check.AuditContext, List<CheckResult>> asDynamic(
      FuzzRequest request, Progress progress, CoverageOptions coverage,
      java.util.function.Consumer<FuzzReport> report) {
    return ctx -> {
      FuzzReport r = run(request, progress, coverage);
      report.accept(r);
      return r.results();
    };
  }

  public static FuzzReport run(FuzzRequest request, Progress progress) {
    return run(request, progress, Optional.empty(), CoverageOptions.off());
  }

  /** As {@link #run(FuzzRequest, Progress)}, telling {@code recorder} every case and sequence. */
  public static FuzzReport run(FuzzRequest request, Progress progress, Optional<CampaignRecorder> recorder) {
    return run(request, progress, recorder, CoverageOptions.off());
  }

  /** A campaign that measures coverage as {@code coverage} says (see {@link CoverageGuide}). */
  public static FuzzReport run(FuzzRequest request, Progress progress, CoverageOptions coverage) {
    return run(request, progress, Optional.empty(), coverage);
  }

  /** A campaign telling {@code recorder} every case and sequence, measuring coverage as asked. */
  public static FuzzReport run(FuzzRequest request, Progress progress,
                               Optional<CampaignRecorder> recorder, CoverageOptions coverage) {
    long started = System.nanoTime();
    try (RpcValidator validator = new RpcValidator(request.target())) {
      return new FuzzCampaign(request, progress, validator, recorder, coverage).execute(started);
    } catch (RuntimeException e) {
      String reason = e instanceof PreflightException ? e.getMessage()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      progress.warn("fuzz campaign could not run: " + reason);
      List<CheckResult> results = new ArrayList<>();
      long seed = request.seed().orElseGet(() -> safeSeed(request));
      for (CheckInfo info : definitions()) {
        results.add(info.inconclusive("the fuzz campaign could not run: " + reason)
            .evidence(Evidence.note("fuzz.seed", Long.toString(seed)))
            .subject(request.policy().program().id(), info.id()).build());
      }
      return new FuzzReport(results, List.of(), Map.of(), new FuzzReport.Stats(seed, 0, 0, 0,
          Duration.ofNanos(System.nanoTime() - started), "", List.of()));
    }
  }

  private static long safeSeed(FuzzRequest r) {
    try {
      return FuzzSettings.from(r.policy()).seed();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private FuzzReport execute(long started) {
    Idl idl = request.idl().orElseGet(this::loadIdl);
    PublicKey programId = PublicKey.fromBase58Encoded(request.policy().program().id());
    List<CallTemplate> all = request.templates().orElseGet(() -> loadTemplates(idl));
    if (all.isEmpty() && settings.learnFromTransactions() > 0) {
      // no scenario: learn the calls from the program's recent successful transactions
      try (RpcValidator from = new RpcValidator(request.forkFrom().orElse(request.target()))) {
        all = TemplateLearner.learn(from, idl, programId, settings.learnFromTransactions());
      }
      progress.info("learned " + all.size() + " call templates from recent transactions: "
          + all.stream().map(CallTemplate::instruction).toList());
    }
    List<CallTemplate> learnedOrGiven = all;
    List<CallTemplate> templates = settings.campaigns().isEmpty() ? learnedOrGiven
        : learnedOrGiven.stream().filter(t -> settings.campaigns().contains(t.instruction())).toList();
    if (templates.isEmpty()) {
      throw new PreflightException("no call templates: give fuzz.scenario in the policy (one valid "
          + "call per instruction), set fuzz.learnFromTransactions to learn them from the program's "
          + "recent transactions, or pass templates in the request");
    }
    if (request.forkFrom().isPresent()) {
      try (RpcValidator source = new RpcValidator(request.forkFrom().get())) {
        List<PublicKey> wanted = new ArrayList<>(templates.stream().flatMap(t -> t.accounts().stream())
            .map(CallTemplate.Account::key).toList());
        wanted.addAll(settings.forkAccounts().stream().map(PublicKey::fromBase58Encoded).toList());
        Fork.Result fork = Fork.cloneInto(source, validator, programId, wanted);
        progress.info("forked " + fork.copied().size() + " accounts from " + request.forkFrom().get().getHost()
            + " (program hash " + fork.programHash() + ")" + (fork.missing().isEmpty() ? ""
            : "; not on the source: " + fork.missing().size()));
      }
    }
    int maxCases = request.maxCases().orElse(settings.maxCases());
    Duration maxTime = request.maxTime().orElse(Duration.ofSeconds(settings.maxSeconds()));
    progress.phase("fuzzing " + idl.name() + " on " + request.target().getHost() + " (seed " + seed
        + ", up to " + maxCases + " cases)");
    String hash;
    try {
      hash = programHash(programId);
    } catch (PreflightException e) {
      throw e;
    } catch (RuntimeException e) {
      // a builtin or unusual loader: the corpus falls back to the program id
      hash = "program-" + programId.toBase58();
    }
    String programHash = hash;
    CoverageGuide.Opened opened = coverageOptions.enabled()
        ? CoverageGuide.open(validator, coverageOptions.traceDirectory(), programId, coverageOptions.guided(),
            seed, progress)
        : new CoverageGuide.Unavailable(!shard.whole()
            // the same words in every shard, so the merge keeps the result as the shards agree
            ? "a shard does not measure coverage (coverage guidance would make its cases depend "
                + "on what it reached, not on their numbers); measure it in an unsharded run"
            : "coverage is off (fuzz.coverage.enabled: false, or -Dpreflight.fuzz.coverage=false)");
    Optional<CoverageGuide> guide = opened instanceof CoverageGuide.Ready r ? Optional.of(r.guide()) : Optional.empty();
    if (opened instanceof CoverageGuide.Unavailable u) {
      progress.info("coverage not measured: " + u.reason());
    }

    PublicKey feePayer = Substitutes.derive(seed, "fee-payer");
    if (validator.isLoopback()) {
      validator.setAccount(feePayer, 1_000_000_000_000L, new byte[0], Substitutes.SYSTEM, false);
    } else {
      feePayer = templates.getFirst().accounts().stream().filter(CallTemplate.Account::signer)
          .findFirst().map(CallTemplate.Account::key).orElseThrow(() -> new PreflightException(
              "no signer in the first template to pay simulated fees on a remote cluster"));
    }
    Substitutes subs = Substitutes.prepare(validator, templates, programId, seed, Optional.of(idl));
    // the world every sequence starts from: saved before anything lands
    String worldSnapshot = null;
    Optional<String> snapshotProblem = Optional.empty();
    if (validator.isLoopback() && settings.sequences().count() > 0) {
      try {
        worldSnapshot = validator.snapshot();
      } catch (RuntimeException e) {
        snapshotProblem = Optional.of("the validator cannot save a world (surfnet_snapshot): " + e.getMessage());
      }
    }
    if (recorder.isPresent() && validator.isLoopback()) {
      if (worldSnapshot == null) {
        worldSnapshot = validator.snapshot();
      }
      recorder.get().world(validator, worldSnapshot, programId, idl);
    }
    // the world is static while only simulating: read every template account once, for the
    // oracles' pre-state (balances, prices, owners)
    List<PublicKey> known = templates.stream().flatMap(t -> t.accounts().stream())
        .map(CallTemplate.Account::key).distinct().toList();
    List<Optional<AccountState>> knownStates = validator.accounts(known);
    for (int i = 0; i < known.size(); i++) {
      pre.put(known.get(i), knownStates.get(i));
    }
    Map<String, OptionalLong> budgets = new HashMap<>();
    for (IdlInstruction ix : idl.instructions()) {
      budgets.put(ix.name(), settings.budgetFor(request.policy(), ix.name()));
    }
    Set<PublicKey> extraWatch = new LinkedHashSet<>();
    CaseRunner runner = new CaseRunner(idl, programId, feePayer, templates, extraWatch);
    // the policy's expressions (bounds, invariants) compiled against this IDL; errors name their
    // place in preflight.yaml
    Invariants invariants = Invariants.compile(request.policy(), idl);
    // the bounds the policy declares (fuzz.bounds); a rule's constant bounds the deployed state,
    // not what the program must refuse, so rule-derived bounds only give boundary values
    Oracles oracles = new Oracles(idl, settings, budgets, programId, invariants.bounds().stream()
        .filter(b -> b.source().startsWith("fuzz.bounds")).toList());
    List<BigInteger> boundary = new ArrayList<>(settings.boundaryValues());
    invariants.literals().stream().filter(b -> !boundary.contains(b)).forEach(boundary::add);
    long worldClock = validator.account(CLOCK).map(a -> ByteBuffer.wrap(a.data(), 32, 8)
        .order(ByteOrder.LITTLE_ENDIAN).getLong()).orElse(System.currentTimeMillis() / 1000);
    if (!invariants.callInvariants().isEmpty() || !invariants.accountInvariants().isEmpty()) {
      extraOracles.add(new InvariantOracle(invariants, idl, programId, worldClock));
    }
    CaseGenerator gen = new CaseGenerator(idl, templates, subs, boundary,
        settings.permissionless(), seed);
    InstructionStats stats = new InstructionStats(idl, templates);
    ReinitializationOracle reinit = new ReinitializationOracle(programId, settings.initializers());
    PrefundOracle prefund = new PrefundOracle();
    List<StepOracle> stepOracles = new ArrayList<>(List.of(reinit));
    stepOracles.addAll(extraOracles);
    Judge judge = new Judge(runner, oracles, stepOracles, reinit, stats);

    // templates as given: a template that fails cannot show a wrongful success, unless the
    // scenario says it must fail as given (a probe)
    List<String> failing = new ArrayList<>();
    List<FuzzCase> baseline = new ArrayList<>();
    for (int t = 0; t < templates.size(); t++) {
      baseline.add(new FuzzCase(t, List.of()));
    }
    List<Outcome> base = simulate(runner, baseline);
    record(runner, base, -1);
    int expectedFailures = 0;
    for (int t = 0; t < templates.size(); t++) {
      CallTemplate tpl = templates.get(t);
      Outcome o = base.get(t);
      if (o == null) {
        failing.add(tpl.instruction() + ": cannot be encoded or is too large");
        continue;
      }
      stats.record(tpl.instruction(), o.sim(), false, Long.MIN_VALUE);
      if (o.sim().success()) {
        reinit.observe(tpl.instruction(), o.call().accounts(), o.watch(), pre, o.sim().accounts());
        if (tpl.expect().isPresent()) {
          failing.add(tpl.instruction() + ": succeeds as given although the scenario expects "
              + tpl.expect().get());
        }
        continue;
      }
      String err = InstructionStats.errorName(idl, o.sim());
      boolean expected = tpl.expect().isPresent() && o.sim().customError().isPresent()
          && idl.errors().stream().anyMatch(e -> e.name().equals(tpl.expect().get())
              && e.code() == o.sim().customError().getAsInt());
      if (expected) {
        expectedFailures++;
        continue;
      }
      failing.add(tpl.instruction() + ": " + err + (tpl.expect().isPresent()
          ? " (the scenario expects " + tpl.expect().get() + ")" : ""));
      progress.warn("call template " + tpl.instruction() + " fails as given: " + err + " "
          + String.join(" | ", lastLogs(o.sim())));
    }
    guide.ifPresent(g -> traceChunk(g, baseline, base, -1));
    if (failing.size() == templates.size() && expectedFailures == 0) {
      throw new PreflightException("every call template fails as given (" + String.join("; ", failing)
          + "); fix the scenario so each call succeeds on " + request.target().getHost());
    }

    Map<String, Finding> raw = new LinkedHashMap<>();
    Map<String, Integer> perCheck = new HashMap<>();
    Optional<Corpus> corpus = request.corpusDir().map(d -> new Corpus(d, programHash));
    long replayed = 0;
    if (corpus.isPresent()) {
      List<FuzzCase> saved = corpus.get().load(templates, idl);
      replayed = saved.size();
      if (!saved.isEmpty()) {
        progress.info("replaying " + saved.size() + " saved cases from " + corpus.get().directory());
      }
      List<Outcome> replayedOutcomes = simulate(runner, saved);
      record(runner, replayedOutcomes, -1);
      judge(judge, saved, replayedOutcomes, -1, raw, perCheck);
    }
    // the cases that reached new code on an earlier run of this binary: traced first, mutated further
    Optional<Corpus> coverageCorpus = corpus.filter(c -> guide.isPresent())
        .map(c -> new Corpus(c.directory(), "coverage"));
    if (coverageCorpus.isPresent()) {
      List<FuzzCase> keptBefore = coverageCorpus.get().load(templates, idl);
      if (!keptBefore.isEmpty()) {
        progress.info("coverage: replaying " + keptBefore.size() + " kept cases from " + coverageCorpus.get().directory());
        List<Outcome> outs = simulate(runner, keptBefore);
        record(runner, outs, -1);
        judge(judge, keptBefore, outs, -1, raw, perCheck);
        traceChunk(guide.get(), keptBefore, outs, -1);
      }
    }
    List<FuzzCase> keptAtStart = guide.map(CoverageGuide::casesKept).orElse(List.of());
    // what every shard repeats (the calls as given, the corpus replay): a merge counts it once
    Map<String, CampaignTally.InstructionTally> shared = stats.tally();
    long n = 0;
    long lastReport = System.nanoTime();
    long loopStart = System.nanoTime();
    // two chunks overlap: the next is built while the validator simulates the current one
    Pending current = null;
    long currentFirst = 0;
    while (true) {
      Pending next = null;
      long nextFirst = n;
      if (n < maxCases && System.nanoTime() - started < maxTime.toNanos()) {
        int size = (int) Math.min(CHUNK, maxCases - n);
        List<FuzzCase> cases = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          // a shard runs without coverage guidance (FuzzPlan): its cases are the numbers' own
          long number = shard.global(n + i);
          cases.add(guide.isPresent() ? guide.get().next(number, gen, templates, idl)
              : gen.generate(number));
        }
        next = start(runner, cases);
        n += size;
      }
      if (current != null) {
        List<Outcome> outs = finish(current);
        record(runner, outs, currentFirst);
        judge(judge, current.cases(), outs, currentFirst, raw, perCheck);
        if (guide.isPresent()) {
          traceChunk(guide.get(), current.cases(), outs, currentFirst);
        }
      }
      if (next == null) {
        break;
      }
      current = next;
      currentFirst = nextFirst;
      if (System.nanoTime() - lastReport > 2_000_000_000L) {
        lastReport = System.nanoTime();
        double secs = (lastReport - loopStart) / 1e9;
        progress.info(String.format("fuzz: %d cases, %.0f cases/s, %d findings", n, n / secs, raw.size())
            + guide.map(g -> "; coverage " + g.figures()).orElse(""));
      }
    }
    double loopSecs = (System.nanoTime() - loopStart) / 1e9;
    progress.info(String.format("fuzz: %d cases in %.1f s (%.0f cases/s), %d findings", n, loopSecs,
        loopSecs > 0 ? n / loopSecs : 0, raw.size()));
    guide.ifPresent(g -> progress.info(String.format("coverage after single cases: %s; %d cases traced "
        + "(%.1f s), %d kept", g.figures(), g.tracedCases(), g.traceSeconds(), g.keptCases())));

    List<Finding> findings = new ArrayList<>();
    List<CampaignTally.FindingKey> keys = new ArrayList<>();
    Set<String> shrunkKeys = new LinkedHashSet<>();
    long corpusOrder = 0;
    for (var e : raw.entrySet()) {
      Finding f = e.getValue();
      long number = f.fromCorpus() ? corpusOrder++ : f.caseNumber();
      Finding s = shrink(runner, judge, f, subs);
      String shrunkKey = s.checkId() + "|" + s.call().instruction() + "|" + signature(s.fuzzCase());
      // every raw finding goes into the tally: one another shard shadows may be the one kept
      keys.add(new CampaignTally.FindingKey(s.checkId(), CampaignTally.Kind.CASE, f.fromCorpus(),
          number, e.getKey(), shrunkKey, shrunkKey, resultField(s)));
      if (shrunkKeys.add(shrunkKey)) {
        findings.add(s);
      }
    }
    corpus.ifPresent(c -> findings.forEach(f -> c.save(f, templates)));

    // stateful sequences from the saved world, on a validator on this machine
    List<StatefulCampaign.SequenceFinding> seqFindings = new ArrayList<>();
    long sequences = 0;
    long steps = 0;
    long sequenceSteps = 0;
    Optional<String> noSequences = Optional.empty();
    Duration sequencesTime = Duration.ZERO;
    FuzzSettings.Sequences seqSettings = settings.sequences();
    if (seqSettings.count() <= 0) {
      noSequences = Optional.of("fuzz.sequences.count is 0");
    } else if (snapshotProblem.isPresent()) {
      noSequences = snapshotProblem;
    } else if (!validator.isLoopback()) {
      noSequences = Optional.of("sequences land transactions, which only a validator on this machine "
          + "may receive (fork the program into the embedded validator)");
    } else {
      String world = worldSnapshot;
      AccountPool pool = AccountPool.discover(validator, idl, programId);
      List<PublicKey> initialKeys = new ArrayList<>(known);
      List<Optional<AccountState>> initialStates = new ArrayList<>(knownStates);
      Map<PublicKey, Optional<AccountState>> initial = new LinkedHashMap<>();
      for (int i = 0; i < initialKeys.size(); i++) {
        initial.put(initialKeys.get(i), initialStates.get(i));
      }
      List<PublicKey> poolKeys = new ArrayList<>();
      for (PublicKey k : pool.all()) {
        if (!initial.containsKey(k)) {
          poolKeys.add(k);
        }
      }
      List<Optional<AccountState>> poolStates = validator.accounts(poolKeys);
      for (int i = 0; i < poolKeys.size(); i++) {
        initial.put(poolKeys.get(i), poolStates.get(i));
      }
      long clock = worldClock;
      Duration seqTime = request.maxTime().orElse(Duration.ofSeconds(seqSettings.maxSeconds()));
      progress.phase("sequences: up to " + seqSettings.count() + " of " + seqSettings.steps()
          + " steps from the saved world (" + pool.size() + " program accounts, clock "
          + java.time.Instant.ofEpochSecond(clock) + ")");
      long seqStart = System.nanoTime();
      SequenceRunner chain = new SequenceRunner(validator, runner, subs.stranger());
      StatefulCampaign sc = new StatefulCampaign(templates, runner, gen, chain, oracles, stepOracles,
          reinit, prefund, stats, pool, progress, seed, focusFields(invariants));
      recorder.ifPresent(sc::record);
      guide.ifPresent(sc::guide);
      if (guide.isPresent() && coverageCorpus.isPresent()) {
        List<Corpus.SavedSequence> keptSeqs = coverageCorpus.get().loadSequences(templates, idl);
        if (!keptSeqs.isEmpty()) {
          progress.info("coverage: replaying " + keptSeqs.size() + " kept sequences traced");
          for (Corpus.SavedSequence k : keptSeqs) {
            guide.get().afterSequence(-1, chain, world, k.actions(), List.of());
          }
        }
      }
      List<List<Action>> keptSeqsAtStart = guide.map(CoverageGuide::sequencesKept).orElse(List.of());
      List<Corpus.SavedSequence> kept = corpus.map(c -> c.loadSequences(templates, idl)).orElse(List.of());
      if (!kept.isEmpty()) {
        progress.info("replaying " + kept.size() + " saved sequences from " + corpus.get().directory());
        seqFindings.addAll(sc.replaySaved(world, initial, kept));
      }
      Set<String> keptKeys = new LinkedHashSet<>();
      for (int i = 0; i < seqFindings.size(); i++) {
        StatefulCampaign.SequenceFinding f = seqFindings.get(i);
        keptKeys.add(keptKey(f));
        keys.add(new CampaignTally.FindingKey(f.checkId(), CampaignTally.Kind.SEQUENCE, true, i,
            keptKey(f), keptKey(f) + "|" + f.actions().size(), keptKey(f), resultField(f)));
      }
      for (StatefulCampaign.SequenceFinding f : sc.run(world, initial, clock, new StatefulCampaign.Settings(
          seqSettings.count(), seqSettings.steps(), seqTime, shard))) {
        if (keptKeys.add(keptKey(f))) {
          seqFindings.add(f);
          corpus.ifPresent(c -> c.saveSequence(f, templates));
        }
      }
      for (StatefulCampaign.SequenceFinding f : sc.shrunk()) {
        keys.add(new CampaignTally.FindingKey(f.checkId(), CampaignTally.Kind.SEQUENCE, false,
            f.sequence(), sc.rawKey(f), keptKey(f) + "|" + f.actions().size(), keptKey(f),
            resultField(f)));
      }
      sequences = sc.sequences();
      steps = sc.steps();
      sequenceSteps = sc.sequenceSteps();
      sequencesTime = Duration.ofNanos(System.nanoTime() - seqStart);
      validator.revert(world);
      if (coverageCorpus.isPresent()) {
        guide.get().sequencesKept().stream().filter(s -> !keptSeqsAtStart.contains(s))
            .forEach(s -> coverageCorpus.get().saveActions("coverage", s, templates));
      }
    }

    Optional<EmergencyStopWiring.Outcome> wiring = settings.emergencyStop().map(stop ->
        EmergencyStopWiring.check(validator, idl, runner, templates, stop, programId.toBase58(), seed));
    wiring.ifPresent(w -> findings.addAll(w.findings()));

    Map<String, String> sources = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      String cls = Reproducer.className(f.checkId(), i + 1);
      long budget = budgets.getOrDefault(f.call().instruction(), OptionalLong.empty()).orElse(Long.MAX_VALUE);
      sources.put(cls, Reproducer.junitSource(f, "", cls, budget, seed));
    }
    for (int i = 0; i < seqFindings.size(); i++) {
      StatefulCampaign.SequenceFinding f = seqFindings.get(i);
      String cls = Reproducer.className(f.checkId(), findings.size() + i + 1);
      sources.put(cls, SequenceReproducer.junitSource(f, "", cls, seed));
    }
    if (request.reproducerDir().isPresent()) {
      try {
        Files.createDirectories(request.reproducerDir().get());
        for (var e : sources.entrySet()) {
          Path p = request.reproducerDir().get().resolve(e.getKey() + ".java");
          Files.writeString(p, e.getValue());
          files.add(p);
        }
      } catch (IOException e) {
        progress.warn("could not write reproducers: " + e.getMessage());
      }
    }

    List<String> extraIds = new ArrayList<>();
    Map<String, String> extraGaps = new LinkedHashMap<>();
    for (StepOracle o : extraOracles) {
      for (String id : o.ids()) {
        extraIds.add(id);
        o.evidenceGap(id, stats).ifPresent(g -> extraGaps.put(id, g));
      }
    }
    // no evidence, no pass: the oracles are judged on this tally, which a merge of shards adds up
    CampaignTally tally = new CampaignTally(shard, seed, programHash, policySha256(), n, sequences,
        sequenceSteps, templates.stream().map(t -> new CampaignTally.Template(t.instruction(),
            t.expect().isPresent())).toList(), failing, noSequences, stats.tally(), shared,
        reinit.probes(), templates.stream().anyMatch(t -> reinit.isInitializer(t.instruction())),
        prefund.probes(), extraIds, extraGaps, keys);
    request.tallyFile().ifPresent(tally::write);

    List<CheckResult> results = new ArrayList<>();
    String cluster = request.target().getScheme() + "://" + request.target().getHost();
    List<Evidence> common = tally.commonEvidence();
    for (String id : tally.ids()) {
      CheckInfo info = info(id);
      List<Finding> mine = findings.stream().filter(f -> f.checkId().equals(id)).toList();
      List<StatefulCampaign.SequenceFinding> mineSeq = seqFindings.stream().filter(f -> f.checkId().equals(id)).toList();
      if (mine.isEmpty() && mineSeq.isEmpty()) {
        CampaignTally.Verdict v = tally.verdict(id);
        if (!shard.whole()) {
          // a shard saw a slice: only the merge of all shards may pass or waive an oracle
          v = new CampaignTally.Verdict(dev.preflight.core.check.Outcome.INCONCLUSIVE, "shard "
              + shard + " of the campaign, not a full result: this slice alone would be "
              + v.outcome().label() + " (" + v.message() + "); merge the shards' reports with "
              + "preflight:merge for the campaign's verdict");
        }
        results.add(CheckResult.builder(info, v.outcome(), v.message()).evidence(common)
            .subject(programId.toBase58(), id).build());
      }
      for (Finding f : mine) {
        List<Evidence> ev = new ArrayList<>(Reproducer.evidence(f, seed, programId.toBase58(), cluster, idl));
        ev.addAll(common);
        results.add(info.fail(f.reason() + " [" + f.call().instruction() + ": " + f.fuzzCase().describe() + "]")
            .evidence(ev).subject(programId.toBase58(), resultField(f))
            .build());
      }
      for (StatefulCampaign.SequenceFinding f : mineSeq) {
        List<Evidence> ev = new ArrayList<>(SequenceReproducer.evidence(f, seed, programId.toBase58(), cluster, idl));
        ev.addAll(common);
        String ix = f.step().call().map(CaseRunner.Call::instruction).orElse("?");
        results.add(info.fail(f.reason() + " [sequence of " + f.actions().size() + " steps, step "
                + (f.violating() + 1) + ": " + ix + "]")
            .evidence(ev).subject(programId.toBase58(), resultField(f))
            .build());
      }
    }

    wiring.ifPresent(w -> results.add(w.result()));
    coverageCorpus.ifPresent(c -> guide.get().casesKept().stream().filter(k -> !keptAtStart.contains(k))
        .forEach(k -> c.saveCase("coverage", k, templates)));
    Optional<CoverageReport> coverage = guide.map(CoverageGuide::report);
    coverage.ifPresent(r -> progress.info(String.format(java.util.Locale.ROOT,
        "coverage of %s: %d of %d instruction slots (%.1f %%), %d of %d branch edges (%.1f %%); "
            + "%d cases and %d steps of %d sequences traced in %.1f s, %d cases and %d sequences kept",
        programId.toBase58(), r.reached(), r.slots(), r.percent(), r.edgesReached(), r.edges(),
        r.edgePercent(), guide.get().tracedCases(), guide.get().tracedSteps(), guide.get().tracedSequences(),
        guide.get().traceSeconds(),
        guide.get().keptCases(), guide.get().keptSequences())));
    Optional<String> noCoverage = opened instanceof CoverageGuide.Unavailable u ? Optional.of(u.reason())
        : guide.flatMap(CoverageGuide::stopped);
    results.add(CoverageCheck.evaluate(noCoverage.isPresent() ? Optional.empty() : coverage,
        CoverageCheck.minimum(request.policy()), programId.toBase58(), noCoverage));
    return new FuzzReport(results, findings, sources, new FuzzReport.Stats(seed, n, simulations,
        replayed, Duration.ofNanos(System.nanoTime() - started), programHash, files,
        Duration.ofNanos((long) (loopSecs * 1e9)), sequences, steps, sequencesTime),
        noCoverage.isPresent() ? Optional.empty() : coverage);
  }

  /** Tells the recorder the cases simulated (numbered from {@code first}, or -1 for all). */
  private void record(CaseRunner runner, List<Outcome> outs, long first) {
    if (recorder.isEmpty()) {
      return;
    }
    for (int i = 0; i < outs.size(); i++) {
      Outcome o = outs.get(i);
      if (o != null) {
        recorder.get().singleCase(first < 0 ? -1 : first + i, RecordedSteps.of(o.call(), o.tx(),
            runner.watch(o.call()), o.call().args().toJson().toString()));
      }
    }
  }

  /** The field names the policy's expressions read: the generator aims at their values. */
  private static Set<String> focusFields(Invariants invariants) {
    Set<String> out = new LinkedHashSet<>();
    java.util.stream.Stream.concat(java.util.stream.Stream.concat(
            invariants.callInvariants().stream().map(i -> i.expression()),
            invariants.accountInvariants().stream().map(i -> i.expression())),
        invariants.bounds().stream().map(b -> b.expression()))
        .flatMap(e -> e.paths().stream())
        .forEach(p -> out.add(p.substring(p.lastIndexOf('.') + 1)));
    return out;
  }

  private CheckInfo info(String id) {
    if (Oracles.IDS.contains(id)) {
      return Oracles.info(id);
    }
    if (id.equals(ReinitializationOracle.ID)) {
      return ReinitializationOracle.info();
    }
    if (id.equals(PrefundOracle.ID)) {
      return PrefundOracle.info();
    }
    for (StepOracle o : extraOracles) {
      Optional<CheckInfo> i = o.info(id);
      if (i.isPresent()) {
        return i.get();
      }
    }
    throw new IllegalStateException("no metadata for " + id);
  }

  /** The subject field of a single-call finding's result. */
  private static String resultField(Finding f) {
    return f.checkId() + ":" + f.call().instruction() + ":" + signature(f.fuzzCase());
  }

  /** The subject field of a sequence finding's result. */
  private static String resultField(StatefulCampaign.SequenceFinding f) {
    return f.checkId() + ":" + f.step().call().map(CaseRunner.Call::instruction).orElse("?") + ":sequence";
  }

  /** One kept sequence finding per check and violating instruction. */
  private static String keptKey(StatefulCampaign.SequenceFinding f) {
    return f.checkId() + "|" + f.step().call().map(CaseRunner.Call::instruction).orElse("?");
  }

  /** SHA-256 of the policy file as written: shards of different policies are not merged. */
  private String policySha256() {
    Path src = request.policy().source();
    try {
      return src == null || !Files.isRegularFile(src) ? ""
          : java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(src)));
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return "";
    }
  }

  private record Outcome(CaseRunner.Call call, List<PublicKey> watch, byte[] tx, Simulation sim) {}

  /** Traces the cases of a chunk whose signal is new, or which fall in the sample. */
  private static void traceChunk(CoverageGuide g, List<FuzzCase> cases, List<Outcome> outs, long first) {
    for (int i = 0; i < cases.size() && g.active(); i++) {
      Outcome o = outs.get(i);
      if (o != null && g.wants(first < 0 ? -1 : first + i, o.call().instruction(), o.sim())) {
        g.trace(cases.get(i), o.tx());
      }
    }
  }

  private record Pending(List<FuzzCase> cases, List<CaseRunner.Call> calls,
                         List<SimulationRequest> requests, List<Integer> ok,
                         java.util.concurrent.CompletableFuture<List<Simulation>> future) {}

  private List<Outcome> simulate(CaseRunner runner, List<FuzzCase> cases) {
    return finish(start(runner, cases));
  }

  /** Builds the transactions and starts their simulation without waiting for it. */
  private Pending start(CaseRunner runner, List<FuzzCase> cases) {
    List<CaseRunner.Call> calls = new ArrayList<>();
    List<SimulationRequest> reqs = new ArrayList<>();
    List<Integer> ok = new ArrayList<>();
    List<PublicKey> missing = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      CaseRunner.Call call;
      byte[] tx;
      try {
        call = runner.call(cases.get(i));
        tx = runner.transaction(call);
      } catch (RuntimeException e) {
        // a value the IDL encoder refuses, or a message sava cannot build, is no case
        calls.add(null);
        continue;
      }
      calls.add(call);
      if (tx.length > 1232) {
        continue;
      }
      List<PublicKey> watch = new ArrayList<>();
      for (PublicKey k : runner.watch(call)) {
        Optional<AccountState> known = pre.get(k);
        if (known == null) {
          missing.add(k);
          watch.add(k);
        } else if (known.isEmpty() || known.get().owner().equals(Substitutes.TOKEN)
            || known.get().owner().equals(runner.programId())) {
          // token accounts and mints, program-owned accounts (lamports), and accounts a call
          // may create feed the oracles
          watch.add(k);
        }
      }
      reqs.add(new SimulationRequest(tx, watch));
      ok.add(i);
    }
    List<PublicKey> distinct = missing.stream().distinct().toList();
    if (!distinct.isEmpty()) {
      List<Optional<AccountState>> states = validator.accounts(distinct);
      for (int i = 0; i < distinct.size(); i++) {
        pre.put(distinct.get(i), states.get(i));
      }
    }
    simulations += reqs.size();
    return new Pending(cases, calls, reqs, ok, validator.simulateAsync(reqs));
  }

  private List<Outcome> finish(Pending p) {
    List<Simulation> sims = RpcValidator.await(p.future());
    List<Outcome> out = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < p.cases().size(); i++) {
      if (j < p.ok().size() && p.ok().get(j) == i) {
        SimulationRequest r = p.requests().get(j);
        out.add(new Outcome(p.calls().get(i), r.watch(), r.transaction(), sims.get(j)));
        j++;
      } else {
        out.add(null);
      }
    }
    return out;
  }

  /** The single-call oracles, then the step oracles, over one simulated case. */
  private final class Judge {
    final CaseRunner runner;
    final Oracles oracles;
    final List<StepOracle> stepOracles;
    final ReinitializationOracle reinit;
    final InstructionStats stats;

    Judge(CaseRunner runner, Oracles oracles, List<StepOracle> stepOracles,
          ReinitializationOracle reinit, InstructionStats stats) {
      this.runner = runner;
      this.oracles = oracles;
      this.stepOracles = stepOracles;
      this.reinit = reinit;
      this.stats = stats;
    }

    Optional<Oracles.Verdict> verdict(FuzzCase c, Outcome o) {
      CallTemplate template = runner.template(c);
      if (o.sim().success()) {
        reinit.observe(o.call().instruction(), o.call().accounts(), o.watch(), pre, o.sim().accounts());
      }
      Optional<Oracles.Verdict> v = oracles.judge(c, template, o.call(), o.watch(), o.sim(), pre);
      if (v.isPresent() && v.get().checkId().equals(Oracles.SUBSTITUTION)) {
        Optional<FuzzCase> control = Oracles.withoutSubstitutions(c);
        Outcome co = control.map(x -> simulate(runner, List.of(x)).getFirst()).orElse(null);
        if (co != null && !Oracles.substitutionMattered(o.call(), o.watch(), o.sim(), co.call(), co.watch(), co.sim(), pre)) {
          v = Optional.empty();
        }
      }
      if (v.isPresent()) {
        return v;
      }
      StepOracle.Context ctx = new StepOracle.Context(c, template, o.call(), o.watch(), pre,
          o.sim().accounts(), o.sim(), Long.MIN_VALUE, 0, null);
      for (StepOracle so : stepOracles) {
        Optional<Oracles.Verdict> w = so.judge(ctx);
        if (w.isPresent()) {
          return w;
        }
      }
      return Optional.empty();
    }
  }

  private void judge(Judge judge, List<FuzzCase> cases, List<Outcome> outs, long first,
                     Map<String, Finding> raw, Map<String, Integer> perCheck) {
    for (int i = 0; i < cases.size(); i++) {
      Outcome o = outs.get(i);
      if (o == null) {
        continue;
      }
      judge.stats.record(o.call().instruction(), o.sim(), false, Long.MIN_VALUE);
      Optional<Oracles.Verdict> v = judge.verdict(cases.get(i), o);
      if (v.isEmpty()) {
        continue;
      }
      String key = v.get().checkId() + "|" + o.call().instruction() + "|" + signature(cases.get(i));
      if (raw.containsKey(key) || perCheck.getOrDefault(v.get().checkId(), 0) >= MAX_FINDINGS_PER_CHECK) {
        continue;
      }
      perCheck.merge(v.get().checkId(), 1, Integer::sum);
      raw.put(key, new Finding(v.get().checkId(), v.get().reason(), first < 0 ? -1 : shard.global(first + i),
          cases.get(i), o.call(), o.sim(), o.tx(), List.of(), first < 0));
      progress.info("finding " + v.get().checkId() + ": " + v.get().reason());
    }
  }

  private static List<Substitutes.Prepared> setupFor(FuzzCase c, Substitutes subs) {
    List<Substitutes.Prepared> out = new ArrayList<>();
    for (Mutation m : c.mutations()) {
      if (m instanceof Mutation.Substitute s) {
        subs.byAddress(s.replacement()).ifPresent(out::add);
      }
    }
    return out;
  }

  /** What kind of case this is, without values: the mutation types and argument names. */
  static String signature(FuzzCase c) {
    return String.join(",", c.mutations().stream().map(m -> switch (m) {
      case Mutation.SetArg s -> "arg:" + s.arg();
      case Mutation.Substitute s -> "sub:" + s.account() + ":" + s.kind();
      default -> m.getClass().getSimpleName() + ":" + CaseGenerator.index(m);
    }).sorted().toList());
  }

  // ---- shrinking ---------------------------------------------------------------------------

  private Finding shrink(CaseRunner runner, Judge judge, Finding f, Substitutes subs) {
    FuzzCase cur = f.fuzzCase();
    Outcome best = null;
    boolean changed = true;
    int budget = 160;
    while (changed && budget > 0) {
      changed = false;
      for (int i = 0; i < cur.mutations().size() && budget > 0; i++) {
        List<Mutation> ms = new ArrayList<>(cur.mutations());
        ms.remove(i);
        FuzzCase cand = new FuzzCase(cur.template(), ms);
        budget--;
        Outcome o = stillFails(runner, judge, cand, f.checkId());
        if (o != null) {
          cur = cand;
          best = o;
          changed = true;
          break;
        }
      }
      for (int i = 0; i < cur.mutations().size() && budget > 0 && !changed; i++) {
        if (!(cur.mutations().get(i) instanceof Mutation.SetArg s)) {
          continue;
        }
        Optional<IdlValue> original = runner.template(cur).args().field(s.arg());
        for (IdlValue simpler : simpler(s.value(), original)) {
          List<Mutation> ms = new ArrayList<>(cur.mutations());
          ms.set(i, new Mutation.SetArg(s.arg(), simpler));
          FuzzCase cand = new FuzzCase(cur.template(), ms);
          budget--;
          Outcome o = stillFails(runner, judge, cand, f.checkId());
          if (o != null) {
            cur = cand;
            best = o;
            changed = true;
            break;
          }
        }
      }
    }
    if (best == null) {
      return new Finding(f.checkId(), f.reason(), f.caseNumber(), f.fuzzCase(), f.call(), f.simulation(),
          f.transaction(), setupFor(f.fuzzCase(), subs), f.fromCorpus());
    }
    Optional<Oracles.Verdict> v = judge.verdict(cur, best);
    return new Finding(f.checkId(), v.map(Oracles.Verdict::reason).orElse(f.reason()), f.caseNumber(),
        cur, best.call(), best.sim(), best.tx(), setupFor(cur, subs), f.fromCorpus());
  }

  private Outcome stillFails(CaseRunner runner, Judge judge, FuzzCase c, String checkId) {
    Outcome o = simulate(runner, List.of(c)).getFirst();
    if (o == null) {
      return null;
    }
    Optional<Oracles.Verdict> v = judge.verdict(c, o);
    return v.isPresent() && v.get().checkId().equals(checkId) ? o : null;
  }

  /**
   * Values to try instead, simplest first: 0, 1, the largest power of two below, half; then steps
   * back toward the template's value (halving the distance), which walks a bound violation down
   * to the bound itself. An enum whose payload has one integer field is shrunk the same way when
   * the template holds the same variant.
   */
  static List<IdlValue> simpler(IdlValue v, Optional<IdlValue> original) {
    if (v instanceof IdlValue.EnumValue e && e.payload().orElse(null) instanceof IdlValue.StructValue p
        && p.fields().size() == 1 && p.fields().getFirst().value() instanceof IdlValue.IntValue) {
      Optional<IdlValue> tplInner = original.filter(o -> o instanceof IdlValue.EnumValue oe
              && oe.index() == e.index()).flatMap(o -> ((IdlValue.EnumValue) o).payload())
          .filter(x -> x instanceof IdlValue.StructValue).map(x -> ((IdlValue.StructValue) x).fields().getFirst().value());
      String field = p.fields().getFirst().name();
      return simpler(p.fields().getFirst().value(), tplInner).stream().map(x -> (IdlValue) new IdlValue.EnumValue(
          e.variant(), e.index(), Optional.of(IdlValue.StructValue.builder().put(field, x).build()))).toList();
    }
    if (!(v instanceof IdlValue.IntValue i)) {
      return List.of();
    }
    BigInteger x = i.value();
    Set<BigInteger> c = new LinkedHashSet<>();
    c.add(BigInteger.ZERO);
    c.add(BigInteger.ONE);
    if (x.signum() > 0 && x.bitLength() > 1) {
      c.add(BigInteger.ONE.shiftLeft(x.bitLength() - 1));
    }
    c.add(x.shiftRight(1));
    List<IdlValue> out = new ArrayList<>();
    for (BigInteger b : c) {
      if (b.abs().compareTo(x.abs()) < 0) {
        out.add(new IdlValue.IntValue(i.kind(), b));
      }
    }
    if (original.isPresent() && original.get() instanceof IdlValue.IntValue t) {
      BigInteger d = x.subtract(t.value()).divide(BigInteger.TWO);
      while (d.signum() != 0) {
        out.add(new IdlValue.IntValue(i.kind(), x.subtract(d)));
        d = d.divide(BigInteger.TWO);
      }
    }
    return out;
  }

  // ---- inputs ------------------------------------------------------------------------------

  private Idl loadIdl() {
    Path idl = request.policy().program().idl().orElseThrow(() -> new PreflightException(
        "program.idl is not set in the policy; the fuzzer needs the IDL to build calls"));
    return Idl.load(resolve(idl));
  }

  private Path resolve(Path p) {
    Path src = request.policy().source();
    return p.isAbsolute() || src == null || src.getParent() == null ? p : src.getParent().resolve(p);
  }

  private List<CallTemplate> loadTemplates(Idl idl) {
    PublicKey programId = PublicKey.fromBase58Encoded(request.policy().program().id());
    if (settings.scenario().isPresent()) {
      return Templates.read(ScenarioSource.inline(settings.scenario().get()), idl, programId);
    }
    if (settings.scenarioFile().isPresent()) {
      Path file = resolve(Path.of(settings.scenarioFile().get()));
      return Templates.read(ScenarioSource.read(file, settings.scenarioFile().get()), idl, programId);
    }
    return List.of();
  }

  private String programHash(PublicKey programId) {
    Optional<AccountState> program = validator.account(programId);
    if (program.isEmpty()) {
      throw new PreflightException("program " + programId.toBase58() + " does not exist on "
          + request.target().getHost() + "; deploy it (or fork it) first");
    }
    AccountState p = program.get();
    if (p.owner().equals(UPGRADEABLE_LOADER) && p.data().length >= 36) {
      PublicKey pd = PublicKey.readPubKey(p.data(), 4);
      return validator.account(pd).map(a -> ProgramHash.ofProgramDataAccount(a.data())).orElse("unknown");
    }
    return ProgramHash.ofLegacyProgramAccount(p.data());
  }

  private static List<String> lastLogs(Simulation s) {
    List<String> logs = s.logs();
    return logs.subList(Math.max(0, logs.size() - 3), logs.size());
  }
}
