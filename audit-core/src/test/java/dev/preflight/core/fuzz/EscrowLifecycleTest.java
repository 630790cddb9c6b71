package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.exec.ExecException;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.validator.EmbeddedValidator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;

/**
 * The escrow's lifecycle sent for real on the embedded validator: config, sale, buys, emergency
 * stop, a buy that must fail, a resume that must wait for the timelock, the end of the sale,
 * withdraw and reclaim; invariants after every step.
 */
class EscrowLifecycleTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lifecycleRunsAsDesignedWithInvariantsKept() {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      Idl idl = Idl.load(EscrowWorld.IDL_PATH);
      Signer payer = signer(rpc);
      Signer[] admins = {signer(rpc), signer(rpc), signer(rpc)};
      Signer seller = signer(rpc);
      Signer buyer = signer(rpc);
      PublicKey treasury = EscrowWorld.key("lifecycle-treasury");
      PublicKey tokenMint = EscrowWorld.key("lifecycle-token-mint");
      PublicKey paymentMint = EscrowWorld.key("lifecycle-payment-mint");
      rpc.setAccount(tokenMint, 1_461_600, EscrowWorld.mint(9, 1_000_000), EscrowWorld.TOKEN, false);
      rpc.setAccount(paymentMint, 1_461_600, EscrowWorld.mint(6, 1_000_000_000), EscrowWorld.TOKEN, false);
      PublicKey sellerTokens = EscrowWorld.key("lc-seller-tokens");
      PublicKey sellerPayment = EscrowWorld.key("lc-seller-payment");
      PublicKey buyerPayment = EscrowWorld.key("lc-buyer-payment");
      PublicKey buyerTokens = EscrowWorld.key("lc-buyer-tokens");
      PublicKey treasuryAccount = EscrowWorld.key("lc-treasury-account");
      EscrowWorld.token(rpc, sellerTokens, tokenMint, seller.publicKey(), 1_000_000);
      EscrowWorld.token(rpc, sellerPayment, paymentMint, seller.publicKey(), 0);
      EscrowWorld.token(rpc, buyerPayment, paymentMint, buyer.publicKey(), 1_000_000_000);
      EscrowWorld.token(rpc, buyerTokens, tokenMint, buyer.publicKey(), 0);
      EscrowWorld.token(rpc, treasuryAccount, paymentMint, treasury, 0);

      long now = clock(rpc);
      long start = now + 60;
      long end = start + 3 * EscrowWorld.DAY;
      PublicKey config = EscrowWorld.pda(EscrowWorld.bytes("config"));
      PublicKey sale = EscrowWorld.pda(EscrowWorld.bytes("sale"), seller.publicKey().toByteArray(), EscrowWorld.le(1));
      PublicKey vault = EscrowWorld.vault(sale);
      PublicKey proceeds = EscrowWorld.proceeds(sale);
      PublicKey purchase = EscrowWorld.pda(EscrowWorld.bytes("purchase"), sale.toByteArray(), buyer.publicKey().toByteArray());
      String token = EscrowWorld.TOKEN.toBase58();
      String system = EscrowWorld.SYSTEM.toBase58();

