package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * A clean campaign on the escrow market built through real transactions (the fixture's
 * EscrowMarket), as a cross-check of the cheatcode-built world the other tests use.
 */
class EscrowMarketFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void cleanCampaignOnATransactionBuiltMarket() throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start()) {
      LocalChain chain = new LocalChain(v.rpcUri());
      EscrowMarket m = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 100_000, 3, 0, 2 * EscrowMarket.DAY, 50_000);
      Idl idl = Idl.load(EscrowProgram.idl());
      String token = LocalChain.TOKEN_PROGRAM.toBase58();
      String system = LocalChain.SYSTEM_PROGRAM.toBase58();
      ObjectNode scenario = JSON.createObjectNode();
      ArrayNode calls = scenario.putArray("calls");
      call(calls, "buy_tokens", Map.ofEntries(Map.entry("buyer", m.buyer.publicKey()),
          Map.entry("config", m.config()), Map.entry("sale", sale.address()),
          Map.entry("purchase", m.ix.purchase(sale.address(), m.buyer.publicKey())),
          Map.entry("vault", sale.vault()), Map.entry("proceeds_vault", sale.proceeds()),
          Map.entry("buyer_payment_account", m.buyerPayment), Map.entry("buyer_token_account", m.buyerTokens),
          Map.entry("treasury_token_account", m.treasuryTokens), Map.entry("token_program", LocalChain.TOKEN_PROGRAM),
          Map.entry("system_program", LocalChain.SYSTEM_PROGRAM)))
          .putObject("args").put("amount", 10).put("max_price", 3);
      call(calls, "cancel_sale", Map.of("seller", m.seller.publicKey(), "sale", sale.address())).putObject("args");
      ObjectNode stop = call(calls, "set_emergency_stop", Map.of("config", m.config()));
      stop.putObject("args");
      ArrayNode rem = stop.putArray("remaining");
      for (int i = 0; i < 2; i++) {
        rem.addObject().put("name", "admin" + i).put("address", m.adminKeys().get(i).toBase58())
            .put("signer", true).put("writable", false);
      }
      call(calls, "propose_update", Map.of("proposer", m.adminKeys().get(0), "config", m.config()))
          .putObject("args").putObject("update").putObject("SetPlatformFee").put("fee_bps", 300);
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, """
          project: market-fuzz
          clusters:
            - name: local
              url: http://127.0.0.1:8899
          program:
            id: %s
          fuzz:
            seed: 21
            maxCases: 2000
            bounds:
              - { instruction: propose_update, arg: update.fee_bps, max: 1000 }
            conservation:
              exchanges:
                - { instruction: buy_tokens, paid: buyer_payment_account, received: buyer_token_account, price: sale.price }
          """.formatted(EscrowProgram.PROGRAM_ID.toBase58()));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri()).withIdl(idl)
          .withTemplates(Templates.read(scenario, idl)).withMaxTime(Duration.ofMinutes(2)), Progress.console());
      assertEquals(2_000, report.stats().cases());
      for (CheckResult r : report.results()) {
        // coverage is not measured here (no tracing validator) and no minimum is set: nothing to judge
        Outcome expected = r.checkId().equals(dev.preflight.core.coverage.CoverageCheck.ID)
            ? Outcome.NOT_APPLICABLE : Outcome.PASS;
        assertEquals(expected, r.outcome(), r.checkId() + ": " + r.message());
      }
    }
  }

  static ObjectNode call(ArrayNode calls, String ix, Map<String, PublicKey> accounts) {
    ObjectNode c = calls.addObject().put("instruction", ix);
    ObjectNode a = c.putObject("accounts");
    accounts.forEach((k, v) -> a.put(k, v.toBase58()));
    return c;
  }
}
