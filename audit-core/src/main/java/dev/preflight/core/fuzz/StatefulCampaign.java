package dev.preflight.core.fuzz;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.IdlValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import software.sava.core.accounts.PublicKey;

/**
 * Stateful sequences: from a saved world, each sequence lands calls one after another (state
 * carries), with the clock moved to the boundaries the state and the arguments name, accounts
 * swapped for others of the same type, initializers called again, and every call judged by the
 * single-call oracles, the step oracles and the policy's invariants. A failing sequence is shrunk
 * (steps removed, then mutations, then arguments simplified) and kept with its reproducer.
 *
 * <p>Sequence {@code n} is a function of the seed and n: the same seed replays the campaign.
 */
final class StatefulCampaign {

  /**
   * How many sequences, how long, the time bound, and which numbers (a shard runs {@code
   * sequences} of its own numbers).
   */
  record Settings(int sequences, int steps, Duration maxTime, FuzzShard shard) {
    Settings(int sequences, int steps, Duration maxTime) {
      this(sequences, steps, maxTime, FuzzShard.WHOLE);
    }
  }

  /** A sequence that broke an oracle: its actions (shrunk), and which step did. */
  record SequenceFinding(String checkId, String reason, long sequence, List<Action> actions,
                         List<SequenceRunner.Executed> executed, int violating) {
    SequenceRunner.Executed step() {
      return executed.get(violating);
    }
  }

  private static final long STATEFUL_STREAM = 0x5EC0_57A7_E000_0001L;
  /** Picks the lifecycle sequences from a stream of its own, so the others stay as they were. */
  private static final long LIFECYCLE_STREAM = 0x11FE_C7C1_E000_0001L;
  /** One sequence in this many follows the scenario's lifecycle (see {@link #lifecycleStep}). */
  private static final int LIFECYCLE_EVERY = 4;
  private static final int MAX_FINDINGS_PER_CHECK = 3;
  private static final int SHRINK_BUDGET = 150;

  private final List<CallTemplate> templates;
  private final CaseRunner runner;
  private final CaseGenerator generator;
  private final SequenceRunner chain;
  private final Oracles oracles;
  private final List<StepOracle> stepOracles;
  private final ReinitializationOracle reinit;
  private final PrefundOracle prefund;
  private final InstructionStats stats;
  private final AccountPool pool;
  private final Progress progress;
  private final long seed;
  private final Set<String> focusFields;
  private long sequences;
  /** Steps of the sequences themselves (not of shrinking, probes or controls): per number. */
  private long sequenceSteps;
  /** Told every sequence run and pre-funding probe (not the shrinking and control runs). */
  private Optional<CampaignRecorder> recorder = Optional.empty();
  /** The world and the actions of the sequence being judged, for controls. */
  private String currentWorld;
  private List<Action> currentActions = List.of();
  private Map<PublicKey, Optional<AccountState>> initial = Map.of();
  /** The raw key ({@code check|instruction}) each shrunk finding was chosen by. */
  private final Map<SequenceFinding, String> rawKeys = new java.util.IdentityHashMap<>();
  /** Every raw finding of {@link #run}, shrunk, in sequence order (before dropping repeats). */
  private final List<SequenceFinding> shrunk = new ArrayList<>();
  /** Coverage: traces sequences with new signals, and starts some from kept ones. */
  private Optional<CoverageGuide> guide = Optional.empty();

  void guide(CoverageGuide g) {
    this.guide = Optional.of(g);
  }

  StatefulCampaign(List<CallTemplate> templates, CaseRunner runner, CaseGenerator generator,
                   SequenceRunner chain, Oracles oracles, List<StepOracle> stepOracles,
                   ReinitializationOracle reinit, PrefundOracle prefund, InstructionStats stats,
                   AccountPool pool, Progress progress, long seed, Set<String> focusFields) {
    this.focusFields = Set.copyOf(focusFields);
    this.templates = List.copyOf(templates);
    this.runner = runner;
    this.generator = generator;
    this.chain = chain;
    this.oracles = oracles;
    this.stepOracles = List.copyOf(stepOracles);
    this.reinit = reinit;
    this.prefund = prefund;
    this.stats = stats;
    this.pool = pool;
    this.progress = progress;
    this.seed = seed;
  }