      ObjectNode cfg = JSON.createObjectNode();
      cfg.putArray("admins").add(b58(admins[0])).add(b58(admins[1])).add(b58(admins[2]));
      cfg.put("min_signatures", 2).put("platform_fee_bps", 250).put("fee_treasury", treasury.toBase58())
          .put("min_sale_duration", 3_600).put("max_sale_duration", 30 * EscrowWorld.DAY)
          .put("max_daily_volume", 1_000_000_000_000L).putArray("payment_mints").add(paymentMint.toBase58());
      CallTemplate init = call(idl, "initialize_config", Map.of("authority", b58(admins[0]),
          "config", config.toBase58(), "system_program", system), cfg);
      ObjectNode saleArgs = JSON.createObjectNode().put("sale_id", 1).put("total_amount", 1_000)
          .put("price", 5).put("start_time", start).put("end_time", end).put("max_per_wallet", 500);
      CallTemplate initSale = call(idl, "initialize_sale", Map.of("seller", b58(seller), "config", config.toBase58(),
          "sale", sale.toBase58(), "token_mint", tokenMint.toBase58(), "payment_mint", paymentMint.toBase58(),
          "vault", vault.toBase58(), "proceeds_vault", proceeds.toBase58(), "seller_token_account",
          sellerTokens.toBase58(), "token_program", token, "system_program", system), saleArgs);
      Map<String, String> buyAccounts = Map.ofEntries(Map.entry("buyer", b58(buyer)),
          Map.entry("config", config.toBase58()), Map.entry("sale", sale.toBase58()),
          Map.entry("purchase", purchase.toBase58()), Map.entry("vault", vault.toBase58()),
          Map.entry("proceeds_vault", proceeds.toBase58()), Map.entry("buyer_payment_account", buyerPayment.toBase58()),
          Map.entry("buyer_token_account", buyerTokens.toBase58()),
          Map.entry("treasury_token_account", treasuryAccount.toBase58()), Map.entry("token_program", token),
          Map.entry("system_program", system));
      CallTemplate stop = new CallTemplate("set_emergency_stop", List.of(
          new CallTemplate.Account("config", config, false, true, false),
          new CallTemplate.Account("admin0", admins[0].publicKey(), true, false, true),
          new CallTemplate.Account("admin1", admins[1].publicKey(), true, false, true)),
          Templates.read(JSON.createObjectNode().set("calls", JSON.createArrayNode().add(JSON.createObjectNode()
              .put("instruction", "set_emergency_stop").set("accounts", JSON.createObjectNode()
                  .put("config", config.toBase58())))), idl).getFirst().args());
      ObjectNode resume = JSON.createObjectNode().put("update", "ResumeOperations");
      CallTemplate propose = call(idl, "propose_update", Map.of("proposer", b58(admins[0]), "config", config.toBase58()), resume);

      List<PublicKey> tracked = List.of(tokenMint, paymentMint, sellerTokens, sellerPayment, buyerPayment,
          buyerTokens, treasuryAccount, vault, proceeds, config, sale, purchase);
      List<StatefulSequence.Step> first = List.of(
          StatefulSequence.Step.ok("initialize_config", init),
          StatefulSequence.Step.ok("initialize_sale", initSale),
          StatefulSequence.Step.ok("buy 100", buy(idl, buyAccounts, 100)).at(start + 1),
          StatefulSequence.Step.ok("buy 50", buy(idl, buyAccounts, 50)),
          StatefulSequence.Step.ok("set_emergency_stop (2 of 3)", stop),
          StatefulSequence.Step.fails("buy while stopped", buy(idl, buyAccounts, 10), "EmergencyStopActive"),
          StatefulSequence.Step.ok("propose ResumeOperations", propose));
      List<StatefulSequence.StepResult> results = new ArrayList<>(
          StatefulSequence.run(rpc, idl, EscrowWorld.PROGRAM, payer, List.of(admins[0], admins[1], admins[2], seller, buyer), first, tracked));
      long proposal = idl.decodeAccount(rpc.account(config).orElseThrow().data()).orElseThrow().value()
          .at("pending.proposal_id").flatMap(x -> x.longValue()).orElseThrow();
      ObjectNode id = JSON.createObjectNode().put("proposal_id", proposal);
      CallTemplate approve = call(idl, "approve_update", Map.of("approver", b58(admins[1]), "config", config.toBase58()), id);
      CallTemplate execute = call(idl, "execute_update", Map.of("executor", b58(admins[2]), "config", config.toBase58()), id);
      List<StatefulSequence.Step> second = List.of(
          StatefulSequence.Step.ok("approve (admin1)", approve),
          StatefulSequence.Step.fails("execute before the timelock", execute, "TimelockNotElapsed"),
          StatefulSequence.Step.ok("execute after the timelock", execute).at(clock(rpc) + EscrowWorld.DAY + 10),
          StatefulSequence.Step.ok("buy after resume", buy(idl, buyAccounts, 10)),
          StatefulSequence.Step.ok("withdraw_proceeds after the end", call(idl, "withdraw_proceeds", Map.of(
              "seller", b58(seller), "sale", sale.toBase58(), "proceeds_vault", proceeds.toBase58(),
              "seller_payment_account", sellerPayment.toBase58(), "token_program", token), JSON.createObjectNode()))
              .at(end + 10),
          StatefulSequence.Step.ok("reclaim_unsold", call(idl, "reclaim_unsold", Map.of("seller", b58(seller),
              "sale", sale.toBase58(), "vault", vault.toBase58(), "seller_token_account", sellerTokens.toBase58(),
              "token_program", token), JSON.createObjectNode())));
      results.addAll(StatefulSequence.run(rpc, idl, EscrowWorld.PROGRAM, payer,
          List.of(admins[0], admins[1], admins[2], seller, buyer), second, tracked));
      CheckResult r = StatefulSequence.result(results, EscrowWorld.PROGRAM.toBase58());
      r.evidence().forEach(e -> System.out.println("  " + e.field() + ": " + e.value()));
      assertEquals(Outcome.PASS, r.outcome(), r.message());
      assertEquals(13, results.size());

