package dev.preflight.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expressions evaluated on accounts decoded from the escrow world's recorded bytes. */
class ExprEvaluationTest {

  private static Invariants compile(String yaml) {
    return Invariants.compile(ExprFixtures.policy(yaml), ExprFixtures.IDL);
  }

  @Test
  void accountInvariantHoldsOnTheRecordedSaleAndNamesValuesWhenViolated() {
    Invariants inv = compile("""
        fuzz:
          invariants:
            accounts:
              - id: sale-sold-within-total
                account: Sale
                expr: sale.sold_amount <= sale.total_amount
              - id: sale-sold-above-total
                account: Sale
                expr: sold_amount > total_amount
                severity: critical
        """);
    Idl.DecodedAccount sale = ExprFixtures.decoded("sale-1");
    assertEquals("Sale", sale.name());
    AccountInvariant within = inv.accountInvariants().get(0);
    assertEquals("invariant.sale-sold-within-total", within.info().id());
    assertEquals(List.of("p1.2.fuzzing", "p2.1.edge-cases"), within.info().checklist());
    assertEquals(Verdict.HOLDS, within.check(sale.value(), AccountLookup.none()));
    Verdict v = inv.accountInvariants().get(1).check(sale.value(), AccountLookup.none());
    Verdict.Violated violated = assertInstanceOf(Verdict.Violated.class, v);
    long sold = sale.value().at("sold_amount").flatMap(IdlValue::longValue).orElseThrow();
    long total = sale.value().at("total_amount").flatMap(IdlValue::longValue).orElseThrow();
    assertEquals("sold_amount = " + sold + ", total_amount = " + total, violated.detail());
    assertEquals(dev.preflight.core.vocabulary.Severity.CRITICAL,
        inv.accountInvariants().get(1).info().severity());
  }

  @Test
  void pubkeysAreBase58AndCompareAcrossAccounts() {
    Invariants inv = compile("""
        fuzz:
          invariants:
            accounts:
              - id: sale-pays-in-a-whitelisted-mint
                account: Sale
                expr: account("%s").payment_mints.exists(m, m == sale.payment_mint)
              - id: sale-mint-is-token-mint
                account: Sale
                expr: sale.token_mint == "%s" && sale.payment_mint != sale.token_mint
        """.formatted(ExprFixtures.address("config"), ExprFixtures.address("token-mint")));
    IdlValue sale = ExprFixtures.decoded("sale-1").value();
    AccountLookup lookup = a -> a.equals(ExprFixtures.address("config"))
        ? Optional.of(ExprFixtures.decoded("config")) : Optional.empty();
    assertEquals(Verdict.HOLDS, inv.accountInvariants().get(0).check(sale, lookup));
    assertEquals(Verdict.HOLDS, inv.accountInvariants().get(1).check(sale, lookup));
    Verdict missing = inv.accountInvariants().get(0).check(sale, AccountLookup.none());
    assertTrue(missing instanceof Verdict.NotEvaluated n
        && n.reason().contains("account(" + ExprFixtures.address("config") + ") does not exist"),
        missing::toString);
  }

  @Test
  void enumsNestedStructsAndSizes() {
    Invariants inv = compile("""
        fuzz:
          invariants:
            accounts:
              - id: config-shape
                account: GlobalConfig
                as: config
                expr: >-
                  config.admin_count >= config.min_signatures
                  && size(config.admins) == 10
                  && config.circuit_breaker.max_daily_volume > 0
                  && !config.circuit_breaker.tripped
                  && (config.pending.active || config.pending.update.kind != "")
              - id: sale-active
                account: Sale
                expr: sale.status == "Active"
        """);
    assertEquals(Verdict.HOLDS, inv.accountInvariants().get(0)
        .check(ExprFixtures.decoded("config").value(), AccountLookup.none()));
    assertEquals(Verdict.HOLDS, inv.accountInvariants().get(1)
        .check(ExprFixtures.decoded("sale-1").value(), AccountLookup.none()));
  }

