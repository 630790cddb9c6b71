package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.lookup.AddressLookupTable;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.encoding.Base58;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;
import software.sava.rpc.json.http.response.JsonRpcException;

/**
 * Behaviour a cluster has and tests rely on: durable nonces outliving blockhashes, versioned
 * transactions through address lookup tables, fees as charged, slots that move with time.
 */
@EmbeddedSolana(slotTimeMillis = 0)
class LedgerRealismTest {

  private static final PublicKey RECENT_BLOCKHASHES = PublicKey.fromBase58Encoded("SysvarRecentB1ockHashes11111111111111111111");
  private static final PublicKey RENT = PublicKey.fromBase58Encoded("SysvarRent111111111111111111111111111111111");
  private static final PublicKey LOOKUP_TABLE_PROGRAM = PublicKey.fromBase58Encoded("AddressLookupTab1e1111111111111111111111111");
  private final LocalChain solana;

  LedgerRealismTest(URI rpc) {
    this.solana = new LocalChain(rpc);
  }

  @Test
  void durableNonceTransactionLandsAfterItsBlockhashExpired() {
    Signer payer = solana.fundedSigner(2_000_000_000L);
    Signer nonce = LocalChain.newSigner();
    long rent = solana.rpc.getMinimumBalanceForRentExemption(80).join();
    byte[] init = LocalChain.le(36).putInt(6).put(payer.publicKey().toByteArray()).array(); // InitializeNonceAccount
    solana.sendAndConfirm(List.of(
        LocalChain.createAccount(payer.publicKey(), nonce.publicKey(), rent, 80, LocalChain.SYSTEM_PROGRAM),
        Instruction.createInstruction(LocalChain.SYSTEM_PROGRAM, List.of(AccountMeta.createWrite(nonce.publicKey()),
            AccountMeta.createRead(RECENT_BLOCKHASHES), AccountMeta.createRead(RENT)), init)), payer, nonce);
    String storedNonce = durableNonce(nonce.publicKey());

    long slot = solana.rpc.getSlot().join();
    solana.call("surfnet_timeTravel", "[{\"absoluteSlot\":" + (slot + 300) + "}]");

    PublicKey to = LocalChain.newSigner().publicKey();
    Instruction advance = Instruction.createInstruction(LocalChain.SYSTEM_PROGRAM, List.of(AccountMeta.createWrite(nonce.publicKey()),
        AccountMeta.createRead(RECENT_BLOCKHASHES), AccountMeta.createReadOnlySigner(payer.publicKey())),
        LocalChain.le(4).putInt(4).array()); // AdvanceNonceAccount
    Transaction tx = Transaction.createTx(payer.publicKey(), List.of(advance, LocalChain.transfer(payer.publicKey(), to, 3_000_000)));
    tx.setRecentBlockHash(storedNonce);
    tx.sign(payer);
    String sig = solana.rpc.sendTransaction(tx.base64EncodeToString()).join();
    assertNull(solana.confirmed(sig).error());
    assertEquals(3_000_000L, solana.rpc.getBalance(to).join().lamports());
    assertNotEquals(storedNonce, durableNonce(nonce.publicKey()), "the nonce advanced");

    // The same nonce cannot be used twice.
    Transaction replay = Transaction.createTx(payer.publicKey(), List.of(advance, LocalChain.transfer(payer.publicKey(), to, 4_000_000)));
    replay.setRecentBlockHash(storedNonce);
    replay.sign(payer);
    var e = assertThrows(CompletionException.class, () -> solana.rpc.sendTransaction(replay.base64EncodeToString()).join());
    assertEquals(-32002, ((JsonRpcException) e.getCause()).code());
  }

  private String durableNonce(PublicKey nonce) {
    byte[] data = solana.rpc.getAccountInfo(nonce).join().data();
    assertEquals(80, data.length);
    return Base58.encode(Arrays.copyOfRange(data, 40, 72)); // Versions::Current(State::Initialized(Data))
  }

