package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.validator.EmbeddedValidator;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * The real programs in the embedded validator (System, and SPL Token and Token-2022 as LiteSVM bundles
 * them) execute instructions encoded from their Codama IDLs, and the accounts they write decode with the
 * same IDLs: the decoded fields are the bytes the program wrote, and re-encoding gives those bytes back.
 */
class CodamaOnValidatorTest {

  private static final PublicKey SYSTEM = PublicKey.fromBase58Encoded("11111111111111111111111111111111");

  @Test
  void systemTokenAndToken2022RunInstructionsEncodedFromTheirCodamaIdls() throws Exception {
    Idl system = CodamaIdls.load(CodamaIdls.SYSTEM);
    Idl token = CodamaIdls.load(CodamaIdls.TOKEN);
    Idl token2022 = CodamaIdls.load(CodamaIdls.TOKEN_2022);
    try (EmbeddedValidator v = EmbeddedValidator.builder().start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      Signer payer = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      rpc.airdrop(payer.publicKey(), 100_000_000_000L);

      // System: transferSol moves exactly the amount.
      PublicKey receiver = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes()).publicKey();
      send(rpc, payer, system, "transferSol", ordered("source", payer.publicKey(), "destination", receiver),
          Map.of("amount", u64(5_000_000)), List.of(payer));
      assertEquals(5_000_000, rpc.account(receiver).orElseThrow().lamports());

      for (Idl t : List.of(token, token2022)) {
        PublicKey program = t.address().orElseThrow();
        Signer mint = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
        Signer mintAuthority = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
        Signer owner = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
        Signer source = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
        Signer destination = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());

        // System createAccount (Codama) then Token initializeMint2 (Codama).
        createAccount(rpc, payer, system, mint, 82, program);
        send(rpc, payer, t, "initializeMint2", ordered("mint", mint.publicKey()), Map.of(
            "decimals", IdlValue.IntValue.of(PrimitiveKind.U8, 6),
            "mintAuthority", new IdlValue.PubkeyValue(mintAuthority.publicKey()),
            "freezeAuthority", IdlValue.OptionValue.none()), List.of());
        for (Signer account : List.of(source, destination)) {
          createAccount(rpc, payer, system, account, 165, program);
          send(rpc, payer, t, "initializeAccount3", ordered("account", account.publicKey(), "mint", mint.publicKey()),
              Map.of("owner", new IdlValue.PubkeyValue(owner.publicKey())), List.of());
        }
        send(rpc, payer, t, "mintTo", ordered("mint", mint.publicKey(), "token", source.publicKey(),
            "mintAuthority", mintAuthority.publicKey()), Map.of("amount", u64(1_000_000)), List.of(mintAuthority));
        send(rpc, payer, t, "transfer", ordered("source", source.publicKey(), "destination", destination.publicKey(),
            "authority", owner.publicKey()), Map.of("amount", u64(300_001)), List.of(owner));
        send(rpc, payer, t, "burn", ordered("account", destination.publicKey(), "mint", mint.publicKey(),
            "authority", owner.publicKey()), Map.of("amount", u64(1)), List.of(owner));

        // The accounts the program wrote, decoded with the Codama model and compared with the bytes.
        byte[] mintData = data(rpc, mint.publicKey(), program);
        Idl.DecodedAccount m = t.decodeAccount(mintData).orElseThrow();
        assertEquals("mint", m.name(), t.name());
        assertEquals(BigInteger.valueOf(1_000_000 - 1), integer(m.value(), "supply"));
        assertEquals(1_000_000 - 1, le64(mintData, 36), "supply is the u64 at offset 36");
        assertEquals(BigInteger.valueOf(6), integer(m.value(), "decimals"));
        assertEquals(mintAuthority.publicKey(), m.value().at("mintAuthority").orElseThrow().publicKey().orElseThrow());
        assertEquals(IdlValue.OptionValue.none(), m.value().at("freezeAuthority").orElseThrow(), "no freeze authority");
        assertEquals(true, ((IdlValue.BoolValue) m.value().at("isInitialized").orElseThrow()).value());
        assertArrayEquals(mintData, t.encodeAccount("mint", m.value()), "re-encoding gives the program's bytes");

        long[] expected = {1_000_000 - 300_001, 300_001 - 1};
        Signer[] accounts = {source, destination};
        for (int i = 0; i < 2; i++) {
          byte[] d = data(rpc, accounts[i].publicKey(), program);
          Idl.DecodedAccount a = t.decodeAccount(d).orElseThrow();
          assertEquals("token", a.name(), t.name());
          assertEquals(BigInteger.valueOf(expected[i]), integer(a.value(), "amount"));
          assertEquals(expected[i], le64(d, 64), "amount is the u64 at offset 64");
          assertEquals(mint.publicKey(), a.value().at("mint").orElseThrow().publicKey().orElseThrow());
          assertEquals(owner.publicKey(), a.value().at("owner").orElseThrow().publicKey().orElseThrow());
          assertEquals("initialized", ((IdlValue.EnumValue) a.value().at("state").orElseThrow()).variant());
          assertArrayEquals(d, t.encodeAccount("token", a.value()));
        }
      }
    }
  }

  @Test
  void aProgramErrorHasItsCodamaName() throws Exception {
    Idl system = CodamaIdls.load(CodamaIdls.SYSTEM);
    Idl token = CodamaIdls.load(CodamaIdls.TOKEN);
    try (EmbeddedValidator v = EmbeddedValidator.builder().start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      Signer payer = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      rpc.airdrop(payer.publicKey(), 10_000_000_000L);
      PublicKey program = token.address().orElseThrow();
      Signer mint = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      Signer authority = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      Signer account = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      createAccount(rpc, payer, system, mint, 82, program);
      send(rpc, payer, token, "initializeMint2", ordered("mint", mint.publicKey()), Map.of(
          "decimals", IdlValue.IntValue.of(PrimitiveKind.U8, 0),
          "mintAuthority", new IdlValue.PubkeyValue(authority.publicKey()),
          "freezeAuthority", IdlValue.OptionValue.none()), List.of());
      createAccount(rpc, payer, system, account, 165, program);
      send(rpc, payer, token, "initializeAccount3", ordered("account", account.publicKey(), "mint", mint.publicKey()),
          Map.of("owner", new IdlValue.PubkeyValue(authority.publicKey())), List.of());
      // Burning from an empty account: the program answers with its custom error 1.
      RpcValidator.SendResult r = sendForResult(rpc, payer, token, "burn", ordered("account", account.publicKey(),
          "mint", mint.publicKey(), "authority", authority.publicKey()), Map.of("amount", u64(5)), List.of(authority));
      assertTrue(!r.landed(), "burning more than the balance must fail");
      int code = r.error().orElseThrow().path("InstructionError").path(1).path("Custom").asInt(-1);
      assertEquals("insufficientFunds", token.error(code).orElseThrow().name());
      assertEquals("insufficientFunds (custom error 1): Insufficient funds", token.error(code).orElseThrow().describe());
    }
  }

  /**
   * Token-2022 extensions as the program writes them (83 bytes of padding after the 82-byte mint,
   * the account-type byte, then type-length-value entries) decode with the Codama IDL's remainder
   * option, hidden prefix, size-prefixed enum variants and zeroable options, and re-encode to the
   * same bytes.
   */
  @Test
  void token2022ExtensionsDecodeFromTheProgramsBytes() throws Exception {
    Idl system = CodamaIdls.load(CodamaIdls.SYSTEM);
    Idl t22 = CodamaIdls.load(CodamaIdls.TOKEN_2022);
    try (EmbeddedValidator v = EmbeddedValidator.builder().start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      Signer payer = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      rpc.airdrop(payer.publicKey(), 10_000_000_000L);
      PublicKey program = t22.address().orElseThrow();
      Signer mint = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      Signer account = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
      PublicKey closer = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes()).publicKey();
      PublicKey pointerAuthority = Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes()).publicKey();
      // 82 + 83 padding + 1 type byte, then (2 + 2 + 32) close authority and (2 + 2 + 64) metadata pointer
      createAccount(rpc, payer, system, mint, 82 + 83 + 1 + 36 + 68, program);
      send(rpc, payer, t22, "initializeMintCloseAuthority", ordered("mint", mint.publicKey()),
          Map.of("closeAuthority", IdlValue.OptionValue.some(new IdlValue.PubkeyValue(closer))), List.of());
      send(rpc, payer, t22, "initializeMetadataPointer", ordered("mint", mint.publicKey()), Map.of(
          "authority", IdlValue.OptionValue.some(new IdlValue.PubkeyValue(pointerAuthority)),
          "metadataAddress", IdlValue.OptionValue.none()), List.of());
      send(rpc, payer, t22, "initializeMint2", ordered("mint", mint.publicKey()), Map.of(
          "decimals", IdlValue.IntValue.of(PrimitiveKind.U8, 9),
          "mintAuthority", new IdlValue.PubkeyValue(payer.publicKey()),
          "freezeAuthority", IdlValue.OptionValue.none()), List.of());
      createAccount(rpc, payer, system, account, 165 + 1 + 4, program);
      send(rpc, payer, t22, "initializeImmutableOwner", ordered("account", account.publicKey()), Map.of(), List.of());
      send(rpc, payer, t22, "initializeAccount3", ordered("account", account.publicKey(), "mint", mint.publicKey()),
          Map.of("owner", new IdlValue.PubkeyValue(payer.publicKey())), List.of());

      byte[] mintData = data(rpc, mint.publicKey(), program);
      assertEquals(1, mintData[165], "the account-type byte of a mint");
      IdlValue m = t22.decodeAccount("mint", mintData).value();
      assertEquals(BigInteger.valueOf(9), integer(m, "decimals"));
      IdlValue.EnumValue close = (IdlValue.EnumValue) m.at("extensions[0]").orElseThrow();
      assertEquals("mintCloseAuthority", close.variant());
      assertEquals(closer, m.at("extensions[0].closeAuthority").orElseThrow().publicKey().orElseThrow());
      IdlValue.EnumValue pointer = (IdlValue.EnumValue) m.at("extensions[1]").orElseThrow();
      assertEquals("metadataPointer", pointer.variant());
      assertEquals(pointerAuthority, m.at("extensions[1].authority").orElseThrow().publicKey().orElseThrow());
      assertEquals(IdlValue.OptionValue.none(), m.at("extensions[1].metadataAddress").orElseThrow(),
          "a zero address is an absent option");
      assertArrayEquals(mintData, t22.encodeAccount("mint", m));

      byte[] tokenData = data(rpc, account.publicKey(), program);
      IdlValue a = t22.decodeAccount("token", tokenData).value();
      assertEquals("immutableOwner", ((IdlValue.EnumValue) a.at("extensions[0]").orElseThrow()).variant());
      assertArrayEquals(tokenData, t22.encodeAccount("token", a));
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static IdlValue.IntValue u64(long v) {
    return IdlValue.IntValue.of(PrimitiveKind.U64, v);
  }

  private static BigInteger integer(IdlValue v, String path) {
    return ((IdlValue.IntValue) v.at(path).orElseThrow()).value();
  }

  private static long le64(byte[] data, int offset) {
    return ByteBuffer.wrap(data, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static byte[] data(RpcValidator rpc, PublicKey address, PublicKey owner) {
    AccountState a = rpc.account(address).orElseThrow();
    assertEquals(owner, a.owner(), "owner of " + address);
    return a.data();
  }

  private static Map<String, PublicKey> ordered(Object... nameThenKey) {
    Map<String, PublicKey> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenKey.length; i += 2) {
      m.put((String) nameThenKey[i], (PublicKey) nameThenKey[i + 1]);
    }
    return m;
  }

  private static void createAccount(RpcValidator rpc, Signer payer, Idl system, Signer account, long space,
      PublicKey owner) {
    send(rpc, payer, system, "createAccount", ordered("payer", payer.publicKey(), "newAccount", account.publicKey()),
        Map.of("lamports", u64(10_000_000), "space", u64(space), "programAddress", new IdlValue.PubkeyValue(owner)),
        List.of(account));
  }

  private static void send(RpcValidator rpc, Signer payer, Idl idl, String ix, Map<String, PublicKey> accounts,
      Map<String, IdlValue> args, List<Signer> signers) {
    RpcValidator.SendResult r = sendForResult(rpc, payer, idl, ix, accounts, args, signers);
    assertTrue(r.landed(), idl.name() + " " + ix + " refused: " + r.error() + " " + r.logs());
  }

  /**
   * One instruction of the IDL's program: the accounts in the IDL's order with the IDL's signer and
   * writable flags, the data encoded from the IDL; optional accounts left out are not passed.
   */
  private static RpcValidator.SendResult sendForResult(RpcValidator rpc, Signer payer, Idl idl, String ixName,
      Map<String, PublicKey> accounts, Map<String, IdlValue> args, List<Signer> signers) {
    IdlInstruction ix = idl.instruction(ixName).orElseThrow();
    List<AccountMeta> metas = new ArrayList<>();
    for (IdlAccountItem item : ix.accounts()) {
      IdlAccountItem.Single s = (IdlAccountItem.Single) item;
      PublicKey k = accounts.get(s.name());
      if (k == null) {
        k = s.address().map(PublicKey::fromBase58Encoded).orElse(null);
      }
      if (k == null) {
        assertTrue(s.optional(), ixName + ": no key for account " + s.name());
        continue;
      }
      metas.add(s.signer() ? (s.writable() ? AccountMeta.createWritableSigner(k) : AccountMeta.createReadOnlySigner(k))
          : (s.writable() ? AccountMeta.createWrite(k) : AccountMeta.createRead(k)));
    }
    byte[] data = idl.encodeInstruction(ixName, args);
    Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(payer.publicKey()),
        List.of(Instruction.createInstruction(idl.address().orElseThrow(), metas, data)));
    tx.setRecentBlockHash(rpc.latestBlockhash());
    List<Signer> all = new ArrayList<>();
    all.add(payer);
    all.addAll(signers);
    tx.sign(inMessageOrder(tx.serialized(), all));
    return rpc.sendForResult(tx.serialized());
  }

  /** Signers in the order of the message's signer keys (legacy wire format, fewer than 128 keys). */
  private static List<Signer> inMessageOrder(byte[] tx, List<Signer> signers) {
    int sigs = tx[0];
    int at = 1 + 64 * sigs + 3;
    int keys = tx[at++];
    List<Signer> out = new ArrayList<>();
    for (int i = 0; i < keys && out.size() < sigs; i++) {
      PublicKey k = PublicKey.readPubKey(tx, at + 32 * i);
      signers.stream().filter(s -> s.publicKey().equals(k)).findFirst().ifPresent(out::add);
    }
    return out;
  }
}
