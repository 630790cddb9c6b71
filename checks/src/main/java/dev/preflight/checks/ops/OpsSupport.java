package dev.preflight.checks.ops;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.TxRecord;
import java.util.List;
import java.util.Optional;

/** The transactions an ops check judges, or the finished result when there are none. */
final class OpsSupport {
  private OpsSupport() {}

  record Input(List<TxRecord> txs, Optional<CheckResult> done) {}

  static boolean wanted(AuditContext context) {
    return context.policy().ops().isPresent();
  }

  static Input read(CheckInfo info, AuditContext context) {
    String program = context.programId().toBase58();
    ClusterSnapshot c = context.primary();
    if (context.policy().ops().isEmpty()) {
      return new Input(List.of(), Optional.of(info.notApplicable("The policy has no ops "
          + "section.").subject(program, "transactions").build()));
    }
    return switch (c.transactions()) {
      case ClusterSnapshot.Transactions.Unavailable u -> new Input(List.of(), Optional.of(
          info.inconclusive("Recent transactions could not be read: " + u.reason())
              .subject(program, "transactions").genesisHash(c.genesisHash()).build()));
      case ClusterSnapshot.Transactions.NotRequested n -> new Input(List.of(), Optional.of(
          info.inconclusive("Recent transactions were not read.").subject(program,
              "transactions").genesisHash(c.genesisHash()).build()));
      case ClusterSnapshot.Transactions.Read r when r.records().isEmpty() -> new Input(List.of(),
          Optional.of(info.inconclusive("The program has no recent transactions on " + c.name()
              + "; nothing to measure.").subject(program, "transactions")
              .genesisHash(c.genesisHash()).build()));
      case ClusterSnapshot.Transactions.Read r -> new Input(r.records(), Optional.empty());
    };
  }
}