      // the landed history teaches one template per instruction, most recent call first
      List<CallTemplate> learned = TemplateLearner.learn(rpc, idl, EscrowWorld.PROGRAM, 100);
      Map<String, CallTemplate> byName = new java.util.HashMap<>();
      learned.forEach(t -> byName.put(t.instruction(), t));
      assertEquals(java.util.Set.of("initialize_config", "initialize_sale", "buy_tokens", "set_emergency_stop",
          "propose_update", "approve_update", "execute_update", "withdraw_proceeds", "reclaim_unsold"), byName.keySet());
      CallTemplate lastBuy = byName.get("buy_tokens");
      assertEquals(10L, lastBuy.args().field("amount").flatMap(x -> x.longValue()).orElseThrow());
      assertEquals(buyer.publicKey(), lastBuy.accounts().get(lastBuy.indexOf("buyer")).key());
      assertTrue(lastBuy.accounts().get(lastBuy.indexOf("buyer")).signer());
      assertTrue(lastBuy.accounts().get(lastBuy.indexOf("vault")).writable());
      CallTemplate learnedStop = byName.get("set_emergency_stop");
      assertEquals(3, learnedStop.accounts().size());
      assertTrue(learnedStop.accounts().get(1).remaining() && learnedStop.accounts().get(1).signer());
    }
  }

  @Test
  void aSequenceIsRefusedOnARemoteCluster() {
    try (RpcValidator remote = new RpcValidator(URI.create("https://api.mainnet-beta.solana.com"))) {
      assertThrows(ExecException.class, () -> StatefulSequence.run(remote, Idl.load(EscrowWorld.IDL_PATH),
          EscrowWorld.PROGRAM, Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes()), List.of(),
          List.of(), List.of()));
    }
  }

  static CallTemplate buy(Idl idl, Map<String, String> accounts, long amount) {
    return call(idl, "buy_tokens", accounts, JSON.createObjectNode().put("amount", amount).put("max_price", 5));
  }

  static CallTemplate call(Idl idl, String ix, Map<String, String> accounts, ObjectNode args) {
    ObjectNode c = JSON.createObjectNode().put("instruction", ix);
    ObjectNode a = c.putObject("accounts");
    accounts.forEach(a::put);
    c.set("args", args);
    return Templates.read(JSON.createObjectNode().set("calls", JSON.createArrayNode().add(c)), idl).getFirst();
  }

  static String b58(Signer s) {
    return s.publicKey().toBase58();
  }

  static Signer signer(RpcValidator rpc) {
    Signer s = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
    rpc.setAccount(s.publicKey(), 100_000_000_000L, new byte[0], EscrowWorld.SYSTEM, false);
    return s;
  }

  static long clock(RpcValidator rpc) {
    byte[] c = rpc.account(PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111")).orElseThrow().data();
    return java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(32);
  }
}
