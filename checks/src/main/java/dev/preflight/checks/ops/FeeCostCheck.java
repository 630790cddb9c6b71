package dev.preflight.checks.ops;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Measurement;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.TxRecord;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** The average fee of the program's recent transactions, against the seed's {@code < 0.01 SOL}. */
@CheckDefinition(id = "ops.fee-cost", title = "Average transaction cost is below the limit",
    severity = Severity.LOW, checklist = {"p2.2.gas-costs", "metrics.technical.average-cost"},
    rationale = "The roadmap targets < 0.01 SOL average transaction cost; a higher cost prices "
        + "buyers out.",
    remediation = "Lower compute unit limits and priority fees in the client, and reduce the "
        + "program's compute use.")
public final class FeeCostCheck implements Check {

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
    long max = context.policy().ops().orElseThrow().maxAverageFeeLamports();
    double avg = in.txs().stream().mapToLong(TxRecord::fee).average().orElse(0);
    long top = in.txs().stream().mapToLong(TxRecord::fee).max().orElse(0);
    List<Evidence> ev = List.of(
        Evidence.cluster(c, "transactions read", Integer.toString(in.txs().size()))
            .with(new Measurement(in.txs().size(), Measurement.Unit.COUNT, OptionalLong.empty())),
        Evidence.cluster(c, "average fee", lamports(avg))
            .with(new Measurement(Math.round(avg), Measurement.Unit.LAMPORTS, OptionalLong.of(max))),
        Evidence.cluster(c, "highest fee", lamports(top))
            .with(new Measurement(top, Measurement.Unit.LAMPORTS, OptionalLong.empty())),
        Evidence.note("policy maximum average", lamports(max)));
    String msg = "Average fee " + lamports(avg) + " over " + in.txs().size()
        + " transactions (limit " + lamports(max) + ").";
    return List.of((avg <= max ? info.pass(msg) : info.fail(msg)).evidence(ev)
        .subject(context.programId().toBase58(), "average fee").build());
  }

  static String lamports(double l) {
    return String.format(Locale.ROOT, "%.0f lamports (%.6f SOL)", l, l / 1e9);
  }
}