  long sequences() {
    return sequences;
  }

  void record(CampaignRecorder r) {
    this.recorder = Optional.of(r);
  }

  /** Every step landed: the sequences', and those of shrinking, probes and controls. */
  long steps() {
    return chain.steps();
  }

  /**
   * The steps of the sequences themselves: a function of the sequence numbers run, so shards add
   * up to one run's.
   */
  long sequenceSteps() {
    return sequenceSteps;
  }

  /**
   * Runs the sequences from {@code world} (a snapshot id) and returns the shrunk findings.
   *
   * @param initial the world's accounts the sequences start from (template accounts, the pool)
   */
  List<SequenceFinding> run(String world, Map<PublicKey, Optional<AccountState>> initial, long worldClock,
                            Settings settings) {
    this.initial = Map.copyOf(initial);
    this.currentWorld = world;
    long start = System.nanoTime();
    long lastReport = start;
    Map<String, SequenceFinding> raw = new LinkedHashMap<>();
    Map<String, Integer> perCheck = new LinkedHashMap<>();
    for (long local = 0; local < settings.sequences(); local++) {
      if (System.nanoTime() - start > settings.maxTime().toNanos()) {
        progress.info("sequences: time bound reached after " + local + " sequences");
        break;
      }
      long n = settings.shard().global(local);
      sequences++;
      SplittableRandom rnd = new SplittableRandom(CaseGenerator.mix(seed ^ STATEFUL_STREAM, n));
      ChainView view = new ChainView(runner.idl(), runner.programId(), initial, worldClock);
      AccountPool seqPool = pool.copy();
      List<java.math.BigInteger> theme = generator.theme(rnd, view.integers(), view.integers(focusFields));
      // one sequence in four hammers one instruction, every caller of it in turn, with one amount
      Optional<Accumulation> accumulate = rnd.nextInt(4) == 0 && !theme.isEmpty()
          ? accumulation(rnd, theme.getFirst()) : Optional.empty();
      boolean lifecycle = new SplittableRandom(CaseGenerator.mix(seed ^ LIFECYCLE_STREAM, n))
          .nextInt(LIFECYCLE_EVERY) == 0;
      List<PublicKey> created = new ArrayList<>();
      List<Action> actions = new ArrayList<>();
      List<SequenceRunner.Executed> done = new ArrayList<>();
      int last = -1;
      Action.Call lastCall = null;
      boolean first = true;
      final long seqNo = n;
      List<Action> prefix = guide.map(g -> g.prefix(seqNo, settings.steps(), generator, templates, runner.idl()))
          .orElse(List.of());
      // a sequence that starts from a kept one gets half as many steps again to go further
      int steps = prefix.isEmpty() ? settings.steps() : settings.steps() + settings.steps() / 2;
      for (int k = 0; k < steps; k++) {
        Action a = k < prefix.size() ? prefix.get(k)
            : lifecycle ? lifecycleStep(rnd, view, last, seqPool, theme)
            : accumulate.isPresent() && rnd.nextInt(5) != 0 ? accumulate.get().next(k)
            : next(rnd, view, last, k, seqPool, lastCall, theme, created);
        List<SequenceRunner.Executed> ex = chain.run(first ? Optional.of(world) : Optional.empty(), List.of(a));
        first = false;
        if (ex.isEmpty()) {
          continue;
        }
        SequenceRunner.Executed e = ex.getFirst();
        actions.add(a);
        currentActions = actions;
        done.add(e);
        sequenceSteps++;
        view.clock(e.clock());
        if (a instanceof Action.Call c) {
          last = c.fuzzCase().template();
          lastCall = c;
          Map<PublicKey, Optional<AccountState>> known = known(view, e);
          view.update(e.watch(), e.simulation().accounts());
          e.call().ifPresent(call -> stats.record(call.instruction(), e.simulation(), true, e.clock()));
          Optional<Oracles.Verdict> v = judge(e, view, known);
          if (v.isPresent()) {
            keep(raw, perCheck, new SequenceFinding(v.get().checkId(), v.get().reason(), n,
                List.copyOf(actions), List.copyOf(done), done.size() - 1));
            break;
          }
          if (e.landed()) {
            created.addAll(newAccounts(e, seqPool));
            Optional<SequenceFinding> dos = probePrefund(world, n, actions, e);
            if (dos.isPresent()) {
              keep(raw, perCheck, dos.get());
              break;
            }
          }
        }
      }
      if (recorder.isPresent()) {
        recorder.get().sequence(n, done.stream().map(RecordedSteps::of).toList());
      }
      guide.ifPresent(g -> g.afterSequence(seqNo, chain, world, actions, done));
      if (System.nanoTime() - lastReport > 2_000_000_000L) {
        lastReport = System.nanoTime();
        double secs = (lastReport - start) / 1e9;
        progress.info(String.format("sequences: %d run, %d steps, %.0f steps/s, %d findings",
            sequences, chain.steps(), chain.steps() / secs, raw.size())
            + guide.map(g -> "; coverage " + g.figures()).orElse(""));
      }
    }
    List<SequenceFinding> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (SequenceFinding f : raw.values()) {
      SequenceFinding s = shrink(world, f);
      rawKeys.put(s, f.checkId() + "|" + f.step().call().map(CaseRunner.Call::instruction).orElse("?"));
      shrunk.add(s);
      String key = s.checkId() + "|" + s.step().call().map(CaseRunner.Call::instruction).orElse("?")
          + "|" + s.actions().size();
      if (seen.add(key)) {
        out.add(s);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    progress.info(String.format("sequences: %d run, %d steps in %.1f s (%.0f steps/s), %d findings",
        sequences, chain.steps(), secs, secs > 0 ? chain.steps() / secs : 0, out.size()));
    return out;
  }

  /**
   * Every finding {@link #run} chose before shrinking, shrunk, in sequence order: with
   * {@link #rawKey}, what a merge of shards needs to choose as one run.
   */
  List<SequenceFinding> shrunk() {
    return List.copyOf(shrunk);
  }

  /** The key a shrunk finding of {@link #run} was chosen by before shrinking. */
  String rawKey(SequenceFinding shrunk) {
    return rawKeys.getOrDefault(shrunk, "");
  }

  private void keep(Map<String, SequenceFinding> raw, Map<String, Integer> perCheck, SequenceFinding f) {
    String ix = f.step().call().map(CaseRunner.Call::instruction).orElse("?");
    String key = f.checkId() + "|" + ix;
    if (raw.containsKey(key) || perCheck.getOrDefault(f.checkId(), 0) >= MAX_FINDINGS_PER_CHECK) {
      return;
    }
    perCheck.merge(f.checkId(), 1, Integer::sum);
    raw.put(key, f);
    progress.info("finding " + f.checkId() + " in sequence " + f.sequence() + " at step "
        + (f.violating() + 1) + ": " + f.reason());
  }

  /**
   * Replays sequences a previous run of the same binary kept (the corpus), from the saved world:
   * each that still breaks its check is a finding again, before any new sequence runs.
   */
  List<SequenceFinding> replaySaved(String world, Map<PublicKey, Optional<AccountState>> initial,
                                    List<Corpus.SavedSequence> saved) {
    this.initial = Map.copyOf(initial);
    this.currentWorld = world;
    List<SequenceFinding> out = new ArrayList<>();
    for (Corpus.SavedSequence s : saved) {
      SequenceFinding probe = new SequenceFinding(s.checkId(), "kept in the corpus", -1, s.actions(),
          List.of(), 0);
      replay(world, probe, s.actions()).ifPresent(f -> {
        out.add(f);
        progress.info("finding " + f.checkId() + " (kept sequence of " + f.actions().size() + " steps): " + f.reason());
      });
    }
    return out;
  }

  // ---- generate ----------------------------------------------------------------------------

  /**
   * The next action: a clock move to a boundary now and then, else a call: the scenario's next
   * call after the previous one half of the time (so lifecycles such as propose, approve, execute
   * happen in order), any call otherwise.
   */
  private Action next(SplittableRandom rnd, ChainView view, int last, int k, AccountPool pool,
                      Action.Call lastCall, List<java.math.BigInteger> theme, List<PublicKey> created) {
    if (!created.isEmpty() && rnd.nextInt(4) == 0) {
      Optional<Action> swap = swapIntoCreated(rnd, created, pool);
      if (swap.isPresent()) {
        return swap.get();
      }
    }
    if (lastCall != null && rnd.nextInt(5) == 0) {
      // the same call again, or its argument changes on another call of the same instruction
      // (another buyer): limits that add up over calls are reached by repetition
      List<Integer> same = new ArrayList<>();
      String ix = templates.get(lastCall.fuzzCase().template()).instruction();
      for (int i = 0; i < templates.size(); i++) {
        if (i != lastCall.fuzzCase().template() && templates.get(i).instruction().equals(ix)) {
          same.add(i);
        }
      }
      if (same.isEmpty() || rnd.nextBoolean()) {
        return lastCall;
      }
      List<Mutation> args = lastCall.fuzzCase().mutations().stream().filter(m -> m instanceof Mutation.SetArg).toList();
      return new Action.Call(new FuzzCase(same.get(rnd.nextInt(same.size())), args));
    }
    List<Long> fresh = view.freshTimestamps();
    if (!fresh.isEmpty() && rnd.nextInt(5) < 2) {
      // a deadline the last call just stored: one side of it or the other
      long t = fresh.get(rnd.nextInt(fresh.size()));
      long d = rnd.nextInt(3) - 1;
      view.clearFresh();
      return new Action.Warp(t + d, "a time the last call stored" + (d == 0 ? "" : d < 0 ? " - 1 s" : " + 1 s"));
    }
    if (rnd.nextInt(5) == 0) {
      return warp(rnd, view);
    }
    int t;
    if (last >= 0 && rnd.nextInt(3) < 2) {
      t = nextStep(last);
    } else if (k == 0 && rnd.nextInt(2) == 0) {
      t = 0;
    } else {
      t = rnd.nextInt(templates.size());
    }
    return new Action.Call(generator.stateful(rnd, t, view.integers(), view.integers(focusFields), theme, pool));
  }

  /**
   * The next action of a lifecycle sequence: it starts at any call of the scenario and then
   * follows its order (propose, approve, execute), moving the clock to one side or the other of
   * every deadline a call stores before the next call. A lifecycle of four steps or more is rare
   * in the mixed sequences of {@link #next}, where the order is followed half of the time and
   * clock moves compete with other actions; here a proposal is approved and executed past its
   * timelock in one sequence out of a few.
   */
  private Action lifecycleStep(SplittableRandom rnd, ChainView view, int last, AccountPool pool,
                               List<java.math.BigInteger> theme) {
    List<Long> fresh = view.freshTimestamps();
    if (last >= 0 && !fresh.isEmpty()) {
      long t = fresh.get(rnd.nextInt(fresh.size()));
      long d = rnd.nextInt(3) - 1;
      view.clearFresh();
      return new Action.Warp(t + d, "a time the last call stored" + (d == 0 ? "" : d < 0 ? " - 1 s" : " + 1 s"));
    }
    int t = last < 0 ? rnd.nextInt(templates.size()) : nextStep(last);
    return new Action.Call(generator.stateful(rnd, t, view.integers(), view.integers(focusFields), theme, pool));
  }

  /**
   * The scenario's call after {@code last} in its lifecycle: the first one of another instruction.
   * Consecutive calls of one instruction are alternatives of one step (proposals of different
   * update kinds, buys by different buyers), so each of them is followed by what follows the
   * group: a proposal of any kind is followed by its approval, not by another proposal the
   * pending one refuses.
   */
  private int nextStep(int last) {
    String ix = templates.get(last).instruction();
    for (int i = 1; i < templates.size(); i++) {
      int t = (last + i) % templates.size();
      if (!templates.get(t).instruction().equals(ix)) {
        return t;
      }
    }
    return last;
  }

  /**
   * A clock move to a boundary the state names (a stored timestamp, -1, +1) or to a step past
   * the clock (an hour, a day, a day and a second, a month, ten years), or back a day.
   */
  private static Action warp(SplittableRandom rnd, ChainView view) {
    List<Long> ts = view.timestamps();
    long now = view.clock();
    if (!ts.isEmpty() && rnd.nextInt(3) != 0) {
      long t = ts.get(rnd.nextInt(ts.size()));
      long d = rnd.nextInt(3) - 1;
      return new Action.Warp(t + d, d == 0 ? "a stored time" : d < 0 ? "a stored time - 1 s" : "a stored time + 1 s");
    }
    long[] steps = {3_600, 86_400, 86_401, 31L * 86_400, 10L * 365 * 86_400, -86_400};
    String[] why = {"+1 h", "+1 day", "+1 day +1 s", "+31 days", "+10 years", "-1 day"};
    int i = rnd.nextInt(steps.length);
    return new Action.Warp(now + steps[i], why[i]);
  }

  // ---- judge -------------------------------------------------------------------------------

  /**
   * The state before a call as the oracles read it: everything the sequence knows, with the
   * call's own accounts as the validator reported them just before it ran.
   */
  private static Map<PublicKey, Optional<AccountState>> known(ChainView view, SequenceRunner.Executed e) {
    Map<PublicKey, Optional<AccountState>> m = new java.util.HashMap<>(view.all());
    m.putAll(e.pre());
    return m;
  }

  private Optional<Oracles.Verdict> judge(SequenceRunner.Executed e, ChainView view,
                                          Map<PublicKey, Optional<AccountState>> pre) {
    if (e.call().isEmpty() || !(e.action() instanceof Action.Call c)) {
      return Optional.empty();
    }
    CaseRunner.Call call = e.call().get();
    CallTemplate template = templates.get(c.fuzzCase().template());
    Simulation sim = e.simulation();
    if (sim.success()) {
      reinit.observe(call.instruction(), call.accounts(), e.watch(), e.pre(), sim.accounts());
    }
    Optional<Oracles.Verdict> v = oracles.judge(c.fuzzCase(), template, call, e.watch(), sim, pre);
    if (v.isPresent() && v.get().checkId().equals(Oracles.SUBSTITUTION) && !substitutionMattered(e, c)) {
      v = Optional.empty();
    }
    if (v.isPresent()) {
      return v;
    }
    StepOracle.Context ctx = new StepOracle.Context(c.fuzzCase(), template, call, e.watch(), pre,
        sim.accounts(), sim, e.clock(), e.slot(), view);
    for (StepOracle o : stepOracles) {
      Optional<Oracles.Verdict> w = o.judge(ctx);
      if (w.isPresent()) {
        return w;
      }
    }
    return Optional.empty();
  }

  /**
   * Replays the sequence up to this step with the real accounts in place of the substituted ones
   * (the control) and compares; the sequence's own state is restored after.
   */
  private boolean substitutionMattered(SequenceRunner.Executed e, Action.Call c) {
    Optional<FuzzCase> control = Oracles.withoutSubstitutions(c.fuzzCase());
    if (control.isEmpty() || currentWorld == null) {
      return true;
    }
    List<Action> prefix = new ArrayList<>(currentActions.subList(0, currentActions.size() - 1));
    List<Action> withControl = new ArrayList<>(prefix);
    withControl.add(new Action.Call(control.get()));
    List<SequenceRunner.Executed> ex = chain.run(Optional.of(currentWorld), withControl);
    chain.run(Optional.of(currentWorld), currentActions);
    if (ex.size() != withControl.size()) {
      return true;
    }
    SequenceRunner.Executed ce = ex.getLast();
    return Oracles.substitutionMattered(e.call().orElseThrow(), e.watch(), e.simulation(),
        ce.call().orElseThrow(), ce.watch(), ce.simulation(), ce.pre());
  }

  /** Adds the program accounts the call created to the sequence's pool; returns them. */
  private List<PublicKey> newAccounts(SequenceRunner.Executed e, AccountPool pool) {
    List<PublicKey> out = new ArrayList<>();
    for (int i = 0; i < e.watch().size() && i < e.simulation().accounts().size(); i++) {
      PublicKey k = e.watch().get(i);
      Optional<AccountState> after = e.simulation().accounts().get(i);
      if (after.isPresent() && after.get().owner().equals(runner.programId()) && pool.typeOf(k).isEmpty()) {
        try {
          Optional<dev.preflight.core.idl.Idl.DecodedAccount> d = runner.idl().decodeAccount(after.get().data());
          if (d.isPresent()) {
            pool.add(k, d.get().name());
            out.add(k);
          }
        } catch (RuntimeException ignored) {
          // undecodable: not a swap candidate
        }
      }
    }
    return out;
  }

  /**
   * A call of another template that has an account of the same type as one this sequence just
   * created, with that account swapped in: another buyer's fresh purchase record in place of the
   * caller's own.
   */
  private Optional<Action> swapIntoCreated(SplittableRandom rnd, List<PublicKey> created, AccountPool pool) {
    PublicKey fresh = created.get(rnd.nextInt(created.size()));
    String type = pool.typeOf(fresh).orElse("");
    String loose = Values.loose(type);
    List<Action> options = new ArrayList<>();
    for (int t = 0; t < templates.size(); t++) {
      List<CallTemplate.Account> accs = templates.get(t).accounts();
      for (int i = 0; i < accs.size(); i++) {
        CallTemplate.Account a = accs.get(i);
        boolean sameType = pool.typeOf(a.key()).map(type::equals).orElse(Values.loose(a.name()).equals(loose));
        if (!a.signer() && sameType && !a.key().equals(fresh)) {
          options.add(new Action.Call(new FuzzCase(t, List.of(new Mutation.Swap(i, a.name(), type, fresh)))));
        }
      }
    }
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(rnd.nextInt(options.size())));
  }

  /**
   * One instruction called again and again, by each of its scenario calls in turn, with one of
   * its integer arguments set to the same value: caps, volumes and supplies that add up over
   * calls and callers are crossed within a few steps.
   */
  private record Accumulation(List<Integer> templates, String arg, IdlValue value) {
    Action next(int k) {
      return new Action.Call(new FuzzCase(templates.get(k % templates.size()),
          List.of(new Mutation.SetArg(arg, value))));
    }
  }

  private Optional<Accumulation> accumulation(SplittableRandom rnd, java.math.BigInteger v) {
    List<String> instructions = templates.stream().map(CallTemplate::instruction).distinct().toList();
    String ix = instructions.get(rnd.nextInt(instructions.size()));
    List<Integer> ts = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      if (templates.get(i).instruction().equals(ix)) {
        ts.add(i);
      }
    }
    List<IdlValue.Field> ints = templates.get(ts.getFirst()).args().fields().stream()
        .filter(f -> f.value() instanceof IdlValue.IntValue).toList();
    if (ints.isEmpty()) {
      return Optional.empty();
    }
    IdlValue.Field f = ints.get(rnd.nextInt(ints.size()));
    IdlValue.IntValue iv = (IdlValue.IntValue) f.value();
    java.math.BigInteger max = CaseGenerator.max(iv.kind());
    java.math.BigInteger min = CaseGenerator.min(iv.kind());
    java.math.BigInteger x = v.max(min).min(max);
    return Optional.of(new Accumulation(ts, f.name(), new IdlValue.IntValue(iv.kind(), x)));
  }

