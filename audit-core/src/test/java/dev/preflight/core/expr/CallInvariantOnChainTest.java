package dev.preflight.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.rpc.json.http.response.AccountInfo;

/**
 * Call and account invariants judged on a real {@code buy_tokens} sent to the reference escrow on
 * the embedded validator: the accounts of the call read before and after, decoded with the IDL,
 * and the token deltas of its SPL token accounts.
 */
class CallInvariantOnChainTest {
  private static final PublicKey TOKEN = LocalChain.TOKEN_PROGRAM;

  @Test
  void aRealPurchaseKeepsTheDeclaredPropertiesAndAWrongOneIsCaught() {
    Invariants inv = Invariants.compile(ExprFixtures.policy("""
        fuzz:
          invariants:
            accounts:
              - id: sale-sold-within-total
                account: Sale
                expr: sale.sold_amount <= sale.total_amount
            calls:
              - id: buy-moves-amount
                instruction: buy_tokens
                expr: post.sale.sold_amount - pre.sale.sold_amount == args.amount
              - id: buyer-receives-tokens
                instruction: buy_tokens
                expr: delta.buyer_token_account == args.amount && delta.vault == -args.amount
              - id: buyer-pays-price-and-fee
                instruction: buy_tokens
                expr: >-
                  -delta.buyer_payment_account == args.amount * post.sale.price
                  && delta.proceeds_vault + delta.treasury_token_account
                  == -delta.buyer_payment_account
                  && delta.treasury_token_account > 0
              - id: first-purchase-opens-record
                instruction: buy_tokens
                expr: >-
                  !has(pre.purchase) && post.purchase.amount == args.amount
                  && post.purchase.buyer == account(post.purchase.sale).seller
                  || post.purchase.sale == "not a sale"
              - id: buy-inside-window
                instruction: buy_tokens
                expr: >-
                  clock.unix_timestamp >= post.sale.start_time
                  && clock.unix_timestamp < post.sale.end_time
                  && "buyer" in signers && instruction == "buy_tokens"
                  && lamports_delta.buyer < 0
              - id: wrong-on-purpose
                instruction: buy_tokens
                expr: delta.buyer_token_account == args.amount + 1
        """), ExprFixtures.IDL);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.of(LocalChain.newSigner().publicKey().toBase58()))
        .start()) {
      LocalChain chain = new LocalChain(v.rpcUri());
      EscrowMarket market = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = market.createSale(1, 1_000, 5, 0, 3 * EscrowMarket.DAY, 500);
      Idl idl = ExprFixtures.IDL;
      Instruction buy = market.ix.buyTokens(market.buyer.publicKey(), sale.address(),
          market.buyerPayment, market.buyerTokens, market.treasuryTokens, 100, 5);
      List<String> names = idl.instruction("buy_tokens").orElseThrow().accounts().stream()
          .map(a -> a.name()).toList();
      List<PublicKey> keys = buy.accounts().stream().map(AccountMeta::publicKey).toList();
      assertEquals(names.size(), keys.size());

      Snapshot before = Snapshot.read(chain, idl, names, keys);
      EscrowMarket.Outcome o = market.buy(sale, 100, 5);
      assertTrue(o.ok(), () -> "buy_tokens failed: " + o.error());
      Snapshot after = Snapshot.read(chain, idl, names, keys);
      long now = market.now();

      IdlValue.StructValue args = idl.decodeInstruction(buy.data()).orElseThrow().args();
      AccountLookup lookup = address -> Optional.ofNullable(
          chain.rpc.getAccountInfo(PublicKey.fromBase58Encoded(address)).join())
          .filter(a -> a.owner() != null).flatMap(a -> idl.decodeAccount(a.data()));
      CallContext ctx = new CallContext("buy_tokens", args, before.decoded, after.decoded,
          Snapshot.delta(before.tokens, after.tokens),
          Snapshot.delta(before.lamports, after.lamports), now, 0, List.of("buyer"), lookup);
      assertFalse(before.decoded.containsKey("purchase"), "no purchase record before the buy");
      assertTrue(after.decoded.containsKey("purchase"));

      Map<String, Verdict> verdicts = new LinkedHashMap<>();
      inv.callInvariants().forEach(c -> verdicts.put(c.id(), c.check(ctx)));
      verdicts.forEach((id, verdict) -> System.out.println(id + ": " + verdict));
      for (String id : List.of("buy-moves-amount", "buyer-receives-tokens",
          "buyer-pays-price-and-fee", "buy-inside-window")) {
        assertEquals(Verdict.HOLDS, verdicts.get(id), id);
      }
      // purchase.buyer is the buyer, not the seller: the conjunction is false
      assertInstanceOf(Verdict.Violated.class, verdicts.get("first-purchase-opens-record"));
      assertEquals(new Verdict.Violated("delta.buyer_token_account = 100, args.amount = 100"),
          verdicts.get("wrong-on-purpose"));

      AccountInvariant sold = inv.accountInvariants().getFirst();
      assertEquals(Verdict.HOLDS, sold.check(after.decoded.get("sale"), lookup));
      assertEquals(100L, after.decoded.get("sale").at("sold_amount")
          .flatMap(IdlValue::longValue).orElseThrow());
    }
  }

  /** The accounts of a call at one moment: decoded ones, token amounts and lamports by name. */
  private record Snapshot(Map<String, IdlValue> decoded, Map<String, BigInteger> tokens,
                          Map<String, BigInteger> lamports) {

    static Snapshot read(LocalChain chain, Idl idl, List<String> names, List<PublicKey> keys) {
      Map<String, IdlValue> decoded = new LinkedHashMap<>();
      Map<String, BigInteger> tokens = new LinkedHashMap<>();
      Map<String, BigInteger> lamports = new LinkedHashMap<>();
      List<AccountInfo<byte[]>> infos = new ArrayList<>();
      for (PublicKey k : keys) {
        infos.add(chain.rpc.getAccountInfo(k).join());
      }
      for (int i = 0; i < names.size(); i++) {
        AccountInfo<byte[]> a = infos.get(i);
        String name = names.get(i);
        boolean absent = a == null || a.owner() == null;
        lamports.put(name, BigInteger.valueOf(absent ? 0 : a.lamports()));
        if (absent) {
          continue;
        }
        if (a.owner().equals(TOKEN) && a.data().length == 165) {
          // spl-token Account: amount is the u64 at offset 64
          tokens.put(name, new BigInteger(Long.toUnsignedString(ByteBuffer.wrap(a.data())
              .order(ByteOrder.LITTLE_ENDIAN).getLong(64))));
        } else if (a.owner().equals(EscrowProgram.PROGRAM_ID)) {
          idl.decodeAccount(a.data()).ifPresent(d -> decoded.put(name, d.value()));
        }
      }
      return new Snapshot(decoded, tokens, lamports);
    }

    static Map<String, BigInteger> delta(Map<String, BigInteger> before,
                                         Map<String, BigInteger> after) {
      Map<String, BigInteger> out = new LinkedHashMap<>();
      after.forEach((k, v) -> out.put(k, v.subtract(before.getOrDefault(k, BigInteger.ZERO))));
      before.forEach((k, v) -> out.putIfAbsent(k, v.negate()));
      return out;
    }
  }
}
