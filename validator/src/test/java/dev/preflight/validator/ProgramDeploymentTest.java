package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.rpc.Filter;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;
import software.sava.rpc.json.http.response.IxError;
import software.sava.rpc.json.http.response.JsonRpcException;
import software.sava.rpc.json.http.response.TransactionError;

/**
 * Programs and accounts preloaded at start-up: an upgradeable program whose ProgramData carries
 * the loader's exact bytes and that LiteSVM executes, loader-v4 programs (with an authority and
 * finalized), a BPFLoader2 program, and account files.
 * The program is the hand-assembled {@link MinimalSbpfProgram} (exit code = first data byte).
 */
class ProgramDeploymentTest {

  private static final Path WORK = Path.of("target", "program-deployment-test");
  private static final Signer AUTHORITY = LocalChain.newSigner();
  private static final PublicKey UPGRADEABLE_ID = LocalChain.newSigner().publicKey();
  private static final PublicKey FINAL_ID = LocalChain.newSigner().publicKey();
  private static final PublicKey V4_ID = LocalChain.newSigner().publicKey();
  private static final PublicKey V4_FINAL_ID = LocalChain.newSigner().publicKey();
  private static final PublicKey LOADER_V4 = PublicKey.fromBase58Encoded("LoaderV411111111111111111111111111111111111");
  private static final PublicKey FILE_ACCOUNT = LocalChain.newSigner().publicKey();
  private static final PublicKey DIR_ACCOUNT = LocalChain.newSigner().publicKey();
  private static final byte[] FILE_DATA = "account loaded from a file".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension
  static final ValidatorExtension VALIDATOR = new ValidatorExtension(() -> {
    try {
      Files.createDirectories(WORK);
      Path so = MinimalSbpfProgram.write(WORK);
      Path accountJson = WORK.resolve("account.json");
      // The shape `solana account --output json` writes; rentEpoch is u64::MAX, beyond 2^53.
      Files.writeString(accountJson, """
          {"pubkey":"%s","account":{"lamports":1234567,"data":["%s","base64"],\
          "owner":"%s","executable":false,"rentEpoch":18446744073709551615,"space":%d}}
          """.formatted(FILE_ACCOUNT.toBase58(), Base64.getEncoder().encodeToString(FILE_DATA),
          LocalChain.TOKEN_PROGRAM.toBase58(), FILE_DATA.length));
      Path accountDir = Files.createDirectories(WORK.resolve("accounts"));
      Files.writeString(accountDir.resolve("system-account.json"), """
          {"pubkey":"%s","account":{"lamports":42000,"data":["","base64"],"owner":"11111111111111111111111111111111",\
          "executable":false,"rentEpoch":0,"space":0}}
          """.formatted(DIR_ACCOUNT.toBase58()));
      return EmbeddedValidator.builder()
          .slotTime(Duration.ZERO)
          .upgradeableProgram(UPGRADEABLE_ID.toBase58(), so, Optional.of(AUTHORITY.publicKey().toBase58()))
          .program(FINAL_ID.toBase58(), so)
          .loaderV4Program(V4_ID.toBase58(), so, Optional.of(AUTHORITY.publicKey().toBase58()))
          .loaderV4Program(V4_FINAL_ID.toBase58(), so, Optional.empty())
          .account("-", accountJson)
          .accountDirectory(accountDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  });

  private final LocalChain solana;

  ProgramDeploymentTest(java.net.URI rpc) {
    this.solana = new LocalChain(rpc);
  }

  private static PublicKey programData(PublicKey programId) {
    return PublicKey.findProgramAddress(List.of(programId.toByteArray()), LocalChain.UPGRADEABLE_LOADER).publicKey();
  }

  @Test
  void upgradeableProgramAccountsHoldTheLoadersBytes() throws IOException {
    byte[] elf = Files.readAllBytes(WORK.resolve("exit_with_first_byte.so"));
    PublicKey programData = programData(UPGRADEABLE_ID);

    var program = solana.rpc.getAccountInfo(UPGRADEABLE_ID).join();
    assertTrue(program.executable());
    assertEquals(LocalChain.UPGRADEABLE_LOADER, program.owner());
    byte[] expectedProgram = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN).putInt(2).put(programData.toByteArray()).array();
    assertArrayEquals(expectedProgram, program.data());
    assertEquals(solana.rpc.getMinimumBalanceForRentExemption(36).join(), program.lamports());

    var data = solana.rpc.getAccountInfo(programData).join();
    assertEquals(LocalChain.UPGRADEABLE_LOADER, data.owner());
    byte[] bytes = data.data();
    assertEquals(45 + elf.length, bytes.length);
    var header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(3, header.getInt(0));                     // UpgradeableLoaderState::ProgramData
    assertTrue(header.getLong(4) <= solana.rpc.getSlot().join()); // deployment slot
    assertEquals(1, bytes[12]);                             // Some(authority)
    assertArrayEquals(AUTHORITY.publicKey().toByteArray(), Arrays.copyOfRange(bytes, 13, 45));
    assertArrayEquals(elf, Arrays.copyOfRange(bytes, 45, bytes.length));
    assertEquals(solana.rpc.getMinimumBalanceForRentExemption(bytes.length).join(), data.lamports());

    // Found by upgrade authority, the way an audit looks programs up.
    var byAuthority = solana.rpc.getProgramAccounts(LocalChain.UPGRADEABLE_LOADER,
        List.of(Filter.createMemCompFilter(13, AUTHORITY.publicKey()))).join();
    assertEquals(List.of(programData), byAuthority.stream().map(a -> a.pubKey()).toList());
  }

  @Test
  void upgradeableProgramExecutes() {
    Signer payer = solana.fundedSigner(1_000_000_000L);
    String ok = solana.sendAndConfirm(List.of(invoke(UPGRADEABLE_ID, new byte[0])), payer);
    var meta = solana.rpc.getTransaction(ok).join().meta();
    assertNull(meta.error());
    assertEquals("Program " + UPGRADEABLE_ID.toBase58() + " success", meta.logMessages().getLast());
    assertEquals(4, meta.computeUnitsConsumed()); // four SBPF instructions on the no-data path

    var e = assertThrows(CompletionException.class, () -> solana.send(List.of(invoke(UPGRADEABLE_ID, new byte[] {7})), payer));
    var rpcError = assertInstanceOf(JsonRpcException.class, e.getCause());
    assertEquals(-32002, rpcError.code());
    assertEquals("Transaction simulation failed: Error processing Instruction 0: custom program error: 0x7", rpcError.getMessage());

    var sim = solana.rpc.simulateTransaction(Transaction.createTx(payer.publicKey(),
        List.of(invoke(UPGRADEABLE_ID, new byte[] {42}))).base64EncodeToString(), true, false).join();
    var error = assertInstanceOf(TransactionError.InstructionError.class, sim.error());
    assertEquals(new IxError.Custom(42), error.ixError());
  }

  @Test
  void nonUpgradeableProgramExecutes() {
    var account = solana.rpc.getAccountInfo(FINAL_ID).join();
    assertEquals(PublicKey.fromBase58Encoded("BPFLoader2111111111111111111111111111111111"), account.owner());
    assertTrue(account.executable());
    Signer payer = solana.fundedSigner(1_000_000_000L);
    var sim = solana.rpc.simulateTransaction(Transaction.createTx(payer.publicKey(),
        List.of(invoke(FINAL_ID, new byte[] {3}))).base64EncodeToString(), true, false).join();
    assertEquals(new IxError.Custom(3), assertInstanceOf(TransactionError.InstructionError.class, sim.error()).ixError());
  }

  @Test
  void loaderV4ProgramsHoldTheLoadersHeaderAndFailAsAgave4Does() throws IOException {
    byte[] elf = Files.readAllBytes(WORK.resolve("exit_with_first_byte.so"));
    long slot = solana.rpc.getSlot().join();
    Signer payer = solana.fundedSigner(1_000_000_000L);
    for (PublicKey id : List.of(V4_ID, V4_FINAL_ID)) {
      var account = solana.rpc.getAccountInfo(id).join();
      assertEquals(LOADER_V4, account.owner());
      assertTrue(account.executable());
      byte[] bytes = account.data();
      assertEquals(48 + elf.length, bytes.length);
      var header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      assertTrue(header.getLong(0) <= slot);                // deployment slot
      boolean finalized = id.equals(V4_FINAL_ID);
      // authority while deployed; once finalized, the next version (the program itself here)
      byte[] expected = (finalized ? id : AUTHORITY.publicKey()).toByteArray();
      assertArrayEquals(expected, Arrays.copyOfRange(bytes, 8, 40));
      assertEquals(finalized ? 2 : 1, header.getLong(40));  // LoaderV4Status Finalized / Deployed
      assertArrayEquals(elf, Arrays.copyOfRange(bytes, 48, bytes.length));
      assertEquals(solana.rpc.getMinimumBalanceForRentExemption(bytes.length).join(), account.lamports());

      // Agave 4.1 removed the loader-v4 builtin; the runtime refuses the program as devnet does.
      var sim = solana.rpc.simulateTransaction(Transaction.createTx(payer.publicKey(),
          List.of(invoke(id, new byte[0]))).base64EncodeToString(), true, false).join();
      var error = assertInstanceOf(TransactionError.InstructionError.class, sim.error());
      assertInstanceOf(IxError.UnsupportedProgramId.class, error.ixError());
    }
    // The server survived the refused invocations and still executes other programs.
    var ok = solana.rpc.simulateTransaction(Transaction.createTx(payer.publicKey(),
        List.of(invoke(FINAL_ID, new byte[0]))).base64EncodeToString(), true, false).join();
    assertNull(ok.error());
    var stub = solana.rpc.getAccountInfo(LOADER_V4).join();
    assertEquals(PublicKey.fromBase58Encoded("NativeLoader1111111111111111111111111111111"), stub.owner());
    assertArrayEquals("loader_v4".getBytes(StandardCharsets.US_ASCII), stub.data());
  }

  @Test
  void accountFileIsLoadedExactly() {
    var account = solana.rpc.getAccountInfo(FILE_ACCOUNT).join();
    assertEquals(1_234_567L, account.lamports());
    assertEquals(LocalChain.TOKEN_PROGRAM, account.owner());
    assertArrayEquals(FILE_DATA, account.data());
    assertEquals(new java.math.BigInteger("18446744073709551615"), account.rentEpoch());

    var fromDirectory = solana.rpc.getAccountInfo(DIR_ACCOUNT).join();
    assertEquals(42_000L, fromDirectory.lamports());
    assertEquals(LocalChain.SYSTEM_PROGRAM, fromDirectory.owner());
  }

  @Test
  void setProgramAuthorityRewritesTheHeaderAsTheLoaderDoes() {
    // A second program, so the authority change does not disturb the other tests.
    PublicKey programId = LocalChain.newSigner().publicKey();
    PublicKey newAuthority = LocalChain.newSigner().publicKey();
    byte[] elf = MinimalSbpfProgram.elf();
    PublicKey programData = programData(programId);
    byte[] data = ByteBuffer.allocate(45 + elf.length).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(3).putLong(7).put((byte) 1).put(AUTHORITY.publicKey().toByteArray()).put(elf).array();
    setAccount(programData, solana.rpc.getMinimumBalanceForRentExemption(data.length).join(), data, false);
    byte[] program = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN).putInt(2).put(programData.toByteArray()).array();
    setAccount(programId, solana.rpc.getMinimumBalanceForRentExemption(36).join(), program, true);

    solana.call("surfnet_setProgramAuthority", "[\"" + programId.toBase58() + "\",\"" + newAuthority.toBase58() + "\"]");
    byte[] after = solana.rpc.getAccountInfo(programData).join().data();
    assertEquals(1, after[12]);
    assertArrayEquals(newAuthority.toByteArray(), Arrays.copyOfRange(after, 13, 45));

    solana.call("surfnet_setProgramAuthority", "[\"" + programId.toBase58() + "\",null]");
    byte[] immutable = solana.rpc.getAccountInfo(programData).join().data();
    assertEquals(0, immutable[12]);
    // bincode writes only the None tag: the old key bytes stay, as after `--final` on a cluster.
    assertArrayEquals(newAuthority.toByteArray(), Arrays.copyOfRange(immutable, 13, 45));
    assertArrayEquals(elf, Arrays.copyOfRange(immutable, 45, immutable.length));

    // The program set through surfnet_setAccount executes too.
    Signer payer = solana.fundedSigner(1_000_000_000L);
    solana.sendAndConfirm(List.of(invoke(programId, new byte[0])), payer);
  }

  private void setAccount(PublicKey address, long lamports, byte[] data, boolean executable) {
    String response = solana.call("surfnet_setAccount", "[\"%s\",{\"lamports\":%d,\"data\":\"%s\",\"owner\":\"%s\",\"executable\":%s}]"
        .formatted(address.toBase58(), lamports, java.util.HexFormat.of().formatHex(data), LocalChain.UPGRADEABLE_LOADER.toBase58(), executable));
    assertTrue(response.contains("\"result\""), response);
  }

  private static Instruction invoke(PublicKey program, byte[] data) {
    return Instruction.createInstruction(program, List.<AccountMeta>of(), data);
  }
}
