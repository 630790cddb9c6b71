package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.sysvar.Clock;
import software.sava.core.accounts.token.AccountState;
import software.sava.core.accounts.token.TokenAccount;

/** The surfpool-named cheatcodes, checked through the standard methods that read their effects. */
@EmbeddedSolana(slotTimeMillis = 0)
class CheatcodeTest {

  private static final PublicKey CLOCK = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");
  private final LocalChain solana;

  CheatcodeTest(URI rpc) {
    this.solana = new LocalChain(rpc);
  }

  private Clock clock() {
    return Clock.read(solana.rpc.getAccountInfo(CLOCK).join().data());
  }

  @Test
  void setAccountCreatesAndPatches() {
    PublicKey address = LocalChain.newSigner().publicKey();
    String created = solana.call("surfnet_setAccount", "[\"" + address.toBase58()
        + "\",{\"lamports\":5000000,\"data\":\"deadbeef01\",\"owner\":\"" + LocalChain.TOKEN_PROGRAM.toBase58() + "\"}]");
    assertTrue(created.contains("\"result\":{\"context\":{") && created.contains("\"value\":null"), created);
    var account = solana.rpc.getAccountInfo(address).join();
    assertEquals(5_000_000L, account.lamports());
    assertArrayEquals(HexFormat.of().parseHex("deadbeef01"), account.data());
    assertEquals(LocalChain.TOKEN_PROGRAM, account.owner());

    // Only lamports change; data and owner stay.
    solana.call("surfnet_setAccount", "[\"" + address.toBase58() + "\",{\"lamports\":7}]");
    var patched = solana.rpc.getAccountInfo(address).join();
    assertEquals(7L, patched.lamports());
    assertArrayEquals(HexFormat.of().parseHex("deadbeef01"), patched.data());

    // The account is visible to getProgramAccounts, like any other.
    assertTrue(solana.rpc.getProgramAccounts(LocalChain.TOKEN_PROGRAM).join().stream().anyMatch(a -> a.pubKey().equals(address)));

    String badHex = solana.call("surfnet_setAccount", "[\"" + address.toBase58() + "\",{\"data\":\"xyz\"}]");
    assertTrue(badHex.contains("\"code\":-32602") && badHex.contains("Invalid hex data"), badHex);
  }

