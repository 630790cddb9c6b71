package dev.preflight.core.fuzz;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.coverage.CoverageMap;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.ProgramText;
import dev.preflight.core.coverage.SbpfVersion;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import software.sava.core.accounts.PublicKey;

/**
 * Coverage during a campaign, at a cost the campaign can bear: cases run untraced at full speed;
 * a case whose cheap signal is new (instruction, outcome or error, compute units, the shape of its
 * logs) and a fixed sample of the rest are simulated again in the validator's traced instance
 * ({@code preflight_trace}), one at a time, and the traces are ingested at once, so each case
 * that reached new code is known. A sequence whose steps show a new signal is replayed from the
 * saved world with those steps traced. Traced runs are paid from a budget that untraced cases and sequences earn
 * (see {@link #CASES_PER_CREDIT}). What reached new edges is kept (the coverage corpus) and the generator
 * mutates it further: arguments, amounts and accounts of a kept case; a kept sequence extended,
 * spliced with another, or with one call mutated. Case {@code n} is a function of the seed, n and
 * the cases kept before it, so a seed replays a campaign.
 */
final class CoverageGuide {

  /** One untraced case in this many is traced whatever its signal. */
  static final int SAMPLE_EVERY = 8192;
  /**
   * Tracing budget, in traced runs: every untraced case earns 1/{@value #CASES_PER_CREDIT} of one,
   * every sequence step 1/{@value #STEPS_PER_CREDIT}, up to {@value #MAX_CREDITS} banked (the
   * bank starts full, and is full again when the sequences start: most new signals come early). A traced run cost 37-54 ms on the escrow
   * (docs/PERFORMANCE.md (f)), 20 to 120 untraced cases and 6 to 16 untraced steps depending on
   * the machine's load, so after the first burst tracing adds at most about a tenth to the case
   * loop and to the sequences. Counting instead of timing keeps a seed's campaign the same on a
   * slow machine; what the budget leaves untraced is not counted as reached (the figures err low).
   */
  static final int CASES_PER_CREDIT = 1024;
  static final int STEPS_PER_CREDIT = 128;
  static final int MAX_CREDITS = 48;
  private static final long GUIDE_STREAM = 0xC0FE_06D3_0000_0001L;
  private static final long SEQUENCE_STREAM = 0xC0FE_06D3_0000_0002L;
  private static final PublicKey UPGRADEABLE_LOADER =
      PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");
  /** Header of an upgradeable ProgramData account before the ELF (bincode: u32, u64, 1 + 32). */
  private static final int PROGRAM_DATA_HEADER = 45;

  private final RpcValidator validator;
  private final Path traceDir;
  private final CoverageMap map;
  private final boolean guided;
  private final long seed;
  private final Progress progress;
  private final Set<String> signals = new HashSet<>();
  private final List<FuzzCase> keptCases = new ArrayList<>();
  private final List<List<Action>> keptSequences = new ArrayList<>();
  private Optional<String> stopped = Optional.empty();
  private long tracedCases;
  private long tracedSequences;
  private long tracedSteps;
  private long traceNanos;
  /** Credits times the least common multiple of the earning rates, to stay in integers. */
  private long credits = (long) MAX_CREDITS * CASES_PER_CREDIT;
  private boolean sequencesStarted;

  private CoverageGuide(RpcValidator validator, Path traceDir, CoverageMap map, boolean guided,
                        long seed, Progress progress) {
    this.validator = validator;
    this.traceDir = traceDir;
    this.map = map;
    this.guided = guided;
    this.seed = seed;
    this.progress = progress;
  }

  /** Either a guide, or why coverage is not measured. */
  sealed interface Opened {}

  record Ready(CoverageGuide guide) implements Opened {}

  record Unavailable(String reason) implements Opened {}

  /**
   * A guide over the program's code as the validator holds it (the ELF of its ProgramData, or of
   * the program account), or the reason there is none.
   */
  static Opened open(RpcValidator validator, Optional<Path> traceDir, PublicKey programId,
                     boolean guided, long seed, Progress progress) {
    if (traceDir.isEmpty()) {
      return new Unavailable("the validator does not trace on demand (coverage is measured on the "
          + "embedded validator the plugin starts)");
    }
    if (!validator.isLoopback()) {
      return new Unavailable("coverage is measured only on a validator on this machine");
    }
    Optional<byte[]> elf = elf(validator, programId);
    if (elf.isEmpty()) {
      return new Unavailable("the program's ELF could not be read from the validator");
    }
    ProgramText text;
    try {
      text = ProgramText.of(elf.get(), "program " + programId.toBase58());
    } catch (RuntimeException e) {
      return new Unavailable("the program's code cannot be decoded: " + e.getMessage());
    }
    if (text.version() == SbpfVersion.V3) {
      return new Unavailable("the program is SBPF v3, which LiteSVM 1.5.0 cannot trace (it aborts "
          + "loading a v3 ELF with tracing on)");
    }
    return new Ready(new CoverageGuide(validator, traceDir.get(), new CoverageMap(text, programId),
        guided, seed, progress));
  }

