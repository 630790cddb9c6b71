package dev.preflight.core.fuzz;

import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.Idl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each instruction went through in a campaign: single cases and sequence steps run,
 * successes, failures by the program's error name, and the clock range it ran at. An oracle
 * cannot vouch for an instruction that never succeeded: these counts decide that.
 */
final class InstructionStats {

  /** Counts for one instruction. */
  static final class Counts {
    long cases;
    long steps;
    long successes;
    final Map<String, Long> failures = new TreeMap<>();
    long minClock = Long.MAX_VALUE;
    long maxClock = Long.MIN_VALUE;

    String describe() {
      return tally().describe();
    }

    CampaignTally.InstructionTally tally() {
      return new CampaignTally.InstructionTally(cases, steps, successes, failures, minClock, maxClock);
    }
  }

  private final Idl idl;
  private final Map<String, Counts> byInstruction = new LinkedHashMap<>();

  InstructionStats(Idl idl, List<CallTemplate> templates) {
    this.idl = idl;
    templates.forEach(t -> byInstruction.computeIfAbsent(t.instruction(), k -> new Counts()));
  }

  void record(String instruction, Simulation sim, boolean step, long clock) {
    Counts c = byInstruction.computeIfAbsent(instruction, k -> new Counts());
    if (step) {
      c.steps++;
    } else {
      c.cases++;
    }
    if (sim.success()) {
      c.successes++;
    } else {
      c.failures.merge(errorName(idl, sim), 1L, Long::sum);
    }
    if (clock != Long.MIN_VALUE) {
      c.minClock = Math.min(c.minClock, clock);
      c.maxClock = Math.max(c.maxClock, clock);
    }
  }

  boolean succeeded(String instruction) {
    Counts c = byInstruction.get(instruction);
    return c != null && c.successes > 0;
  }

  Map<String, Counts> all() {
    return byInstruction;
  }

  /** The counts so far, as data (a campaign's tally, a shard's share of it). */
  Map<String, CampaignTally.InstructionTally> tally() {
    Map<String, CampaignTally.InstructionTally> out = new LinkedHashMap<>();
    byInstruction.forEach((k, c) -> out.put(k, c.tally()));
    return out;
  }

  /** The most frequent failure of an instruction, for reasons. */
  String topFailure(String instruction) {
    Counts c = byInstruction.get(instruction);
    if (c == null || c.failures.isEmpty()) {
      return "never run";
    }
    return c.failures.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(e -> e.getKey() + " x" + e.getValue()).orElse("?");
  }

  /**
   * The failure by name: the IDL's error name and code for a program error ({@code SaleEnded
   * (6027)}), else the runtime's error text.
   */
  static String errorName(Idl idl, Simulation sim) {
    if (sim.customError().isPresent()) {
      int code = sim.customError().getAsInt();
      // the program that failed: a code from a program the call invoked (the System Program's
      // 0, SPL Token's 1) is not one of the IDL's errors
      String failed = "";
      for (String l : sim.logs()) {
        int f = l.indexOf(" failed: custom program error");
        if (l.startsWith("Program ") && f > 8) {
          failed = l.substring(8, f);
        }
      }
      String program = failed;
      boolean other = !program.isEmpty() && idl.address().map(a -> !a.toBase58().equals(program))
          .orElse(java.util.Set.of(Substitutes.SYSTEM.toBase58(), Substitutes.TOKEN.toBase58(),
              Substitutes.TOKEN_2022.toBase58(), "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL").contains(program));
      if (other) {
        return "custom program error " + code + " of " + failed;
      }
      return idl.error(code).map(e -> e.name() + " (" + code + ")")
          .orElseGet(() -> idl.describeError(code));
    }
    String t = sim.errorText();
    return t.length() > 80 ? t.substring(0, 80) + "…" : t;
  }
}