  @Test
  void u64AboveTwoToTheSixtyThreeStaysExact() {
    Invariants inv = compile("""
        fuzz:
          bounds:
            - instruction: buy_tokens
              expr: args.amount * 10000 <= args.max_price * 10000 + 10000
            - instruction: buy_tokens
              expr: args.amount > 9223372036854775807
            - instruction: buy_tokens
              expr: args.amount - args.max_price == 1
            - instruction: initialize_sale
              expr: args.end_time - args.start_time <= 2592000 && args.start_time > -10
            - instruction: buy_tokens
              expr: >-
                string(args.amount) == "18446744073709551615"
                && double(args.amount) > 1.8e19 && int(args.amount) == args.amount
        """);
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    IdlValue.StructValue big = IdlValue.StructValue.builder()
        .put("amount", new IdlValue.IntValue(PrimitiveKind.U64, max))
        .put("max_price", new IdlValue.IntValue(PrimitiveKind.U64, max.subtract(BigInteger.ONE)))
        .build();
    Bound scaled = inv.bounds().get(0);
    // (2^64-1) * 10000 is about 1.8e23: exact, no overflow, no rounding
    assertEquals(Verdict.HOLDS, scaled.check("buy_tokens", big));
    assertEquals(Verdict.HOLDS, inv.bounds().get(1).check("buy_tokens", big));
    assertEquals(Verdict.HOLDS, inv.bounds().get(2).check("buy_tokens", big));
    assertEquals(Verdict.HOLDS, inv.bounds().get(4).check("buy_tokens", big));
    IdlValue.StructValue one = IdlValue.StructValue.builder()
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 1))
        .put("max_price", new IdlValue.IntValue(PrimitiveKind.U64, max)).build();
    assertInstanceOf(Verdict.Violated.class, inv.bounds().get(2).check("buy_tokens", one));
    assertTrue(inv.bounds().get(0).accepts("buy_tokens", one));
    Verdict v = inv.bounds().get(1).check("buy_tokens", one);
    assertEquals(new Verdict.Violated("args.amount = 1"), v);

    // i64 below zero against u64 arithmetic: no u suffixes, signed results
    IdlValue.StructValue sale = IdlValue.StructValue.builder()
        .put("sale_id", IdlValue.IntValue.of(PrimitiveKind.U64, 1))
        .put("total_amount", IdlValue.IntValue.of(PrimitiveKind.U64, 1))
        .put("price", IdlValue.IntValue.of(PrimitiveKind.U64, 1))
        .put("start_time", IdlValue.IntValue.of(PrimitiveKind.I64, -5))
        .put("end_time", IdlValue.IntValue.of(PrimitiveKind.I64, -3_000_000))
        .put("max_per_wallet", IdlValue.IntValue.of(PrimitiveKind.U64, 1)).build();
    assertEquals(Verdict.HOLDS, inv.bounds().get(3).check("initialize_sale", sale));
    assertTrue(inv.literals().contains(BigInteger.valueOf(2_592_000)));
    assertTrue(inv.literals().contains(BigInteger.valueOf(-10)));
  }

  @Test
  void aBoundOfAnotherInstructionOrAnAbsentArgumentIsNotEvaluated() {
    Invariants inv = compile("""
        fuzz:
          bounds:
            - { arg: update.fee_bps, max: 1000 }
        """);
    Bound b = inv.bounds().getFirst();
    assertEquals("args.update.fee_bps <= 1000", b.expression().text());
    IdlValue.StructValue resume = IdlValue.StructValue.builder()
        .put("update", new IdlValue.EnumValue("ResumeOperations", 7, Optional.empty())).build();
    assertInstanceOf(Verdict.NotEvaluated.class, b.check("propose_update", resume));
    assertTrue(b.accepts("propose_update", resume));
    IdlValue.StructValue fee = IdlValue.StructValue.builder()
        .put("update", new IdlValue.EnumValue("SetPlatformFee", 0, Optional.of(
            IdlValue.StructValue.builder()
                .put("fee_bps", IdlValue.IntValue.of(PrimitiveKind.U16, 1001)).build())))
        .build();
    assertEquals(new Verdict.Violated("args.update.fee_bps = 1001"),
        b.check("propose_update", fee));
  }

  @Test
  void hasTellsAnAbsentAccountFromAPresentOne() {
    Invariants inv = compile("""
        fuzz:
          invariants:
            calls:
              - id: purchase-known-after-buy
                instruction: buy_tokens
                expr: "!has(pre.purchase) || post.purchase.amount >= pre.purchase.amount"
              - id: purchase-read
                instruction: buy_tokens
                expr: post.purchase.amount == 5
        """);
    IdlValue.StructValue args = IdlValue.StructValue.builder()
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 5))
        .put("max_price", IdlValue.IntValue.of(PrimitiveKind.U64, 5)).build();
    IdlValue purchase = IdlValue.StructValue.builder()
        .put("sale", new IdlValue.PubkeyValue(software.sava.core.accounts.PublicKey
            .fromBase58Encoded(ExprFixtures.address("sale-1"))))
        .put("buyer", new IdlValue.PubkeyValue(software.sava.core.accounts.PublicKey
            .fromBase58Encoded(ExprFixtures.address("buyer-tokens"))))
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 5))
        .put("bump", IdlValue.IntValue.of(PrimitiveKind.U8, 255)).build();
    CallContext first = new CallContext("buy_tokens", args, Map.of(), Map.of("purchase", purchase),
        Map.of(), Map.of(), 0, 0, List.of("buyer"), AccountLookup.none());
    assertEquals(Verdict.HOLDS, inv.callInvariants().get(0).check(first));
    assertEquals(Verdict.HOLDS, inv.callInvariants().get(1).check(first));
    CallContext none = new CallContext("buy_tokens", args, Map.of(), Map.of(), Map.of(),
        Map.of(), 0, 0, List.of(), AccountLookup.none());
    Verdict v = inv.callInvariants().get(1).check(none);
    Verdict.NotEvaluated n = assertInstanceOf(Verdict.NotEvaluated.class, v);
    assertTrue(n.reason().contains("purchase") && n.reason().contains("post.purchase.amount == 5"),
        n.reason());
  }

  @Test
  void divisionByZeroIsNotEvaluatedNeverAViolation() {
    Invariants inv = compile("""
        fuzz:
          bounds:
            - instruction: buy_tokens
              expr: args.amount / args.max_price <= 10 && args.amount % args.max_price == 0
        """);
    IdlValue.StructValue zero = IdlValue.StructValue.builder()
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 50))
        .put("max_price", IdlValue.IntValue.of(PrimitiveKind.U64, 0)).build();
    Verdict v = inv.bounds().getFirst().check("buy_tokens", zero);
    Verdict.NotEvaluated n = assertInstanceOf(Verdict.NotEvaluated.class, v);
    assertTrue(n.reason().contains("division by zero"), n.reason());
    IdlValue.StructValue five = IdlValue.StructValue.builder()
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 50))
        .put("max_price", IdlValue.IntValue.of(PrimitiveKind.U64, 5)).build();
    assertEquals(Verdict.HOLDS, inv.bounds().getFirst().check("buy_tokens", five));
    IdlValue.StructValue four = IdlValue.StructValue.builder()
        .put("amount", IdlValue.IntValue.of(PrimitiveKind.U64, 50))
        .put("max_price", IdlValue.IntValue.of(PrimitiveKind.U64, 4)).build();
    assertInstanceOf(Verdict.Violated.class, inv.bounds().getFirst().check("buy_tokens", four));
  }
}
