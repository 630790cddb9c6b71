package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.token.TokenAccount;
import software.sava.core.encoding.Base58;
import software.sava.core.rpc.Filter;
import software.sava.core.tx.Transaction;
import software.sava.rpc.json.http.response.IxError;
import software.sava.rpc.json.http.response.JsonRpcException;
import software.sava.rpc.json.http.response.RpcCustomError;
import software.sava.rpc.json.http.response.TokenBalance;
import software.sava.rpc.json.http.response.TransactionError;
import software.sava.rpc.json.http.response.TxSimulation;
import software.sava.rpc.json.http.response.TxStatus;

/**
 * Every RPC method of the validator called through sava-rpc's SolanaRpcClient and parsed by it.
 * Slots advance only with landed transactions here (slot timer off), so slot arithmetic is exact.
 */
@EmbeddedSolana(slotTimeMillis = 0)
class RpcConformanceTest {

  private static final long SOL = 1_000_000_000L;
  private final URI rpc;
  private final LocalChain solana;

  RpcConformanceTest(URI rpc) {
    this.rpc = rpc;
    this.solana = new LocalChain(rpc);
  }

  /** Nested test classes share the enclosing class's validator. */
  @org.junit.jupiter.api.Nested
  class Nested {
    @Test
    void sharesTheValidator(EmbeddedValidator validator, URI uri) {
      assertEquals(rpc, uri);
      assertEquals(rpc, validator.rpcUri());
      assertTrue(validator.isRunning());
    }
  }

  @Test
  void clusterIdentity() throws Exception {
    var version = solana.rpc.getVersion().join();
    assertEquals("4.3.0", version.version());
    assertTrue(version.featureSet() > 0);
    assertEquals(200, solana.rpc.getHealth().join().code());
    // The genesis hash is base58(sha256("preflight-validator genesis v1")), as README.md documents.
    byte[] expected = MessageDigest.getInstance("SHA-256").digest("preflight-validator genesis v1".getBytes(StandardCharsets.UTF_8));
    assertEquals(Base58.encode(expected), solana.rpc.getGenesisHash().join());
  }

