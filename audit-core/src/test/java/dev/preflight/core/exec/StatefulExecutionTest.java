package dev.preflight.core.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.fixtures.escrow.EscrowInstructions;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * Save points and step sequences on the embedded validator running the reference escrow, in a
 * market built by real transactions: a sequence changes state, a revert puts every byte back.
 */
class StatefulExecutionTest {

  static final long T = 1_780_000_000L;
  static final PublicKey CLOCK = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");
  static EmbeddedValidator validator;
  static EscrowMarket market;
  static EscrowMarket.Sale sale;
  static RpcValidator rpc;

  @BeforeAll
  static void world() {
    validator = EmbeddedValidator.builder().clock(T).slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.empty())
        .start();
    market = EscrowMarket.open(new LocalChain(validator), EscrowProgram.PROGRAM_ID);
    sale = market.createSale(1, 100_000, 3, 0, 2 * EscrowMarket.DAY, 50_000);
    rpc = new RpcValidator(validator.rpcUri(), validator::exitReason);
  }

  @AfterAll
  static void stop() {
    rpc.close();
    validator.close();
  }

  /** A buy_tokens transaction with a zeroed signature: steps do not verify signatures. */
  static byte[] buy(long amount) {
    Instruction ix = market.ix.buyTokens(market.buyer.publicKey(), sale.address(), market.buyerPayment,
        market.buyerTokens, market.treasuryTokens, amount, 3);
    Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(market.buyer.publicKey()), List.of(ix));
    tx.setRecentBlockHash(new byte[32]);
    return tx.serialized();
  }

  static List<PublicKey> world(PublicKey purchase) {
    return List.of(market.config(), sale.address(), sale.vault(), sale.proceeds(), market.buyerPayment,
        market.buyerTokens, market.treasuryTokens, market.buyer.publicKey(), market.treasury.publicKey(), purchase,
        CLOCK);
  }

  /** Every account's lamports, owner, executable flag and data, as text to compare whole. */
  static String bytes(List<PublicKey> keys) {
    List<String> out = new ArrayList<>();
    for (Optional<AccountState> a : rpc.accounts(keys)) {
      out.add(a.map(s -> s.address().toBase58() + " " + s.lamports() + " " + s.owner().toBase58() + " "
          + s.executable() + " " + HexFormat.of().formatHex(s.data())).orElse("absent"));
    }
    return String.join("\n", out);
  }

  static long tokenAmount(Optional<AccountState> a) {
    return a.orElseThrow().tokenAmount();
  }

  @Test
  void aSequenceChangesStateAndRevertPutsEveryByteBack() {
    PublicKey purchase = market.ix.purchase(sale.address(), market.buyer.publicKey());
    List<PublicKey> keys = world(purchase);
    String before = bytes(keys);
    ChainClock clockBefore = clock();
    assertEquals(sale.args().startTime(), clockBefore.unixTimestamp()); // pinned where the market left it
    String id = rpc.snapshot();

    List<PublicKey> watch = List.of(market.buyerTokens, purchase);
    long end = sale.args().endTime();
    List<StepResult> r = rpc.execute(List.of(
        new Step.Transaction(buy(10), watch),
        new Step.Transaction(buy(7), watch),
        new Step.SetClock(end + 1),
        new Step.Transaction(buy(5), watch),
        new Step.SetClock(end - 60),
        new Step.SetAccount(market.treasury.publicKey(), 123_456_789L, new byte[] {1, 2, 3},
            LocalChain.SYSTEM_PROGRAM, false)));
    assertEquals(6, r.size());
    assertTrue(r.get(0).success(), () -> r.get(0).transaction().orElseThrow().logs().toString());
    assertEquals(0, tokenAmount(r.get(0).pre().getFirst()));
    assertTrue(r.get(0).pre().get(1).isEmpty(), "no purchase record before the first buy");
    assertEquals(10, tokenAmount(r.get(0).post().getFirst()));
    assertTrue(r.get(0).post().get(1).isPresent());
    // State carries: the second buy starts where the first ended.
    assertEquals(10, tokenAmount(r.get(1).pre().getFirst()));
    assertEquals(17, tokenAmount(r.get(1).post().getFirst()));
    assertEquals(new ChainClock(clockBefore.slot(), end + 1), r.get(2).clock());
    // After the end the program refuses, and the batch goes on.
    Simulation late = r.get(3).transaction().orElseThrow();
    assertEquals(Simulation.FailureMode.PROGRAM_ERROR, late.failureMode());
    assertTrue(late.customError().isPresent(), late.errorText());
    assertEquals(end + 1, r.get(3).clock().unixTimestamp());
    assertEquals(17, tokenAmount(r.get(3).post().getFirst()));
    assertEquals(end - 60, r.get(4).clock().unixTimestamp()); // backward
    assertTrue(r.get(5).success());
    assertNotEquals(before, bytes(keys));

    rpc.revert(id);
    assertEquals(before, bytes(keys));
    assertEquals(clockBefore, clock());

    // One call reverts and runs a sequence; twice gives the same bytes.
    List<Step> again = List.of(new Step.Revert(id), new Step.Transaction(buy(10), watch));
    List<StepResult> first = rpc.execute(again);
    List<StepResult> second = rpc.execute(again);
    assertArrayEquals(first.get(1).post().get(1).orElseThrow().data(), second.get(1).post().get(1).orElseThrow().data());
    assertEquals(first.get(1).clock(), second.get(1).clock());
    rpc.revert(id);
    assertEquals(before, bytes(keys));
    rpc.release(id);
    var gone = assertThrows(ExecException.class, () -> rpc.revert(id));
    assertTrue(gone.getMessage().contains("no snapshot"), gone.getMessage());
    assertFalse(gone.isValidatorGone());
  }

  @Test
  void aMalformedStepChangesNothing() {
    String before = bytes(List.of(market.buyerTokens));
    byte[] truncated = java.util.Arrays.copyOf(buy(1), 40);
    var e = assertThrows(ExecException.class, () -> rpc.execute(List.of(
        new Step.Transaction(buy(10), List.of()), new Step.Transaction(truncated, List.of()))));
    assertTrue(e.getMessage().contains("step 1"), e.getMessage());
    assertEquals(before, bytes(List.of(market.buyerTokens)));
    assertThrows(IllegalArgumentException.class, () -> rpc.execute(List.of(
        new Step.SetClock(T), new Step.Revert("1"))));
  }

  @Test
  void accountsOfOneIdlTypeAreFoundByDiscriminator() {
    List<AccountState> sales = rpc.programAccounts(EscrowProgram.PROGRAM_ID,
        EscrowInstructions.discriminator("account", "Sale"));
    assertEquals(List.of(sale.address()), sales.stream().map(AccountState::address).toList());
    List<AccountState> configs = rpc.programAccounts(EscrowProgram.PROGRAM_ID,
        EscrowInstructions.discriminator("account", "GlobalConfig"));
    assertEquals(List.of(market.config()), configs.stream().map(AccountState::address).toList());
  }

  static ChainClock clock() {
    return rpc.clock();
  }
}
