package dev.preflight.checks.ops;

import dev.preflight.checks.support.Idls;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Measurement;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.TxRecord;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Compute units per instruction (p50, p95, max) of the program's recent successful transactions,
 * against the policy's budget. Transactions with one instruction to the program are attributed to
 * it by the IDL discriminator; others are counted under "multiple".
 */
@CheckDefinition(id = "ops.compute-units", title = "Compute units per instruction within budget",
    severity = Severity.MEDIUM, checklist = {"p1.2.gas-optimization", "p2.2.gas-costs"},
    rationale = "An instruction close to its compute limit fails under load or with slightly "
        + "larger inputs; the budget makes the margin explicit.",
    remediation = "Profile the instruction (logs show consumed units), remove repeated work "
        + "(e.g. cache Clock::get), and raise the budget only with a reason.")
public final class ComputeUnitsCheck implements Check {

  @Override
  public boolean needsTransactions(AuditContext context) {
    return OpsSupport.wanted(context);
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    OpsSupport.Input in = OpsSupport.read(info, context);
    if (in.done().isPresent()) {
      return List.of(in.done().get());
    }
    ClusterSnapshot c = context.primary();
    Policy.Ops ops = context.policy().ops().orElseThrow();
    Optional<Idl> idl;
    try {
      idl = Idls.of(context);
    } catch (PreflightException e) {
      idl = Optional.empty();
    }
    Map<String, List<Long>> byIx = new TreeMap<>();
    for (TxRecord t : in.txs()) {
      if (t.failed()) {
        continue;
      }
      String name = t.programInstructionsHex().size() != 1 ? "multiple"
          : instructionName(idl, t.programInstructionsHex().getFirst());
      byIx.computeIfAbsent(name, k -> new ArrayList<>()).add(t.computeUnits());
    }
    String program = context.programId().toBase58();
    if (byIx.isEmpty()) {
      return List.of(info.inconclusive("No successful recent transaction to measure.")
          .subject(program, "compute units").genesisHash(c.genesisHash()).build());
    }
    List<Evidence> ev = new ArrayList<>();
    List<String> over = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : byIx.entrySet()) {
      List<Long> v = e.getValue().stream().sorted().toList();
      long p50 = percentile(v, 50);
      long p95 = percentile(v, 95);
      long max = v.getLast();
      OptionalLong budget = ops.budgetFor(e.getKey());
      ev.add(Evidence.cluster(c, e.getKey(), max + " CU max, p50 " + p50 + ", p95 " + p95
          + ", n " + v.size() + (budget.isPresent() ? ", budget " + budget.getAsLong() : ""))
          .with(Measurement.computeUnits(max, budget)));
      if (budget.isPresent() && max > budget.getAsLong()) {
        over.add(e.getKey() + " used up to " + max + " CU (budget " + budget.getAsLong() + ")");
      }
    }
    if (over.isEmpty()) {
      return List.of(info.pass("Every instruction stayed within its compute budget.")
          .evidence(ev).subject(program, "compute units").build());
    }
    return List.of(info.fail("Over budget: " + String.join("; ", over) + ".").evidence(ev)
        .subject(program, "compute units").build());
  }

  private static String instructionName(Optional<Idl> idl, String hex) {
    if (idl.isEmpty()) {
      return "unknown";
    }
    try {
      return idl.get().decodeInstruction(HexFormat.of().parseHex(hex))
          .map(Idl.DecodedInstruction::name).orElse("unknown");
    } catch (PreflightException e) {
      return "unknown";
    }
  }

  static long percentile(List<Long> sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }
}