  @Test
  void slotsEpochsAndBlockHeights() {
    long slot = solana.rpc.getSlot().join();
    assertEquals(slot, solana.rpc.getBlockHeight().join().height());
    var epoch = solana.rpc.getEpochInfo().join();
    assertTrue(epoch.absoluteSlot() >= slot);
    assertEquals(432_000, epoch.slotsInEpoch());
    assertEquals(epoch.absoluteSlot() / 432_000, epoch.epoch());
    assertEquals(epoch.absoluteSlot() % 432_000, epoch.slotIndex());
    assertEquals(epoch.absoluteSlot(), epoch.blockHeight());

    // A landed transaction ends its block: the next one starts one slot later.
    Signer payer = solana.fundedSigner(SOL);
    long before = solana.rpc.getSlot().join();
    String sig = solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 10_000_000)), payer);
    assertEquals(before, solana.confirmed(sig).slot());
    assertEquals(before + 1, solana.rpc.getSlot().join());
  }

  @Test
  void latestBlockhashIsValidFor150Blocks() {
    var latest = solana.rpc.getLatestBlockHash().join();
    long height = solana.rpc.getBlockHeight().join().height();
    assertEquals(height + 150, latest.lastValidBlockHeight());
    assertTrue(solana.rpc.isBlockHashValid(latest.blockHash()).join().bool());
    assertFalse(solana.rpc.isBlockHashValid(Base58.encode(new byte[32])).join().bool());
  }

  @Test
  void airdropBalanceAndAccounts() {
    Signer owner = solana.fundedSigner(3 * SOL);
    assertEquals(3 * SOL, solana.rpc.getBalance(owner.publicKey()).join().lamports());

    var info = solana.rpc.getAccountInfo(owner.publicKey()).join();
    assertEquals(3 * SOL, info.lamports());
    assertEquals(LocalChain.SYSTEM_PROGRAM, info.owner());
    assertEquals(0, info.data().length);
    assertFalse(info.executable());

    PublicKey missing = LocalChain.newSigner().publicKey();
    assertNull(solana.rpc.getAccountInfo(missing).join().data());
    var many = solana.rpc.getMultipleAccounts(List.of(owner.publicKey(), LocalChain.TOKEN_PROGRAM)).join();
    assertEquals(2, many.size());
    assertEquals(3 * SOL, many.get(0).lamports());
    assertTrue(many.get(1).executable());

    // Rent: 6,960 lamports per byte-year with the 128-byte account overhead (SIMD-0194 values).
    assertEquals(2_039_280L, solana.rpc.getMinimumBalanceForRentExemption(165).join());
  }

  @Test
  void systemTransferIsRecordedAndFound() {
    Signer payer = solana.fundedSigner(2 * SOL);
    PublicKey to = LocalChain.newSigner().publicKey();
    String sig = solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), to, 50_000_000)), payer);

    TxStatus status = solana.confirmed(sig);
    assertNull(status.error());
    assertEquals(software.sava.rpc.json.http.request.Commitment.FINALIZED, status.confirmationStatus());

    var tx = solana.rpc.getTransaction(sig).join();
    assertTrue(tx.isLegacy());
    assertEquals(status.slot(), tx.slot());
    assertTrue(tx.blockTime().isPresent());
    var meta = tx.meta();
    assertNull(meta.error());
    assertEquals(5_000L, meta.fee());
    assertEquals(List.of(2 * SOL, 0L, 1L), meta.preBalances());
    assertEquals(List.of(2 * SOL - 50_000_000 - 5_000, 50_000_000L, 1L), meta.postBalances());
    assertEquals(150, meta.computeUnitsConsumed());
    assertEquals(List.of("Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"),
        meta.logMessages());
    // The wire bytes come back as sent: the first signature is the transaction id.
    assertEquals(sig, Transaction.getBase58Id(tx.data()));

    var found = solana.rpc.getSignaturesForAddress(to, 10).join();
    assertEquals(1, found.size());
    assertEquals(sig, found.getFirst().signature());
    assertEquals(status.slot(), found.getFirst().slot());
  }

  @Test
  void signaturesForAddressPageNewestFirst() {
    Signer payer = solana.fundedSigner(2 * SOL);
    PublicKey to = LocalChain.newSigner().publicKey();
    var sigs = new java.util.ArrayList<String>();
    for (int i = 0; i < 4; i++) {
      sigs.add(solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), to, 1_000_000 + i)), payer));
    }
    var all = solana.rpc.getSignaturesForAddress(to, 1000).join().stream().map(s -> s.signature()).toList();
    assertEquals(List.of(sigs.get(3), sigs.get(2), sigs.get(1), sigs.get(0)), all);
    assertEquals(List.of(sigs.get(3), sigs.get(2)), solana.rpc.getSignaturesForAddress(to, 2).join().stream().map(s -> s.signature()).toList());
    assertEquals(List.of(sigs.get(1), sigs.get(0)),
        solana.rpc.getSignaturesForAddressBefore(to, 10, sigs.get(2)).join().stream().map(s -> s.signature()).toList());
    assertEquals(List.of(sigs.get(3), sigs.get(2)),
        solana.rpc.getSignaturesForAddressUntil(to, 10, sigs.get(1)).join().stream().map(s -> s.signature()).toList());
    // The payer's history also holds its airdrop, the oldest entry.
    assertEquals(5, solana.rpc.getSignaturesForAddress(payer.publicKey(), 1000).join().size());
  }

  @Test
  void splTokenMintAccountsAndTransfers() {
    Signer payer = solana.fundedSigner(5 * SOL);
    Signer mint = LocalChain.newSigner();
    Signer alice = LocalChain.newSigner();
    Signer bob = LocalChain.newSigner();
    long mintRent = solana.rpc.getMinimumBalanceForRentExemption(82).join();
    solana.sendAndConfirm(List.of(
        LocalChain.createAccount(payer.publicKey(), mint.publicKey(), mintRent, 82, LocalChain.TOKEN_PROGRAM),
        LocalChain.initializeMint2(mint.publicKey(), 6, payer.publicKey())), payer, mint);

    PublicKey aliceAta = LocalChain.associatedTokenAddress(alice.publicKey(), mint.publicKey());
    PublicKey bobAta = LocalChain.associatedTokenAddress(bob.publicKey(), mint.publicKey());
    String create = solana.sendAndConfirm(List.of(
        LocalChain.createAssociatedTokenAccount(payer.publicKey(), alice.publicKey(), mint.publicKey()),
        LocalChain.createAssociatedTokenAccount(payer.publicKey(), bob.publicKey(), mint.publicKey()),
        LocalChain.mintTo(mint.publicKey(), aliceAta, payer.publicKey(), 2_500_000)), payer);
    // The associated token program works through CPIs, which show up as inner instructions.
    var createMeta = solana.rpc.getTransaction(create).join().meta();
    assertFalse(createMeta.innerInstructions().isEmpty());
    assertEquals(0, createMeta.innerInstructions().getFirst().index());
    assertTrue(createMeta.innerInstructions().getFirst().instructions().stream().allMatch(ix -> ix.stackHeight() == 2));

    // alice pays the fee herself, so she must be funded
    solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), alice.publicKey(), SOL)), payer);
    String transfer = solana.sendAndConfirm(List.of(LocalChain.tokenTransfer(aliceAta, bobAta, alice.publicKey(), 1_000_000)), alice);

    var meta = solana.rpc.getTransaction(transfer).join().meta();
    assertEquals(2, meta.preTokenBalances().size());
    assertEquals(new BigInteger("2500000"), amountOf(meta.preTokenBalances(), alice.publicKey()));
    assertEquals(BigInteger.ZERO, amountOf(meta.preTokenBalances(), bob.publicKey()));
    assertEquals(new BigInteger("1500000"), amountOf(meta.postTokenBalances(), alice.publicKey()));
    assertEquals(new BigInteger("1000000"), amountOf(meta.postTokenBalances(), bob.publicKey()));
    assertTrue(meta.postTokenBalances().stream().allMatch(b -> b.decimals() == 6 && b.mint().equals(mint.publicKey())
        && b.programId().equals(LocalChain.TOKEN_PROGRAM)));

    var bobAccount = TokenAccount.read(bobAta, solana.rpc.getAccountInfo(bobAta).join().data());
    assertEquals(1_000_000L, bobAccount.amount());
    assertEquals(bob.publicKey(), bobAccount.owner());

    // getProgramAccounts: token accounts (165 bytes) of this mint (memcmp on the mint at 0).
    var holders = solana.rpc.getProgramAccounts(LocalChain.TOKEN_PROGRAM,
        List.of(Filter.createDataSizeFilter(165), Filter.createMemCompFilter(0, mint.publicKey()))).join();
    assertEquals(java.util.Set.of(aliceAta, bobAta), holders.stream().map(a -> a.pubKey()).collect(java.util.stream.Collectors.toSet()));
    var mints = solana.rpc.getProgramAccounts(LocalChain.TOKEN_PROGRAM,
        List.of(Filter.createDataSizeFilter(82), Filter.createMemCompFilter(4, payer.publicKey()))).join();
    assertEquals(List.of(mint.publicKey()), mints.stream().map(a -> a.pubKey()).toList());
  }

  private static BigInteger amountOf(List<TokenBalance> balances, PublicKey owner) {
    return balances.stream().filter(b -> b.owner().equals(owner)).findFirst().orElseThrow().amount();
  }

  @Test
  void simulateWithoutSignaturesReplacingTheBlockhash() {
    Signer payer = solana.fundedSigner(SOL);
    PublicKey to = LocalChain.newSigner().publicKey();
    Transaction tx = Transaction.createTx(payer.publicKey(), List.of(LocalChain.transfer(payer.publicKey(), to, 20_000_000)));
    tx.setRecentBlockHash(Base58.encode(new byte[32])); // never a valid blockhash
    String unsigned = tx.base64EncodeToString();          // all-zero signature

    long slot = solana.rpc.getSlot().join();
    TxSimulation sim = solana.rpc.simulateTransaction(unsigned, List.of(), List.of(to)).join();
    assertNull(sim.error());
    assertEquals(150, sim.unitsConsumed().orElseThrow());
    assertEquals(2, sim.logs().size());
    assertNotNull(sim.replacementBlockHash());
    assertEquals(solana.rpc.getLatestBlockHash().join().blockHash(), sim.replacementBlockHash().blockhash());
    assertEquals(1, sim.accounts().size());
    assertEquals(20_000_000L, sim.accounts().getFirst().lamports());
    // Simulation changes nothing.
    assertNull(solana.rpc.getAccountInfo(to).join().data());
    assertEquals(slot, solana.rpc.getSlot().join());

    // sigVerify with a zero signature is a -32003 error.
    String raw = solana.call("simulateTransaction", "[\"" + unsigned + "\",{\"encoding\":\"base64\",\"sigVerify\":true}]");
    assertTrue(raw.contains("\"code\":-32003"), raw);
    // Without replaceRecentBlockhash the unknown blockhash is reported as the simulation's error.
    String stale = solana.call("simulateTransaction", "[\"" + unsigned + "\",{\"encoding\":\"base64\"}]");
    assertTrue(stale.contains("\"err\":\"BlockhashNotFound\""), stale);
  }

  @Test
  void simulationReportsProgramErrors() {
    Signer payer = solana.fundedSigner(SOL);
    Transaction tx = Transaction.createTx(payer.publicKey(),
        List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 50 * SOL)));
    TxSimulation sim = solana.rpc.simulateTransaction(tx.base64EncodeToString(), true, false).join();
    var error = assertInstanceOf(TransactionError.InstructionError.class, sim.error());
    assertEquals(0, error.ixIndex());
    assertEquals(new IxError.Custom(1), error.ixError()); // SystemError::ResultWithNegativeLamports
    assertTrue(sim.logs().stream().anyMatch(l -> l.startsWith("Transfer: insufficient lamports")), sim.logs().toString());
  }

  @Test
  void failedPreflightIsMinus32002AndSkipPreflightLandsTheFailure() {
    Signer payer = solana.fundedSigner(SOL);
    PublicKey to = LocalChain.newSigner().publicKey();
    var tooMuch = List.of(LocalChain.transfer(payer.publicKey(), to, 7 * SOL));

    var e = rpcError(() -> solana.send(tooMuch, payer));
    assertEquals(-32002, e.code());
    assertTrue(e.getMessage().startsWith("Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1"), e.getMessage());
    var preflight = assertInstanceOf(RpcCustomError.SendTransactionPreflightFailure.class, e.customError());
    assertInstanceOf(TransactionError.InstructionError.class, preflight.simulation().error());
    assertEquals(SOL, solana.rpc.getBalance(payer.publicKey()).join().lamports(), "preflight failure charges nothing");

    // skipPreflight: the cluster takes the transaction, it fails on chain, the fee is charged.
    Transaction tx = Transaction.createTx(payer.publicKey(), tooMuch);
    tx.setRecentBlockHash(solana.rpc.getLatestBlockHash().join().blockHash());
    tx.sign(payer);
    String sig = solana.rpc.sendTransactionSkipPreflight(tx.base64EncodeToString()).join();
    TxStatus status = solana.confirmed(sig);
    assertInstanceOf(TransactionError.InstructionError.class, status.error());
    var meta = solana.rpc.getTransaction(sig).join().meta();
    assertInstanceOf(TransactionError.InstructionError.class, meta.error());
    assertEquals(5_000L, meta.fee());
    assertEquals(SOL - 5_000, solana.rpc.getBalance(payer.publicKey()).join().lamports());
    assertEquals(sig, solana.rpc.getSignaturesForAddress(payer.publicKey(), 1).join().getFirst().signature());
    assertNotNull(solana.rpc.getSignaturesForAddress(payer.publicKey(), 1).join().getFirst().transactionError());

    // Sending the same transaction again: already processed.
    var again = rpcError(() -> solana.rpc.sendTransaction(tx.base64EncodeToString()).join());
    assertEquals(-32002, again.code());
    assertTrue(again.getMessage().contains("already been processed"), again.getMessage());
  }

  @Test
  void wrongSignatureIsMinus32003() {
    Signer payer = solana.fundedSigner(SOL);
    Transaction tx = Transaction.createTx(payer.publicKey(),
        List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 10_000_000)));
    tx.setRecentBlockHash(solana.rpc.getLatestBlockHash().join().blockHash());
    tx.sign(LocalChain.newSigner()); // signed by someone else
    var e = rpcError(() -> solana.rpc.sendTransaction(tx.base64EncodeToString()).join());
    assertEquals(-32003, e.code());
    assertEquals("Transaction signature verification failure", e.getMessage());
    assertInstanceOf(RpcCustomError.TransactionSignatureVerificationFailure.class, e.customError());
  }

  @Test
  void minContextSlotAboveTheCurrentSlotIsMinus32016() {
    long slot = solana.rpc.getSlot().join();
    var e = rpcError(() -> solana.rpc.getAccountInfo(BigInteger.valueOf(slot + 1_000), LocalChain.TOKEN_PROGRAM).join());
    assertEquals(-32016, e.code());
    assertEquals("Minimum context slot has not been reached", e.getMessage());
    var notReached = assertInstanceOf(RpcCustomError.MinContextSlotNotReached.class, e.customError());
    assertEquals(slot, notReached.contextSlot());
    // At or below the current slot the call succeeds.
    assertTrue(solana.rpc.getAccountInfo(BigInteger.valueOf(slot), LocalChain.TOKEN_PROGRAM).join().executable());
    String raw = solana.call("getBalance", "[\"" + LocalChain.TOKEN_PROGRAM.toBase58() + "\",{\"minContextSlot\":" + (slot + 5) + "}]");
    assertTrue(raw.contains("\"code\":-32016") && raw.contains("\"contextSlot\":" + slot), raw);
  }

  @Test
  void expiredBlockhashFailsPreflight() {
    Signer payer = solana.fundedSigner(SOL);
    String old = solana.rpc.getLatestBlockHash().join().blockHash();
    long slot = solana.rpc.getSlot().join();
    solana.call("surfnet_timeTravel", "[{\"absoluteSlot\":" + (slot + 151) + "}]");
    assertFalse(solana.rpc.isBlockHashValid(old).join().bool());
    Transaction tx = Transaction.createTx(payer.publicKey(),
        List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 10_000_000)));
    tx.setRecentBlockHash(old);
    tx.sign(payer);
    var e = rpcError(() -> solana.rpc.sendTransaction(tx.base64EncodeToString()).join());
    assertEquals(-32002, e.code());
    assertEquals("Transaction simulation failed: Blockhash not found", e.getMessage());
    // Dropped without preflight too: the signature never gets a status.
    String sig = solana.rpc.sendTransactionSkipPreflight(tx.base64EncodeToString()).join();
    assertTrue(solana.rpc.getSignatureStatuses(List.of(sig)).join().get(sig) == null
        || solana.rpc.getSignatureStatuses(List.of(sig)).join().get(sig).nil());
    assertEquals(SOL, solana.rpc.getBalance(payer.publicKey()).join().lamports());
  }

  @Test
  void jsonRpcProtocolErrorsAndBatches() {
    assertTrue(solana.post("not json").contains("\"code\":-32700"));
    assertTrue(solana.post("{\"jsonrpc\":\"2.0\",\"id\":1}").contains("\"code\":-32600"));
    assertTrue(solana.call("getNothing", "[]").contains("\"code\":-32601"));
    String badParams = solana.call("getBalance", "[\"not-an-address\"]");
    assertTrue(badParams.contains("\"code\":-32602") && badParams.contains("Invalid param"), badParams);
    String batch = solana.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSlot\"},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"getSlot\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"getHealth\"}]");
    assertTrue(batch.startsWith("[{\"jsonrpc\":\"2.0\",\"result\":") && batch.contains("\"result\":\"ok\",\"id\":\"b\"}]"), batch);
    assertEquals(2, batch.split("\"jsonrpc\"").length - 1, "the notification gets no response: " + batch);
  }

  @Test
  void accountEncodings() {
    // Token program's account: 36 bytes [2u32][programdata address] under the upgradeable loader.
    String address = LocalChain.TOKEN_PROGRAM.toBase58();
    String base64 = solana.call("getAccountInfo", "[\"" + address + "\",{\"encoding\":\"base64\"}]");
    String b64data = base64.replaceAll(".*\"data\":\\[\"([^\"]*)\",\"base64\"\\].*", "$1");
    byte[] bytes = Base64.getDecoder().decode(b64data);
    assertEquals(36, bytes.length);
    String base58 = solana.call("getAccountInfo", "[\"" + address + "\",{\"encoding\":\"base58\"}]");
    assertTrue(base58.contains("[\"" + Base58.encode(bytes) + "\",\"base58\"]"), base58);
    String binary = solana.call("getAccountInfo", "[\"" + address + "\"]");
    assertTrue(binary.contains("\"data\":\"" + Base58.encode(bytes) + "\""), binary);
    String zstd = solana.call("getAccountInfo", "[\"" + address + "\",{\"encoding\":\"base64+zstd\"}]");
    byte[] frame = Base64.getDecoder().decode(zstd.replaceAll(".*\"data\":\\[\"([^\"]*)\",\"base64\\+zstd\"\\].*", "$1"));
    assertEquals(0xFD2FB528, java.nio.ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    assertArrayEquals(bytes, java.util.Arrays.copyOfRange(frame, frame.length - 36, frame.length));
    // base58 is refused for data above 128 bytes, as Agave does.
    String programData = PublicKey.findProgramAddress(List.of(LocalChain.TOKEN_PROGRAM.toByteArray()), LocalChain.UPGRADEABLE_LOADER).publicKey().toBase58();
    String tooLong = solana.call("getAccountInfo", "[\"" + programData + "\",{\"encoding\":\"base58\"}]");
    assertTrue(tooLong.contains("\"code\":-32602") && tooLong.contains("less than 128 bytes"), tooLong);
    String sliced = solana.call("getAccountInfo", "[\"" + programData + "\",{\"encoding\":\"base58\",\"dataSlice\":{\"offset\":0,\"length\":4}}]");
    assertTrue(sliced.contains("[\"" + Base58.encode(new byte[] {3, 0, 0, 0}) + "\",\"base58\"]"), sliced);
  }

  private static JsonRpcException rpcError(Supplier<?> call) {
    var thrown = assertThrows(RuntimeException.class, call::get);
    Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
    return assertInstanceOf(JsonRpcException.class, cause);
  }
}
