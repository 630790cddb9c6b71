package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evidence a campaign judged its oracles on, as data: what each instruction went through,
 * which calls fail as given, what the learning oracles probed, which findings were kept and why.
 * One run judges from its own tally; the shards of a CI matrix each write theirs
 * ({@value #FILE}) and the merge adds them up and judges once, with the same rules, so a merged
 * verdict comes from merged evidence (an instruction that succeeded in one shard only has
 * succeeded).
 *
 * @param policySha256 SHA-256 of the policy file as written, to refuse merging other policies
 * @param templates the scenario's calls in order, and whether each expects an error (a probe)
 * @param failing calls that fail as given, as {@code instruction: error}
 * @param noSequences why no sequence ran, if none could
 * @param steps the steps of the sequences themselves (shrinking, probes and controls not counted)
 * @param instructions per instruction, everything it went through
 * @param shared the part of {@code instructions} that every shard repeats (the calls as given,
 *     the corpus replay), counted once when shards are merged
 * @param initializerCalled whether a template's instruction counted as an initializer
 * @param extraIds the ids of the policy's own oracles (invariants), in report order
 * @param extraGaps per extra id, why it could not be judged, if it could not
 * @param findings the findings this campaign kept, with the keys that chose them
 */
public record CampaignTally(FuzzShard shard, long seed, String programHash, String policySha256,
                            long cases, long sequences, long steps,
                            List<Template> templates, List<String> failing,
                            Optional<String> noSequences,
                            Map<String, InstructionTally> instructions,
                            Map<String, InstructionTally> shared,
                            long reinitProbes, boolean initializerCalled, long prefundProbes,
                            List<String> extraIds, Map<String, String> extraGaps,
                            List<FindingKey> findings) {

  /** Name of the file a shard writes beside its report. */
  public static final String FILE = "preflight-fuzz-shard.json";
  static final String FORMAT = "preflight-fuzz-shard/1";

  /** Ids whose oracle judges successful calls: they need every judged instruction to succeed. */
  static final Set<String> JUDGE_SUCCESSES = Set.of(Oracles.UNAUTHORIZED, Oracles.BOUNDS,
      Oracles.SUBSTITUTION, Oracles.CONSERVATION, Oracles.COMPUTE);

  private static final ObjectMapper JSON = new ObjectMapper();

  public CampaignTally {
    templates = List.copyOf(templates);
    failing = List.copyOf(failing);
    instructions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instructions));
    shared = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shared));
    extraIds = List.copyOf(extraIds);
    extraGaps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraGaps));
    findings = List.copyOf(findings);
  }

  /** One call of the scenario: its instruction and whether it must fail as given. */
  public record Template(String instruction, boolean expectsError) {}

  /** What one instruction went through: cases, sequence steps, successes, failures by error. */
  public record InstructionTally(long cases, long steps, long successes, Map<String, Long> failures,
                                 long minClock, long maxClock) {
    public InstructionTally {
      failures = java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
    }

    InstructionTally plus(InstructionTally o) {
      Map<String, Long> f = new TreeMap<>(failures);
      o.failures.forEach((k, v) -> f.merge(k, v, Long::sum));
      return new InstructionTally(cases + o.cases, steps + o.steps, successes + o.successes, f,
          Math.min(minClock, o.minClock), Math.max(maxClock, o.maxClock));
    }

    /** These counts less {@code times} the counts {@code o} (work repeated by every shard). */
    InstructionTally minus(InstructionTally o, int times) {
      Map<String, Long> f = new TreeMap<>(failures);
      o.failures.forEach((k, v) -> f.computeIfPresent(k, (x, mine) -> mine - times * v > 0
          ? mine - times * v : null));
      return new InstructionTally(cases - times * o.cases, steps - times * o.steps,
          successes - times * o.successes, f, minClock, maxClock);
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(cases).append(" cases, ").append(steps).append(" sequence steps, ")
          .append(successes).append(" succeeded");
      if (!failures.isEmpty()) {
        sb.append("; failures: ");
        sb.append(String.join(", ", failures.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .limit(6).map(e -> e.getKey() + " x" + e.getValue()).toList()));
        if (failures.size() > 6) {
          sb.append(", ").append(failures.size() - 6).append(" more");
        }
      }
      if (minClock <= maxClock) {
        sb.append("; clock ").append(Instant.ofEpochSecond(minClock)).append(" .. ")
            .append(Instant.ofEpochSecond(maxClock));
      }
      return sb.toString();
    }

    String topFailure() {
      return failures.entrySet().stream().max(Map.Entry.comparingByValue())
          .map(e -> e.getKey() + " x" + e.getValue()).orElse("never run");
    }
  }

  /**
   * A finding the campaign chose before shrinking, and the keys it was chosen by, so a merge of
   * shards can choose as one run would have: in campaign order ({@code corpus} replays first, by
   * {@code number}, then generated cases or sequences by number), first of each {@code rawKey},
   * at most {@link #MAX_PER_CHECK} per check, then first of each {@code shrunkKey} (after
   * shrinking), then (sequences) first of each {@code keptKey}. A shard lists every finding it
   * chose before shrinking, also those its own later steps dropped: in the merge, the one that
   * shadowed it may be gone.
   *
   * @param field the subject field of the finding's result: how to find it in a report (a
   *     finding its shard dropped after shrinking shares it with the one that shadowed it)
   */
  public record FindingKey(String checkId, Kind kind, boolean corpus, long number, String rawKey,
                           String shrunkKey, String keptKey, String field) {}

  /** A single-call case or a stateful sequence. */
  public enum Kind { CASE, SEQUENCE }

  /** Raw findings a campaign keeps per check, before shrinking. */
  public static final int MAX_PER_CHECK = 3;

  /** Every oracle id the campaign reports, in report order: the built-in ones, then the policy's. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(Oracles.IDS);
    ids.add(ReinitializationOracle.ID);
    ids.add(PrefundOracle.ID);
    ids.addAll(extraIds);
    return ids;
  }

  // ---- judging ------------------------------------------------------------------------------

  /** An oracle's outcome where it found nothing, and why. */
  public record Verdict(Outcome outcome, String message) {}

  /**
   * The verdict on {@code id} when no finding of it was kept. No evidence, no pass: an oracle
   * that judges successful calls needs every instruction to have succeeded somewhere; the
   * learning oracles need a probe.
   */
  public Verdict verdict(String id) {
    List<String> gaps = gaps();
    if (JUDGE_SUCCESSES.contains(id) && !gaps.isEmpty()) {
      return new Verdict(Outcome.INCONCLUSIVE, "no evidence for every instruction: "
          + String.join("; ", gaps) + ". Fix the scenario so each call succeeds as given (or mark "
          + "a deliberate probe with expect: <error>), and give the sequences what they need to "
          + "reach the others.");
    }
    if (id.equals(PrefundOracle.ID) && noSequences.isPresent()) {
      return new Verdict(Outcome.INCONCLUSIVE, "not judged: " + noSequences.get());
    }
    if (id.equals(ReinitializationOracle.ID) && reinitProbes == 0 && initializerCalled) {
      return new Verdict(Outcome.INCONCLUSIVE, "no initializer was ever called on an account that "
          + "was already initialized: add a scenario call of the initializer on an existing "
          + "account (expect: its error) or run more sequences");
    }
    if (extraGaps.containsKey(id)) {
      return new Verdict(Outcome.INCONCLUSIVE, extraGaps.get(id));
    }
    String ran = cases + " cases and " + steps + " sequence steps (seed " + seed + ")";
    if (id.equals(PrefundOracle.ID) && prefundProbes == 0) {
      return new Verdict(Outcome.NOT_APPLICABLE, "no call of " + ran + " created an account");
    }
    if (id.equals(ReinitializationOracle.ID) && reinitProbes == 0) {
      return new Verdict(Outcome.NOT_APPLICABLE, "no instruction is an initializer (none creates "
          + "an account, none is named in fuzz.initializers or starts with init/create)");
    }
    String detail = id.equals(ReinitializationOracle.ID) ? "; " + reinitProbes + " calls of "
        + "initializers on initialized accounts were refused or changed nothing"
        : id.equals(PrefundOracle.ID) ? "; " + prefundProbes + " created accounts were pre-funded "
        + "by a stranger and still created" : "";
    return new Verdict(Outcome.PASS, ran + " found nothing" + detail);
  }

  /** What the oracles that judge successes could not see: calls failing as given, or never. */
  List<String> gaps() {
    List<String> gaps = new ArrayList<>();
    failing.forEach(f -> gaps.add("fails as given: " + f));
    for (Template t : templates) {
      InstructionTally c = instructions.get(t.instruction());
      boolean succeeded = c != null && c.successes() > 0;
      if (!t.expectsError() && !succeeded
          && failing.stream().noneMatch(f -> f.startsWith(t.instruction() + ":"))) {
        gaps.add(t.instruction() + " never succeeded ("
            + (c == null ? "never run" : c.topFailure()) + ")");
      }
    }
    return gaps.stream().distinct().toList();
  }

  /** The evidence every fuzz result carries: seed, counts, templates, per-instruction figures. */
  public List<Evidence> commonEvidence() {
    List<Evidence> common = new ArrayList<>(List.of(Evidence.note("fuzz.seed", Long.toString(seed)),
        Evidence.note("fuzz.cases", Long.toString(cases)),
        Evidence.note("fuzz.sequences", sequences + " sequences, " + steps + " steps"
            + noSequences.map(r -> " (" + r + ")").orElse("")),
        Evidence.note("fuzz.templates", String.join(", ", templates.stream()
            .map(Template::instruction).toList())),
        Evidence.note("fuzz.program-hash", programHash),
        Evidence.note("fuzz.templates-failing-as-given", failing.isEmpty() ? "none"
            : String.join("; ", failing))));
    if (!shard.whole()) {
      common.add(Evidence.note("fuzz.shard", shard + " (case and sequence numbers n with n mod "
          + shard.count() + " = " + (shard.index() - 1) + ")"));
    }
    for (var e : instructions.entrySet()) {
      common.add(Evidence.note("fuzz.instruction." + e.getKey(), e.getValue().describe()));
    }
    return common;
  }

  // ---- merging ------------------------------------------------------------------------------

  /**
   * The shards' tallies added up, as one run over all their numbers would have counted: counts
   * summed, an instruction succeeded if it did in any shard, a policy oracle unjudged only if
   * unjudged in every shard; findings chosen as one run chooses them ({@link FindingKey}).
   * The calls as given, the corpus replay and the wiring ran identically in every shard and
   * count once.
   */
  public static CampaignTally merge(List<CampaignTally> shards) {
    CampaignTally first = shards.getFirst();
    Map<String, InstructionTally> ix = new LinkedHashMap<>();
    long cases = 0;
    long sequences = 0;
    long steps = 0;
    long reinit = 0;
    long prefund = 0;
    boolean initializer = false;
    Map<String, String> gaps = new LinkedHashMap<>(first.extraGaps);
    List<FindingKey> all = new ArrayList<>();
    for (CampaignTally t : shards) {
      cases += t.cases;
      sequences += t.sequences;
      steps += t.steps;
      reinit += t.reinitProbes;
      prefund += t.prefundProbes;
      initializer |= t.initializerCalled;
      t.instructions.forEach((k, v) -> ix.merge(k, v, InstructionTally::plus));
      gaps.keySet().retainAll(t.extraGaps.keySet());
      all.addAll(t.findings);
    }
    // the calls as given and the corpus replay ran in every shard: counted once
    for (var e : first.shared.entrySet()) {
      InstructionTally c = ix.get(e.getKey());
      if (c != null) {
        ix.put(e.getKey(), c.minus(e.getValue(), shards.size() - 1));
      }
    }
    return new CampaignTally(FuzzShard.WHOLE, first.seed, first.programHash,
        first.policySha256, cases, sequences, steps, first.templates, first.failing,
        first.noSequences, ix, first.shared, reinit, initializer, prefund, first.extraIds, gaps,
        choose(all));
  }

  /** The findings one run would keep, from the findings its shards kept ({@link FindingKey}). */
  static List<FindingKey> choose(List<FindingKey> all) {
    Comparator<FindingKey> order = Comparator.comparing((FindingKey f) -> !f.corpus())
        .thenComparingLong(FindingKey::number);
    List<FindingKey> out = new ArrayList<>();
    // single cases: the corpus replay and the generated cases pass through one selection
    List<FindingKey> raw = firstPerCheck(all.stream().filter(f -> f.kind() == Kind.CASE)
        .sorted(order).toList());
    Set<String> shrunk = new LinkedHashSet<>();
    raw.stream().filter(f -> shrunk.add(f.shrunkKey())).forEach(out::add);
    // sequences: the kept ones replayed (the same in every shard), then the new ones
    Set<Long> replayed = new LinkedHashSet<>();
    Set<String> kept = new LinkedHashSet<>();
    for (FindingKey f : all.stream().filter(f -> f.kind() == Kind.SEQUENCE && f.corpus())
        .sorted(order).toList()) {
      if (replayed.add(f.number())) {
        out.add(f);
        kept.add(f.keptKey());
      }
    }
    Set<String> seqShrunk = new LinkedHashSet<>();
    for (FindingKey f : firstPerCheck(all.stream()
        .filter(f -> f.kind() == Kind.SEQUENCE && !f.corpus()).sorted(order).toList())) {
      if (seqShrunk.add(f.shrunkKey()) && kept.add(f.keptKey())) {
        out.add(f);
      }
    }
    return out;
  }

  /** First of each raw key, at most {@link #MAX_PER_CHECK} per check, in the order given. */
  private static List<FindingKey> firstPerCheck(List<FindingKey> ordered) {
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Integer> perCheck = new LinkedHashMap<>();
    List<FindingKey> out = new ArrayList<>();
    for (FindingKey f : ordered) {
      if (seen.contains(f.rawKey()) || perCheck.getOrDefault(f.checkId(), 0) >= MAX_PER_CHECK) {
        continue;
      }
      seen.add(f.rawKey());
      perCheck.merge(f.checkId(), 1, Integer::sum);
      out.add(f);
    }
    return out;
  }

  // ---- the file -----------------------------------------------------------------------------

  /** Writes this tally as JSON (format {@value #FORMAT}). */
  public void write(Path file) {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT);
    n.put("shard", shard.toString());
    n.put("seed", seed);
    n.put("programHash", programHash);
    n.put("policySha256", policySha256);
    n.put("cases", cases);
    n.put("sequences", sequences);
    n.put("steps", steps);
    ArrayNode ts = n.putArray("templates");
    templates.forEach(t -> ts.addObject().put("instruction", t.instruction())
        .put("expectsError", t.expectsError()));
    failing.forEach(n.putArray("failing")::add);
    noSequences.ifPresent(r -> n.put("noSequences", r));
    counts(n.putObject("instructions"), instructions);
    counts(n.putObject("shared"), shared);
    n.put("reinitProbes", reinitProbes);
    n.put("initializerCalled", initializerCalled);
    n.put("prefundProbes", prefundProbes);
    extraIds.forEach(n.putArray("extraIds")::add);
    ObjectNode g = n.putObject("extraGaps");
    extraGaps.forEach(g::put);
    ArrayNode fs = n.putArray("findings");
    for (FindingKey f : findings) {
      fs.addObject().put("checkId", f.checkId()).put("kind", f.kind().name())
          .put("corpus", f.corpus()).put("number", f.number()).put("rawKey", f.rawKey())
          .put("shrunkKey", f.shrunkKey()).put("keptKey", f.keptKey()).put("field", f.field());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    } catch (IOException e) {
      throw new PreflightException("Cannot write the shard's tally " + file + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads a tally a shard wrote; a file that is not one fails with its name and what to give
   * instead.
   */
  public static CampaignTally read(Path file) {
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new PreflightException(file + ": cannot read the shard's tally (" + e.getMessage()
          + "); give the output directory of a fuzz run with -Dpreflight.fuzz.shard=i/k.", e);
    }
    if (n == null || !FORMAT.equals(n.path("format").asText())) {
      throw new PreflightException(file + " is not a shard tally (format " + FORMAT + "); give "
          + "the output directory of a fuzz run with -Dpreflight.fuzz.shard=i/k.");
    }
    try {
      List<Template> templates = new ArrayList<>();
      n.path("templates").forEach(t -> templates.add(new Template(t.path("instruction").asText(),
          t.path("expectsError").asBoolean())));
      List<String> failing = new ArrayList<>();
      n.path("failing").forEach(x -> failing.add(x.asText()));
      List<String> extraIds = new ArrayList<>();
      n.path("extraIds").forEach(x -> extraIds.add(x.asText()));
      Map<String, String> gaps = new LinkedHashMap<>();
      n.path("extraGaps").properties().forEach(e -> gaps.put(e.getKey(), e.getValue().asText()));
      List<FindingKey> findings = new ArrayList<>();
      for (JsonNode f : n.path("findings")) {
        findings.add(new FindingKey(f.path("checkId").asText(), Kind.valueOf(f.path("kind").asText()),
            f.path("corpus").asBoolean(), f.path("number").asLong(), f.path("rawKey").asText(),
            f.path("shrunkKey").asText(), f.path("keptKey").asText(), f.path("field").asText()));
      }
      return new CampaignTally(FuzzShard.parse(n.path("shard").asText(), file + ": shard"),
          n.path("seed").asLong(), n.path("programHash").asText(), n.path("policySha256").asText(),
          n.path("cases").asLong(), n.path("sequences").asLong(), n.path("steps").asLong(),
          templates, failing, n.hasNonNull("noSequences")
              ? Optional.of(n.get("noSequences").asText()) : Optional.empty(),
          counts(n.path("instructions")), counts(n.path("shared")), n.path("reinitProbes").asLong(),
          n.path("initializerCalled").asBoolean(), n.path("prefundProbes").asLong(), extraIds, gaps,
          findings);
    } catch (IllegalArgumentException e) {
      throw new PreflightException(file + ": a damaged shard tally (" + e.getMessage() + "); run "
          + "the shard again.", e);
    }
  }

  private static void counts(ObjectNode into, Map<String, InstructionTally> m) {
    m.forEach((k, c) -> {
      ObjectNode o = into.putObject(k);
      o.put("cases", c.cases()).put("steps", c.steps()).put("successes", c.successes())
          .put("minClock", c.minClock()).put("maxClock", c.maxClock());
      ObjectNode f = o.putObject("failures");
      c.failures().forEach(f::put);
    });
  }

  private static Map<String, InstructionTally> counts(JsonNode n) {
    Map<String, InstructionTally> m = new LinkedHashMap<>();
    n.properties().forEach(e -> {
      JsonNode o = e.getValue();
      Map<String, Long> f = new TreeMap<>();
      o.path("failures").properties().forEach(x -> f.put(x.getKey(), x.getValue().asLong()));
      m.put(e.getKey(), new InstructionTally(o.path("cases").asLong(), o.path("steps").asLong(),
          o.path("successes").asLong(), f, o.path("minClock").asLong(Long.MAX_VALUE),
          o.path("maxClock").asLong(Long.MIN_VALUE)));
    });
    return m;
  }
}
