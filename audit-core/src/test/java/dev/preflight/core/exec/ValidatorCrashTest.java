package dev.preflight.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * The embedded validator's process is killed ({@code kill -9}, as when LiteSVM's native code
 * aborts) in the middle of work: callers learn it within seconds, with the cause, and never hang.
 */
class ValidatorCrashTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  static EmbeddedValidator escrowValidator() {
    return EmbeddedValidator.builder().clock(1_780_000_000L).slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.empty())
        .start();
  }

  static void kill9(long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
    assertEquals(0, kill.waitFor());
  }

  @Test
  void stepsOnAKilledValidatorFailAtOnceNamingTheExit() throws Exception {
    try (EmbeddedValidator validator = escrowValidator();
         RpcValidator rpc = new RpcValidator(validator.rpcUri(), validator::exitReason)) {
      PublicKey payer = LocalChain.newSigner().publicKey();
      rpc.setAccount(payer, 1_000_000_000_000L, new byte[0], LocalChain.SYSTEM_PROGRAM, false);
      String id = rpc.snapshot();
      var running = new CountDownLatch(1);
      var failure = CompletableFuture.supplyAsync(() -> {
        try {
          for (long t = 1_780_000_000L; ; t++) {
            rpc.execute(List.of(new Step.Revert(id), new Step.SetClock(t),
                new Step.SetAccount(payer, t, new byte[64], LocalChain.SYSTEM_PROGRAM, false)));
            running.countDown();
          }
        } catch (RuntimeException e) {
          return e;
        }
      });
      assertTrue(running.await(10, TimeUnit.SECONDS));
      long killed = System.nanoTime();
      kill9(validator.pid());
      RuntimeException e = failure.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - killed) / 1_000_000;
      var x = assertInstanceOf(ExecException.class, e, () -> String.valueOf(e));
      assertTrue(x.isValidatorGone());
      assertTrue(x.getMessage().startsWith("the embedded validator exited (code 137, killed by signal 9)"), x.getMessage());
      assertTrue(ms < 10_000, ms + " ms");
      // Later calls fail the same way, at once.
      long again = System.nanoTime();
      var later = org.junit.jupiter.api.Assertions.assertThrows(ExecException.class, rpc::snapshot);
      assertTrue(later.isValidatorGone());
      assertTrue((System.nanoTime() - again) / 1_000_000 < 5_000);
    }
  }

  @Test
  void aCampaignWhoseValidatorIsKilledEndsInconclusiveWithTheReason() throws Exception {
    try (EmbeddedValidator validator = escrowValidator()) {
      LocalChain chain = new LocalChain(validator);
      EscrowMarket m = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 100_000, 3, 0, 2 * EscrowMarket.DAY, 50_000);
      Idl idl = Idl.load(EscrowProgram.idl());
      ObjectNode scenario = JSON.createObjectNode();
      ArrayNode calls = scenario.putArray("calls");
      ObjectNode buy = calls.addObject().put("instruction", "buy_tokens");
      buy.putObject("accounts").put("buyer", m.buyer.publicKey().toBase58()).put("config", m.config().toBase58())
          .put("sale", sale.address().toBase58())
          .put("purchase", m.ix.purchase(sale.address(), m.buyer.publicKey()).toBase58())
          .put("vault", sale.vault().toBase58()).put("proceeds_vault", sale.proceeds().toBase58())
          .put("buyer_payment_account", m.buyerPayment.toBase58()).put("buyer_token_account", m.buyerTokens.toBase58())
          .put("treasury_token_account", m.treasuryTokens.toBase58())
          .put("token_program", LocalChain.TOKEN_PROGRAM.toBase58())
          .put("system_program", LocalChain.SYSTEM_PROGRAM.toBase58());
      buy.putObject("args").put("amount", 10).put("max_price", 3);
      ObjectNode cancel = calls.addObject().put("instruction", "cancel_sale");
      cancel.putObject("accounts").put("seller", m.seller.publicKey().toBase58()).put("sale", sale.address().toBase58());
      cancel.putObject("args");
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, """
          project: crash
          clusters:
            - name: local
              url: http://127.0.0.1:8899
          program:
            id: %s
          fuzz:
            seed: 5
            maxCases: 100000000
          """.formatted(EscrowProgram.PROGRAM_ID.toBase58()));
      Policy policy = new PolicyLoader().load(policyFile);

      var fuzzing = new CountDownLatch(1);
      Progress progress = new Progress() {
        @Override
        public void phase(String name) {
          if (name.startsWith("fuzzing")) {
            fuzzing.countDown();
          }
        }

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
      var campaign = CompletableFuture.supplyAsync(() -> FuzzCampaign.run(FuzzRequest.of(policy, validator.rpcUri())
          .withIdl(idl).withTemplates(Templates.read(scenario, idl)).withMaxTime(Duration.ofMinutes(5)), progress));
      assertTrue(fuzzing.await(60, TimeUnit.SECONDS), "the campaign never started fuzzing");
      Thread.sleep(1_000); // in the middle of the cases
      long killed = System.nanoTime();
      kill9(validator.pid());
      FuzzReport report = campaign.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - killed) / 1_000_000;
      assertTrue(ms < 10_000, ms + " ms");
      assertFalse(report.results().isEmpty());
      for (CheckResult r : report.results()) {
        assertEquals(Outcome.INCONCLUSIVE, r.outcome(), r.checkId() + ": " + r.message());
        assertTrue(r.message().contains("did not answer") && r.message().contains(validator.rpcUri().toString()),
            r.checkId() + ": " + r.message());
      }
    }
  }
}