  @Test
  void versionedTransactionThroughALookupTable() {
    Signer payer = solana.fundedSigner(3_000_000_000L);
    long recentSlot = solana.rpc.getSlot().join();
    byte[] slotBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(recentSlot).array();
    var pda = PublicKey.findProgramAddress(List.of(payer.publicKey().toByteArray(), slotBytes), LOOKUP_TABLE_PROGRAM);
    PublicKey table = pda.publicKey();
    // ProgramInstruction::CreateLookupTable { recent_slot, bump_seed }, then ExtendLookupTable.
    byte[] create = LocalChain.le(13).putInt(0).putLong(recentSlot).put((byte) pda.nonce()).array();
    PublicKey a = LocalChain.newSigner().publicKey();
    PublicKey b = LocalChain.newSigner().publicKey();
    var extend = LocalChain.le(4 + 8 + 64).putInt(2).putLong(2).put(a.toByteArray()).put(b.toByteArray()).array();
    var tableAccounts = List.of(AccountMeta.createWrite(table), AccountMeta.createReadOnlySigner(payer.publicKey()),
        AccountMeta.createWritableSigner(payer.publicKey()), AccountMeta.createRead(LocalChain.SYSTEM_PROGRAM));
    solana.sendAndConfirm(List.of(Instruction.createInstruction(LOOKUP_TABLE_PROGRAM, tableAccounts, create)), payer);
    solana.sendAndConfirm(List.of(Instruction.createInstruction(LOOKUP_TABLE_PROGRAM, tableAccounts, extend)), payer);

    var lookupTable = AddressLookupTable.read(table, solana.rpc.getAccountInfo(table).join().data());
    Transaction tx = Transaction.createTx(payer.publicKey(), List.of(
        LocalChain.transfer(payer.publicKey(), a, 10_000_000), LocalChain.transfer(payer.publicKey(), b, 20_000_000)), lookupTable);
    tx.setRecentBlockHash(solana.rpc.getLatestBlockHash().join().blockHash());
    tx.sign(payer);
    String sig = solana.rpc.sendTransaction(tx.base64EncodeToString()).join();
    solana.confirmed(sig);

    var read = solana.rpc.getTransaction(sig).join(); // sava asks with maxSupportedTransactionVersion 0
    assertEquals(0, read.version());
    var loaded = read.meta().loadedAddresses().writable();
    assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(loaded));
    // Keys: payer, System Program (static), then the table's writable entries in lookup order.
    var post = read.meta().postBalances();
    assertEquals(1L, post.get(1));
    assertEquals(10_000_000L, post.get(2 + loaded.indexOf(a)));
    assertEquals(20_000_000L, post.get(2 + loaded.indexOf(b)));
    assertEquals(5_000L, read.meta().fee());

    // A client that does not declare v0 support gets -32015, as from Agave.
    String legacyClient = solana.call("getTransaction", "[\"" + sig + "\",{\"encoding\":\"json\"}]");
    assertTrue(legacyClient.contains("\"code\":-32015") && legacyClient.contains("maxSupportedTransactionVersion"), legacyClient);
    String json = solana.call("getTransaction", "[\"" + sig + "\",{\"encoding\":\"json\",\"maxSupportedTransactionVersion\":0}]");
    assertTrue(json.contains("\"version\":0"), json);
    String indexes = loaded.get(0).equals(a) ? "[0,1]" : "[1,0]"; // table order is a, b
    assertTrue(json.contains("\"addressTableLookups\":[{\"accountKey\":\"" + table.toBase58() + "\",\"writableIndexes\":" + indexes
        + ",\"readonlyIndexes\":[]}]"), json);
    assertTrue(json.contains("\"loadedAddresses\":{\"writable\":[\"" + loaded.get(0).toBase58() + "\",\"" + loaded.get(1).toBase58()
        + "\"],\"readonly\":[]}"), json);
  }

  @Test
  void feesFollowSignaturesAndPriority() {
    Signer payer = solana.fundedSigner(2_000_000_000L);
    Signer second = solana.fundedSigner(1_000_000_000L);
    PublicKey to = LocalChain.newSigner().publicKey();
    // Two signers: 2 x 5,000 lamports.
    String two = solana.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), to, 5_000_000),
        LocalChain.transfer(second.publicKey(), to, 5_000_000)), payer, second);
    assertEquals(10_000L, solana.rpc.getTransaction(two).join().meta().fee());

    // ComputeBudget: limit 10,000 CU at 1,000,000 micro-lamports/CU = 10,000 lamports priority fee.
    PublicKey computeBudget = LocalChain.ACCOUNTS.computeBudgetProgram();
    var limit = Instruction.createInstruction(computeBudget, List.of(), LocalChain.le(5).put((byte) 2).putInt(10_000).array());
    var price = Instruction.createInstruction(computeBudget, List.of(), LocalChain.le(9).put((byte) 3).putLong(1_000_000).array());
    var instructions = List.of(limit, price, LocalChain.transfer(payer.publicKey(), to, 1_000_000));
    Transaction tx = Transaction.createTx(payer.publicKey(), instructions);
    tx.setRecentBlockHash(solana.rpc.getLatestBlockHash().join().blockHash());
    byte[] serialized = tx.serialized();
    String message = Base64.getEncoder().encodeToString(Arrays.copyOfRange(serialized, 65, serialized.length));
    assertEquals(15_000L, solana.rpc.getFeeForMessage(message).join().fee());
    String sig = solana.sendAndConfirm(instructions, payer);
    assertEquals(15_000L, solana.rpc.getTransaction(sig).join().meta().fee());
  }

  @Test
  void slotsAdvanceWithTimeAndBlockhashesChange() throws InterruptedException {
    try (var validator = EmbeddedValidator.builder().slotTime(Duration.ofMillis(20)).start()) {
      var other = new LocalChain(validator.rpcUri());
      long slot = other.rpc.getSlot().join();
      String hash = other.rpc.getLatestBlockHash().join().blockHash();
      Thread.sleep(300);
      assertTrue(other.rpc.getSlot().join() > slot + 3);
      assertNotEquals(hash, other.rpc.getLatestBlockHash().join().blockHash());
      assertTrue(other.rpc.isBlockHashValid(hash).join().bool(), "still within 150 blocks");
    }
  }
}