  private static Optional<byte[]> elf(RpcValidator validator, PublicKey programId) {
    Optional<AccountState> p = validator.account(programId);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    byte[] d = p.get().data();
    if (p.get().owner().equals(UPGRADEABLE_LOADER)) {
      if (d.length < 36) {
        return Optional.empty();
      }
      return validator.account(PublicKey.readPubKey(d, 4)).filter(a -> a.data().length > PROGRAM_DATA_HEADER)
          .map(a -> Arrays.copyOfRange(a.data(), PROGRAM_DATA_HEADER, a.data().length));
    }
    return Optional.of(d);
  }

  /** Why tracing stopped during the campaign (the validator refused it), if it did. */
  Optional<String> stopped() {
    return stopped;
  }

  boolean active() {
    return stopped.isEmpty();
  }

  CoverageReport report() {
    return map.report();
  }

  long tracedCases() {
    return tracedCases;
  }

  long tracedSequences() {
    return tracedSequences;
  }

  long tracedSteps() {
    return tracedSteps;
  }

  /** Time spent tracing and ingesting, in seconds. */
  double traceSeconds() {
    return traceNanos / 1e9;
  }

  int keptCases() {
    return keptCases.size();
  }

  int keptSequences() {
    return keptSequences.size();
  }

  List<FuzzCase> casesKept() {
    return List.copyOf(keptCases);
  }

  List<List<Action>> sequencesKept() {
    return List.copyOf(keptSequences);
  }

  // ---- single cases ------------------------------------------------------------------------

  /**
   * Whether case {@code n} (negative: a template as given or a saved case) is worth a traced run:
   * its cheap signal is new, or it falls in the sample.
   */
  boolean wants(long n, String instruction, Simulation sim) {
    if (n >= 0) {
      earn(1);
    }
    if (!active()) {
      return false;
    }
    String key = instruction + "|" + signal(sim);
    if (n >= 0 && !spend()) {
      // out of budget: the signal stays unseen, so a later case showing it is traced
      return false;
    }
    boolean fresh = signals.add(key);
    if (!(fresh || n < 0 || n % SAMPLE_EVERY == 0)) {
      refund();
      return false;
    }
    return true;
  }

  private void earn(int casesWorth) {
    credits = Math.min((long) MAX_CREDITS * CASES_PER_CREDIT, credits + casesWorth);
  }

  private boolean spend() {
    if (credits < CASES_PER_CREDIT) {
      return false;
    }
    credits -= CASES_PER_CREDIT;
    return true;
  }

  private void refund() {
    credits += CASES_PER_CREDIT;
  }

