package dev.preflight.core.exec;

import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * Prints stateful throughput through {@link RpcValidator} on the escrow market (a benchmark, not a
 * test): escrow buy_tokens steps per second with one step per call, a revert plus a 5-step
 * sequence per call, 50 steps per call, and reverts per second.
 *
 * <pre>
 * ./mvnw -q -pl audit-core -am test-compile -DskipTests
 * ./mvnw -q -pl audit-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp audit-core/target/test-classes:audit-core/target/classes:$(cat audit-core/target/cp.txt) \
 *     dev.preflight.core.exec.StepThroughputBenchmark 5
 * </pre>
 */
public final class StepThroughputBenchmark {

  private StepThroughputBenchmark() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    try (EmbeddedValidator validator = EmbeddedValidator.builder().clock(1_780_000_000L).slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.empty()).start();
         RpcValidator rpc = new RpcValidator(validator.rpcUri(), validator::exitReason)) {
      EscrowMarket m = EscrowMarket.open(new LocalChain(validator), EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 1_000_000L, 3, 0, 2 * EscrowMarket.DAY, 1_000_000L);
      Instruction ix = m.ix.buyTokens(m.buyer.publicKey(), sale.address(), m.buyerPayment, m.buyerTokens,
          m.treasuryTokens, 1, 3);
      Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(m.buyer.publicKey()), List.of(ix));
      tx.setRecentBlockHash(new byte[32]);
      List<PublicKey> watch = List.of(sale.address(), m.buyerTokens, m.buyerPayment);
      Step buy = new Step.Transaction(tx.serialized(), watch);
      String id = rpc.snapshot();

      row("1 step per call", seconds, rpc, List.of(buy), 1);
      List<Step> sequence = new ArrayList<>(List.of(new Step.Revert(id)));
      for (int i = 0; i < 5; i++) {
        sequence.add(buy);
      }
      row("revert + 5 steps per call", seconds, rpc, sequence, 5);
      row("50 steps per call", seconds, rpc, java.util.Collections.nCopies(50, buy), 50);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      int reverts = 0;
      while (System.nanoTime() < end) {
        rpc.revert(id);
        reverts++;
      }
      System.out.printf("surfnet_revert alone: %,d calls/s%n", reverts / seconds);
    }
  }

  private static void row(String label, int seconds, RpcValidator rpc, List<Step> steps, int counted) {
    rpc.execute(steps); // warm-up
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      List<StepResult> r = rpc.execute(steps);
      if (!r.getLast().success()) {
        throw new IllegalStateException(label + ": " + r.getLast().transaction().orElseThrow().logs());
      }
      n += counted;
    }
    System.out.printf("%s: %,d steps/s%n", label, n / seconds);
  }
}