  /**
   * Replays the sequence so far with a stranger's transfer to each account the last call created,
   * just before that call: a call that then fails was blocked by the transfer.
   */
  private Optional<SequenceFinding> probePrefund(String world, long n, List<Action> actions,
                                                 SequenceRunner.Executed e) {
    CaseRunner.Call call = e.call().orElseThrow();
    for (Action.Prefund p : prefund.toProbe(call, e.watch(), e.pre(), e.simulation().accounts())) {
      List<Action> probe = new ArrayList<>(actions.subList(0, actions.size() - 1));
      probe.add(p);
      probe.add(actions.getLast());
      List<SequenceRunner.Executed> ex = chain.run(Optional.of(world), probe);
      // the probe is a sequence of its own (a stranger's transfer before a creation)
      recorder.ifPresent(r -> r.sequence(n, ex.stream().map(RecordedSteps::of).toList()));
      // restore the sequence's own state for the steps that follow
      chain.run(Optional.of(world), actions);
      if (ex.size() == probe.size() && ex.get(ex.size() - 2).landed() && !ex.getLast().landed()) {
        String err = InstructionStats.errorName(runner.idl(), ex.getLast().simulation());
        return Optional.of(new SequenceFinding(PrefundOracle.ID, call.instruction() + " fails ("
            + err + ") once a stranger has sent " + p.lamports() + " lamports to " + p.account()
            + " (" + p.address().toBase58() + "), the address it creates; without the transfer it "
            + "succeeds", n, probe, ex, ex.size() - 1));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code actions} still breaks {@code checkId}, and at which step. */
  private Optional<SequenceFinding> replay(String world, SequenceFinding f, List<Action> actions) {
    List<SequenceRunner.Executed> ex = chain.run(Optional.of(world), actions);
    if (ex.size() != actions.size()) {
      return Optional.empty();
    }
    if (f.checkId().equals(PrefundOracle.ID)) {
      // the blocked call must be last, preceded by its transfer, and must succeed without it
      if (ex.isEmpty() || ex.getLast().landed() || ex.size() < 2
          || !(actions.get(actions.size() - 2) instanceof Action.Prefund)) {
        return Optional.empty();
      }
      List<Action> without = new ArrayList<>(actions);
      without.remove(actions.size() - 2);
      List<SequenceRunner.Executed> control = chain.run(Optional.of(world), without);
      if (control.size() != without.size() || !control.getLast().landed()) {
        return Optional.empty();
      }
      return Optional.of(new SequenceFinding(f.checkId(), f.reason(), f.sequence(), actions, ex, ex.size() - 1));
    }
    ChainView view = new ChainView(runner.idl(), runner.programId(), initial, 0);
    for (int i = 0; i < ex.size(); i++) {
      SequenceRunner.Executed e = ex.get(i);
      view.clock(e.clock());
      if (e.action() instanceof Action.Call) {
        Map<PublicKey, Optional<AccountState>> known = known(view, e);
        view.update(e.watch(), e.simulation().accounts());
        currentActions = actions.subList(0, i + 1);
        Optional<Oracles.Verdict> v = judge(e, view, known);
        if (v.isPresent() && v.get().checkId().equals(f.checkId())) {
          return Optional.of(new SequenceFinding(f.checkId(), v.get().reason(), f.sequence(),
              List.copyOf(actions.subList(0, i + 1)), List.copyOf(ex.subList(0, i + 1)), i));
        }
      }
    }
    return Optional.empty();
  }

  // ---- shrink ------------------------------------------------------------------------------

  /** Steps removed one at a time, then mutations, then arguments moved toward simple values. */
  private SequenceFinding shrink(String world, SequenceFinding f) {
    SequenceFinding best = f;
    int budget = SHRINK_BUDGET;
    boolean changed = true;
    while (changed && budget > 0) {
      changed = false;
      List<Action> cur = best.actions();
      for (int i = 0; i < cur.size() - 1 && budget > 0; i++) {
        if (f.checkId().equals(PrefundOracle.ID) && i == cur.size() - 2) {
          continue;
        }
        List<Action> cand = new ArrayList<>(cur);
        cand.remove(i);
        budget--;
        Optional<SequenceFinding> r = replay(world, f, cand);
        if (r.isPresent()) {
          best = r.get();
          changed = true;
          break;
        }
      }
      if (changed) {
        continue;
      }
      cur = best.actions();
      outer:
      for (int i = 0; i < cur.size() && budget > 0; i++) {
        if (!(cur.get(i) instanceof Action.Call c)) {
          continue;
        }
        List<Mutation> ms = c.fuzzCase().mutations();
        for (int j = 0; j < ms.size() && budget > 0; j++) {
          List<Mutation> fewer = new ArrayList<>(ms);
          fewer.remove(j);
          List<Action> cand = new ArrayList<>(cur);
          cand.set(i, new Action.Call(new FuzzCase(c.fuzzCase().template(), fewer)));
          budget--;
          Optional<SequenceFinding> r = replay(world, f, cand);
          if (r.isPresent()) {
            best = r.get();
            changed = true;
            break outer;
          }
        }
        for (int j = 0; j < ms.size() && budget > 0; j++) {
          if (!(ms.get(j) instanceof Mutation.SetArg s)) {
            continue;
          }
          Optional<IdlValue> original = templates.get(c.fuzzCase().template()).args().field(s.arg());
          for (IdlValue simpler : FuzzCampaign.simpler(s.value(), original)) {
            List<Mutation> alt = new ArrayList<>(ms);
            alt.set(j, new Mutation.SetArg(s.arg(), simpler));
            List<Action> cand = new ArrayList<>(cur);
            cand.set(i, new Action.Call(new FuzzCase(c.fuzzCase().template(), alt)));
            if (--budget <= 0) {
              break;
            }
            Optional<SequenceFinding> r = replay(world, f, cand);
            if (r.isPresent()) {
              best = r.get();
              changed = true;
              break outer;
            }
          }
        }
      }
    }
    return best;
  }
}
