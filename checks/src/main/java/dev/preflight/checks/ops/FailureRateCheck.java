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
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The share of the program's recent transactions that failed, against the seed's {@code < 1 %}. */
@CheckDefinition(id = "ops.failure-rate", title = "Transaction failure rate is below the limit",
    severity = Severity.MEDIUM, checklist = {"p2.2.real-transactions", "metrics.business.failure-rate"},
    rationale = "The roadmap's success metric is < 1 % failed transactions; more means users "
        + "pay fees for nothing or a client builds transactions wrongly.",
    remediation = "Read the failed transactions' logs (getTransaction), fix the client or the "
        + "program path that fails, and re-measure.")
public final class FailureRateCheck implements Check {

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
    double max = context.policy().ops().orElseThrow().maxFailureRate();
    long failed = in.txs().stream().filter(TxRecord::failed).count();
    double rate = (double) failed / in.txs().size();
    List<Evidence> ev = List.of(
        Evidence.cluster(c, "transactions read", Integer.toString(in.txs().size()))
            .with(new Measurement(in.txs().size(), Measurement.Unit.COUNT, OptionalLong.empty())),
        Evidence.cluster(c, "failed", Long.toString(failed))
            .with(new Measurement(failed, Measurement.Unit.COUNT, OptionalLong.empty())),
        Evidence.cluster(c, "failure rate", pct(rate))
            .with(Measurement.rate(rate, OptionalDouble.of(max))),
        Evidence.note("policy maximum", pct(max)));
    String program = context.programId().toBase58();
    String msg = failed + " of " + in.txs().size() + " recent transactions failed (" + pct(rate)
        + "; limit " + pct(max) + ").";
    return List.of((rate <= max ? info.pass(msg) : info.fail(msg)).evidence(ev)
        .subject(program, "failure rate").build());
  }

  static String pct(double r) {
    return String.format(Locale.ROOT, "%.2f %%", r * 100);
  }
}