  @Test
  void setAccountFundsASigner() {
    Signer payer = LocalChain.newSigner();
    solana.call("surfnet_setAccount", "[\"" + payer.publicKey().toBase58() + "\",{\"lamports\":1000000000}]");
    String sig = solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 5_000_000)), payer);
    assertEquals(1_000_000_000L - 5_000_000L - 5_000L, solana.rpc.getBalance(payer.publicKey()).join().lamports(), sig);
  }

  @Test
  void timeTravelMovesSlotEpochAndClock() {
    Clock before = clock();
    long slot = solana.rpc.getSlot().join();
    assertEquals(slot, before.slot());

    String toSlot = solana.call("surfnet_timeTravel", "[{\"absoluteSlot\":" + (slot + 1000) + "}]");
    assertTrue(toSlot.contains("\"absoluteSlot\":" + (slot + 1000)), toSlot);
    Clock afterSlot = clock();
    assertEquals(slot + 1000, afterSlot.slot());
    assertEquals(slot + 1000, solana.rpc.getSlot().join());
    // 1,000 slots at 400 ms: the Clock moves about 400 s forward.
    assertTrue(afterSlot.unixTimestamp() - before.unixTimestamp() >= 399, afterSlot + " vs " + before);

    long epoch = solana.rpc.getEpochInfo().join().epoch();
    solana.call("surfnet_timeTravel", "[{\"absoluteEpoch\":" + (epoch + 2) + "}]");
    var info = solana.rpc.getEpochInfo().join();
    assertEquals(epoch + 2, info.epoch());
    assertEquals(0, info.slotIndex());
    Clock afterEpoch = clock();
    assertEquals(epoch + 2, afterEpoch.epoch());
    assertEquals(afterEpoch.unixTimestamp(), afterEpoch.epochStartTimestamp());
    assertEquals(epoch + 3, afterEpoch.leaderScheduleEpoch());

    // Milliseconds, as surfpool takes them: the Clock reads the target second.
    long targetMs = (afterEpoch.unixTimestamp() + 86_400L) * 1000L;
    solana.call("surfnet_timeTravel", "[{\"absoluteTimestamp\":" + targetMs + "}]");
    Clock afterTime = clock();
    assertTrue(Math.abs(afterTime.unixTimestamp() - targetMs / 1000) <= 1, afterTime.toString());
    // Slots follow at 400 ms each (a few slots of slack for the sub-second part of the clock).
    assertTrue(Math.abs(afterTime.slot() - (afterEpoch.slot() + 86_400_000L / 400)) <= 5, afterTime.toString());

    String past = solana.call("surfnet_timeTravel", "[{\"absoluteSlot\":1}]");
    assertTrue(past.contains("\"code\":-32602") && past.contains("past slot"), past);
  }

  @Test
  void setTokenAccountWritesTheAssociatedTokenAccount() {
    Signer payer = solana.fundedSigner(2_000_000_000L);
    Signer mint = LocalChain.newSigner();
    long rent = solana.rpc.getMinimumBalanceForRentExemption(82).join();
    solana.sendAndConfirm(List.of(
        LocalChain.createAccount(payer.publicKey(), mint.publicKey(), rent, 82, LocalChain.TOKEN_PROGRAM),
        LocalChain.initializeMint2(mint.publicKey(), 9, payer.publicKey())), payer, mint);

    Signer ownerSigner = LocalChain.newSigner();
    PublicKey owner = ownerSigner.publicKey();
    PublicKey delegate = LocalChain.newSigner().publicKey();
    String response = solana.call("surfnet_setTokenAccount", "[\"%s\",\"%s\",{\"amount\":123456789,\"delegate\":\"%s\",\"delegatedAmount\":5}]"
        .formatted(owner.toBase58(), mint.publicKey().toBase58(), delegate.toBase58()));
    assertTrue(response.contains("\"value\":null"), response);

    PublicKey ata = LocalChain.associatedTokenAddress(owner, mint.publicKey());
    var info = solana.rpc.getAccountInfo(ata).join();
    assertEquals(LocalChain.TOKEN_PROGRAM, info.owner());
    assertEquals(2_039_280L, info.lamports());
    var token = TokenAccount.read(ata, info.data());
    assertEquals(123_456_789L, token.amount());
    assertEquals(owner, token.owner());
    assertEquals(mint.publicKey(), token.mint());
    assertEquals(delegate, token.delegate());
    assertEquals(5L, token.delegatedAmount());
    assertEquals(AccountState.Initialized, token.state());

    // The SPL Token program accepts the account: the owner spends from it.
    PublicKey other = LocalChain.newSigner().publicKey();
    solana.call("surfnet_setTokenAccount", "[\"%s\",\"%s\",{}]".formatted(other.toBase58(), mint.publicKey().toBase58()));
    solana.call("surfnet_setAccount", "[\"" + owner.toBase58() + "\",{\"lamports\":1000000000}]");
    PublicKey otherAta = LocalChain.associatedTokenAddress(other, mint.publicKey());
    solana.sendAndConfirm(List.of(LocalChain.tokenTransfer(ata, otherAta, owner, 23_456_789)), ownerSigner);
    assertEquals(100_000_000L, TokenAccount.read(ata, solana.rpc.getAccountInfo(ata).join().data()).amount());
    assertEquals(23_456_789L, TokenAccount.read(otherAta, solana.rpc.getAccountInfo(otherAta).join().data()).amount());

    solana.call("surfnet_setTokenAccount", "[\"%s\",\"%s\",{\"state\":\"frozen\"}]".formatted(owner.toBase58(), mint.publicKey().toBase58()));
    assertEquals(AccountState.Frozen, TokenAccount.read(ata, solana.rpc.getAccountInfo(ata).join().data()).state());
  }

  @Test
  void pauseAndResumeClock() {
    assertTrue(solana.call("surfnet_pauseClock", "[]").contains("\"absoluteSlot\""));
    assertTrue(solana.call("surfnet_resumeClock", "[]").contains("\"absoluteSlot\""));
  }
}