  /**
   * Simulates the case's transaction traced and ingests its traces; keeps the case when it
   * reached new code. Returns whether it did.
   */
  boolean trace(FuzzCase c, byte[] tx) {
    if (!active()) {
      return false;
    }
    long t0 = System.nanoTime();
    try {
      validator.trace(List.of(tx));
      CoverageMap.Ingest in = map.ingest(traceDir);
      tracedCases++;
      if (in.newCoverage()) {
        keptCases.add(c);
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      stop(e);
      return false;
    } finally {
      traceNanos += System.nanoTime() - t0;
    }
  }

  /** The outcome as far as it costs nothing to tell: error, compute units, the logs' shape. */
  private static String signal(Simulation sim) {
    StringBuilder logs = new StringBuilder();
    for (String l : sim.logs()) {
      // numbers (amounts, compute units, addresses' digits) vary from case to case: the shape stays
      logs.append(l.replaceAll("[0-9A-HJ-NP-Za-km-z]{32,44}", "@").replaceAll("[0-9]+", "#")).append('\n');
    }
    // compute units in buckets of about 19 % (4 per doubling): printing a longer number costs a
    // few units more, another branch usually far more
    long cu = Math.max(1, sim.unitsConsumed());
    int bucket = (int) Math.floor(4 * Math.log(cu) / Math.log(2));
    return (sim.success() ? "ok" : sim.error().map(Object::toString).orElse("?")) + "|"
        + bucket + "|" + Integer.toHexString(logs.toString().hashCode()) + "|"
        + sim.accounts().stream().filter(Optional::isPresent).count();
  }

  /**
   * Case {@code n}: while cases that reached new code are kept, every second case mutates one of
   * them; otherwise the generator's case {@code n}.
   */
  FuzzCase next(long n, CaseGenerator gen, List<CallTemplate> templates, dev.preflight.core.idl.Idl idl) {
    if (!guided || keptCases.isEmpty()) {
      return gen.generate(n);
    }
    SplittableRandom rnd = new SplittableRandom(CaseGenerator.mix(seed ^ GUIDE_STREAM, n));
    if (rnd.nextInt(2) == 0) {
      return gen.generate(n);
    }
    FuzzCase parent = pick(keptCases, rnd);
    return mutate(parent, rnd, gen, templates, idl);
  }

  /**
   * A kept entry: half of the time one of the eight kept last (what reached new code most
   * recently is where the frontier is), otherwise any.
   */
  private static <T> T pick(List<T> kept, SplittableRandom rnd) {
    int recent = Math.min(8, kept.size());
    return rnd.nextBoolean() ? kept.get(kept.size() - 1 - rnd.nextInt(recent)) : kept.get(rnd.nextInt(kept.size()));
  }

  /** One or two changes to a kept case: an argument, an amount, an account, or one dropped. */
  FuzzCase mutate(FuzzCase parent, SplittableRandom rnd, CaseGenerator gen, List<CallTemplate> templates,
                  dev.preflight.core.idl.Idl idl) {
    CallTemplate tpl = templates.get(parent.template());
    IdlInstruction ix = idl.instruction(tpl.instruction()).orElseThrow();
    List<Mutation> ms = new ArrayList<>(parent.mutations());
    int changes = 1 + rnd.nextInt(2);
    for (int k = 0; k < changes; k++) {
      switch (rnd.nextInt(5)) {
        case 0, 1 -> {
          List<Integer> ints = new ArrayList<>();
          for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i) instanceof Mutation.SetArg s && s.value() instanceof IdlValue.IntValue) {
              ints.add(i);
            }
          }
          if (!ints.isEmpty()) {
            int i = ints.get(rnd.nextInt(ints.size()));
            Mutation.SetArg s = (Mutation.SetArg) ms.get(i);
            ms.set(i, new Mutation.SetArg(s.arg(), nudge((IdlValue.IntValue) s.value(), rnd)));
          } else if (!ix.args().isEmpty()) {
            setArg(ms, ix, tpl, rnd, gen);
          }
        }
        case 2 -> {
          if (!ix.args().isEmpty()) {
            setArg(ms, ix, tpl, rnd, gen);
          }
        }
        case 3 -> gen.accountMutation(tpl, rnd).ifPresent(m -> {
          ms.removeIf(x -> CaseGenerator.index(x) >= 0 && CaseGenerator.index(x) == CaseGenerator.index(m));
          ms.add(m);
        });
        default -> {
          if (!ms.isEmpty()) {
            ms.remove(rnd.nextInt(ms.size()));
          }
        }
      }
    }
    return new FuzzCase(parent.template(), ms);
  }

  private static void setArg(List<Mutation> ms, IdlInstruction ix, CallTemplate tpl, SplittableRandom rnd,
                             CaseGenerator gen) {
    IdlField f = ix.args().get(rnd.nextInt(ix.args().size()));
    ms.removeIf(m -> m instanceof Mutation.SetArg s && s.arg().equals(f.name()));
    ms.add(new Mutation.SetArg(f.name(), gen.value(f.type(), tpl, rnd, 0)));
  }

  /** A nearby amount: +-1, doubled, halved, or one bit flipped; kept within the type. */
  private static IdlValue nudge(IdlValue.IntValue v, SplittableRandom rnd) {
    BigInteger x = v.value();
    BigInteger y = switch (rnd.nextInt(5)) {
      case 0 -> x.add(BigInteger.ONE);
      case 1 -> x.subtract(BigInteger.ONE);
      case 2 -> x.shiftLeft(1);
      case 3 -> x.shiftRight(1);
      default -> x.flipBit(rnd.nextInt(Math.max(1, CaseGenerator.max(v.kind()).bitLength())));
    };
    y = y.max(CaseGenerator.min(v.kind())).min(CaseGenerator.max(v.kind()));
    return new IdlValue.IntValue(v.kind(), y);
  }

  // ---- sequences ---------------------------------------------------------------------------

  /**
   * The steps sequence {@code n} starts with: while sequences that reached new code are kept,
   * one sequence in four starts from one of them (a prefix to extend, a splice of two, or one
   * with a call mutated); the rest of its steps are generated as usual.
   */
  List<Action> prefix(long n, int maxSteps, CaseGenerator gen, List<CallTemplate> templates,
                      dev.preflight.core.idl.Idl idl) {
    if (!sequencesStarted) {
      // the sequences start with a full bank as the cases did: their new signals come early too
      // (each step of a lifecycle the first time), and the case loop has spent the first one
      sequencesStarted = true;
      credits = Math.max(credits, (long) MAX_CREDITS * CASES_PER_CREDIT);
    }
    if (!guided || keptSequences.isEmpty()) {
      return List.of();
    }
    SplittableRandom rnd = new SplittableRandom(CaseGenerator.mix(seed ^ SEQUENCE_STREAM, n));
    if (rnd.nextInt(4) != 0) {
      // most sequences stay fresh: starting too many from kept ones narrows what sequences try
      return List.of();
    }
    List<Action> a = pick(keptSequences, rnd);
    List<Action> out = new ArrayList<>();
    switch (rnd.nextInt(3)) {
      // extend: the whole kept sequence half of the time, so new steps start where it ended
      case 0 -> out.addAll(a.subList(0, rnd.nextBoolean() ? a.size() : 1 + rnd.nextInt(a.size())));
      case 1 -> {
        List<Action> b = keptSequences.get(rnd.nextInt(keptSequences.size()));
        out.addAll(a.subList(0, 1 + rnd.nextInt(a.size())));
        out.addAll(b.subList(rnd.nextInt(b.size()), b.size()));
      }
      default -> {
        out.addAll(a);
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
          if (out.get(i) instanceof Action.Call) {
            calls.add(i);
          }
        }
        if (!calls.isEmpty()) {
          int i = calls.get(rnd.nextInt(calls.size()));
          FuzzCase c = ((Action.Call) out.get(i)).fuzzCase();
          out.set(i, new Action.Call(mutate(c, rnd, gen, templates, idl)));
          // what follows the mutated call is generated anew
          out.subList(i + 1, out.size()).clear();
        }
      }
    }
    return out.size() > maxSteps ? List.copyOf(out.subList(0, maxSteps)) : List.copyOf(out);
  }

  /**
   * After sequence {@code n}: the steps whose signal is new (every call of a kept sequence replayed
   * at the start, {@code n < 0}) are traced in a replay from {@code world} up to the last of
   * them, the other steps landing untraced in the same batch; the sequence is kept when it reached
   * new code.
   */
  void afterSequence(long n, SequenceRunner chain, String world, List<Action> actions,
                     List<SequenceRunner.Executed> done) {
    if (n >= 0) {
      earn(done.size() * (CASES_PER_CREDIT / STEPS_PER_CREDIT));
    }
    if (!active() || actions.isEmpty()) {
      return;
    }
    java.util.TreeSet<Integer> traced = new java.util.TreeSet<>();
    if (n < 0) {
      for (int i = 0; i < actions.size(); i++) {
        if (actions.get(i) instanceof Action.Call) {
          traced.add(i);
        }
      }
    } else {
      // the steps with a new signal, successes first: a failed step stopped at a check, a
      // successful one ran its instruction through (an update applied after its timelock), and
      // with the budget short the deeper code is the better buy
      List<Integer> fresh = new ArrayList<>();
      Map<Integer, String> keys = new HashMap<>();
      for (int i = 0; i < done.size() && i < actions.size(); i++) {
        SequenceRunner.Executed e = done.get(i);
        if (e.call().isEmpty()) {
          continue;
        }
        // one namespace with the single cases: a step with the outcome of a case already traced
        // (a valid call as the scenario gives it) most likely ran the same code, so the budget
        // goes to what only sequences show
        String key = e.call().get().instruction() + "|" + signal(e.simulation());
        if (!signals.contains(key) && !keys.containsValue(key)) {
          fresh.add(i);
          keys.put(i, key);
        }
      }
      fresh.sort(java.util.Comparator.comparing((Integer i) -> !done.get(i).simulation().success()));
      for (int i : fresh) {
        if (!spend()) {
          break; // out of budget: the signal stays unseen, a later step showing it is traced
        }
        signals.add(keys.get(i));
        traced.add(i);
      }
    }
    if (traced.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      chain.traceReplay(world, actions.subList(0, traced.last() + 1), traced);
      CoverageMap.Ingest in = map.ingest(traceDir);
      tracedSequences++;
      tracedSteps += traced.size();
      if (in.newCoverage()) {
        keptSequences.add(List.copyOf(actions));
      }
    } catch (RuntimeException e) {
      stop(e);
    } finally {
      traceNanos += System.nanoTime() - t0;
    }
  }

  private void stop(RuntimeException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    stopped = Optional.of("the validator refused to trace: " + why);
    progress.warn("coverage: " + stopped.get());
  }

  /** The figures so far, for the console. */
  String figures() {
    CoverageReport r = map.report();
    return String.format(java.util.Locale.ROOT, "%d of %d slots (%.1f %%), %d of %d branch edges (%.1f %%)",
        r.reached(), r.slots(), r.percent(), r.edgesReached(), r.edges(), r.edgePercent());
  }
}
