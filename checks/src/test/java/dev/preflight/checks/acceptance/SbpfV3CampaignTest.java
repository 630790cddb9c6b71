package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.preflight.core.policy.Policy;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.fixtures.escrow.EscrowProgram.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * The fuzz campaign and the emergency-stop wiring check on the reference escrow built for SBPF v0
 * and for SBPF v3: the same policy (seed, cases, bounds, conservation, wiring) against the same
 * market, built by real transactions, gives the same outcome per check id, and every one is a PASS
 * on this clean program. The same binary under loader-v4, which the runtime does not execute, gives
 * no PASS at all: the campaign could gather no evidence.
 */
class SbpfV3CampaignTest {
  static final int CASES = 5_000;
  static final long SEED = 11;
  static final long PRICE = 1_000_003;

  @TempDir
  Path dir;

  record Run(Map<String, Outcome> outcomes, FuzzReport report) {}

  /** A market with an open sale (1) and an ended one with proceeds (2), and the campaign on it. */
  Run campaign(Variant variant) throws Exception {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good(), variant, true)) {
      EscrowMarket m = w.market;
      EscrowMarket.Sale open = m.createSale(1, 500_000, PRICE, 0, 7 * EscrowMarket.DAY, 500_000);
      EscrowMarket.Sale ended = m.createSale(2, 1_000, PRICE, 0, 3_600, 1_000);
      assertTrue(m.buy(ended, 400, PRICE).ok(), "a purchase from sale 2");
      m.travel(3_700);
      Path run = Files.createDirectories(dir.resolve(variant.name()));
      Files.writeString(run.resolve("scenario.json"), scenario(m, open, ended).toPrettyString());
      Policy policy = w.policy(run, fuzzSection(m));
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, w.validator.rpcUri())
          .withMaxTime(Duration.ofMinutes(4)).withCorpus(run.resolve("corpus")), Progress.silent());
      Map<String, Outcome> outcomes = new TreeMap<>();
      System.out.printf("%s: %d cases, %d simulations in %.1f s%n", variant,
          report.stats().cases(), report.stats().simulations(),
          report.stats().elapsed().toMillis() / 1000.0);
      for (CheckResult r : report.results()) {
        System.out.println("  " + r.checkId() + " " + r.outcome() + " " + r.message());
        assertEquals(null, outcomes.put(r.checkId(), r.outcome()), "one result per id");
      }

      // The same binary under loader-v4 at another address, with the same settings.
      PublicKey v4 = w.loaderV4Program.orElseThrow();
      Path v4Run = Files.createDirectories(dir.resolve(variant.name() + "-loader-v4"));
      Files.writeString(v4Run.resolve("scenario.json"), scenario(m, open, ended).toPrettyString());
      FuzzReport onV4 = FuzzCampaign.run(FuzzRequest.of(w.policyFor(v4Run, v4, fuzzSection(m)),
          w.validator.rpcUri()).withMaxCases(50).withCorpus(v4Run.resolve("corpus")),
          Progress.silent());
      assertFalse(onV4.results().isEmpty());
      for (CheckResult r : onV4.results()) {
        System.out.println("  loader-v4 " + r.checkId() + " " + r.outcome() + " " + r.message());
        assertNotEquals(Outcome.PASS, r.outcome(), r.checkId() + " passed without evidence");
      }
      return new Run(outcomes, report);
    }
  }

  @Test
  void v0AndV3GiveTheSameResultsPerCheckId() throws Exception {
    Run v0 = campaign(Variant.CLEAN);
    Run v3 = campaign(Variant.CLEAN_V3);
    assertEquals(FuzzCampaign.definitions().size(), v0.outcomes().size(), v0.outcomes().toString());
    assertEquals(v0.outcomes(), v3.outcomes());
    // every oracle passes; coverage is not traced here and the policy sets no minimum
    v3.outcomes().forEach((id, outcome) -> assertEquals(
        id.equals(dev.preflight.core.coverage.CoverageCheck.ID) ? Outcome.NOT_APPLICABLE
            : Outcome.PASS, outcome, id));
    assertEquals(CASES, v0.report().stats().cases());
    assertEquals(CASES, v3.report().stats().cases());
    assertTrue(v0.report().findings().isEmpty() && v3.report().findings().isEmpty());
  }

  /** One valid call per instruction, as the policy reference describes the scenario. */
  static ObjectNode scenario(EscrowMarket m, EscrowMarket.Sale open, EscrowMarket.Sale ended) {
    PublicKey token = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    PublicKey system = PublicKey.fromBase58Encoded("11111111111111111111111111111111");
    String config = m.config().toBase58();
    ObjectNode root = new ObjectMapper().createObjectNode();
    ArrayNode calls = root.putArray("calls");

    ObjectNode buy = call(calls, "buy_tokens");
    buy.putObject("accounts").put("buyer", m.buyer.publicKey().toBase58()).put("config", config)
        .put("sale", open.address().toBase58())
        .put("purchase", m.ix.purchase(open.address(), m.buyer.publicKey()).toBase58())
        .put("vault", open.vault().toBase58()).put("proceeds_vault", open.proceeds().toBase58())
        .put("buyer_payment_account", m.buyerPayment.toBase58())
        .put("buyer_token_account", m.buyerTokens.toBase58())
        .put("treasury_token_account", m.treasuryTokens.toBase58())
        .put("token_program", token.toBase58()).put("system_program", system.toBase58());
    buy.putObject("args").put("amount", 10).put("max_price", PRICE);

    PublicKey third = m.ix.sale(m.seller.publicKey(), 3);
    long now = m.now();
    ObjectNode init = call(calls, "initialize_sale");
    init.putObject("accounts").put("seller", m.seller.publicKey().toBase58()).put("config", config)
        .put("sale", third.toBase58()).put("token_mint", m.tokenMint.toBase58())
        .put("payment_mint", m.paymentMint.toBase58()).put("vault", m.ix.vault(third).toBase58())
        .put("proceeds_vault", m.ix.proceeds(third).toBase58())
        .put("seller_token_account", m.sellerTokens.toBase58())
        .put("token_program", token.toBase58()).put("system_program", system.toBase58());
    init.putObject("args").put("sale_id", 3).put("total_amount", 1_000).put("price", PRICE)
        .put("start_time", now + EscrowMarket.DAY).put("end_time", now + 3 * EscrowMarket.DAY)
        .put("max_per_wallet", 100);

    ObjectNode cancel = call(calls, "cancel_sale");
    cancel.putObject("accounts").put("seller", m.seller.publicKey().toBase58())
        .put("sale", open.address().toBase58());
    cancel.putObject("args");

    ObjectNode withdraw = call(calls, "withdraw_proceeds");
    withdraw.putObject("accounts").put("seller", m.seller.publicKey().toBase58())
        .put("sale", ended.address().toBase58()).put("proceeds_vault", ended.proceeds().toBase58())
        .put("seller_payment_account", m.sellerPayment.toBase58())
        .put("token_program", token.toBase58());
    withdraw.putObject("args");

    ObjectNode reclaim = call(calls, "reclaim_unsold");
    reclaim.putObject("accounts").put("seller", m.seller.publicKey().toBase58())
        .put("sale", ended.address().toBase58()).put("vault", ended.vault().toBase58())
        .put("seller_token_account", m.sellerTokens.toBase58())
        .put("token_program", token.toBase58());
    reclaim.putObject("args");

    ObjectNode stop = call(calls, "set_emergency_stop");
    stop.putObject("accounts").put("config", config);
    ArrayNode remaining = stop.putArray("remaining");
    for (int i = 0; i < 2; i++) {
      remaining.addObject().put("name", "admin" + i)
          .put("address", m.admins.get(i).publicKey().toBase58())
          .put("signer", true).put("writable", false);
    }
    stop.putObject("args");

    ObjectNode propose = call(calls, "propose_update");
    propose.putObject("accounts").put("proposer", m.admins.get(0).publicKey().toBase58())
        .put("config", config);
    propose.putObject("args").putObject("update").putObject("SetPlatformFee").put("fee_bps", 300);

    // The wiring check's governed resume: executed after it writes an approved, due proposal.
    ObjectNode execute = call(calls, "execute_update");
    execute.putObject("accounts").put("executor", m.admins.get(0).publicKey().toBase58())
        .put("config", config);
    execute.putObject("args").put("proposal_id", 1);
    // nothing is pending in this world: a probe, which the sequences reach after a propose
    execute.put("expect", "NoPendingProposal");
    return root;
  }

  private static ObjectNode call(ArrayNode calls, String instruction) {
    return calls.addObject().put("instruction", instruction);
  }

  /** The fuzz section: bounds, conservation of a purchase, and the emergency-stop wiring. */
  static String fuzzSection(EscrowMarket m) {
    String pending = new ObjectMapper().createObjectNode().put("active", true)
        .put("proposal_id", 1).put("proposer", m.admins.get(0).publicKey().toBase58())
        .put("eta", m.now() - EscrowMarket.DAY).put("admin_set_version", 0).put("approvals", 3)
        .put("update", "ResumeOperations").toString();
    return """

        fuzz:
          seed: %d
          maxCases: %d
          maxSeconds: 240
          computeBudget: 200000
          scenario: scenario.json
          bounds:
            - { instruction: propose_update, arg: update.fee_bps, max: 1000 }
            - { instruction: initialize_sale, arg: end_time - start_time, min: 3600, max: 2592000 }
          conservation:
            exchanges:
              - { instruction: buy_tokens, paid: buyer_payment_account, received: buyer_token_account, price: sale.price }
          emergencyStop:
            flag: config.emergency_stop
            error: EmergencyStopActive
            blocked: [buy_tokens, initialize_sale]
            allowed: [cancel_sale, withdraw_proceeds, reclaim_unsold]
            resume:
              instruction: execute_update
              state:
                pending: %s
        """.formatted(SEED, CASES, pending);
  }
}
