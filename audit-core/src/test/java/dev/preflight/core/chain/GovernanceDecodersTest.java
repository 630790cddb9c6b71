package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.idl.DecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

/**
 * The layouts of the governance decoders, checked against facts computed independently here
 * (Anchor discriminators, otter-verify's {@code calculate_space}, Borsh offsets). Their behaviour on
 * bytes in the embedded validator is covered by the checks' acceptance tests.
 */
class GovernanceDecodersTest {
  private static final PublicKey A = key(1);
  private static final PublicKey B = key(2);
  private static final PublicKey C = key(3);

  private static PublicKey key(int b) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) b);
    return PublicKey.createPubKey(k);
  }

  private static byte[] discriminator(String account) throws Exception {
    return Arrays.copyOf(MessageDigest.getInstance("SHA-256")
        .digest(("account:" + account).getBytes(StandardCharsets.UTF_8)), 8);
  }

  @Test
  void verificationRecordHasOtterVerifysLayoutAndSize() throws Exception {
    VerificationRecord r = new VerificationRecord(A, B, "0.4.6", "https://github.com/o/r",
        "abc123", List.of("--library-name", "escrow"), 42, 254);
    byte[] data = OtterVerify.load().encode(r);
    assertArrayEquals(discriminator("BuildParams"), Arrays.copyOf(data, 8));
    // calculate_space in otter-verify: 8 + 32 + 32 + (4+len) * 3 + 4 + sum(4+len) + 8 + 1.
    int expected = 8 + 32 + 32 + 4 + 5 + 4 + 22 + 4 + 6 + 4 + (4 + 14) + (4 + 6) + 8 + 1;
    assertEquals(expected, data.length);
    assertArrayEquals(A.toByteArray(), Arrays.copyOfRange(data, 8, 40));
    assertArrayEquals(B.toByteArray(), Arrays.copyOfRange(data, 40, 72));
    assertEquals(42, ByteBuffer.wrap(data, data.length - 9, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    assertEquals(254, Byte.toUnsignedInt(data[data.length - 1]));
    assertEquals(r, OtterVerify.load().decode(data));
    assertTrue(OtterVerify.load().isRecord(OtterVerify.PROGRAM_ID, data));
    assertFalse(OtterVerify.load().isRecord(SquadsV4.PROGRAM_ID, data));
    assertThrows(DecodeException.class, () -> OtterVerify.load().decode(Arrays.copyOf(data, 60)));
  }

  @Test
  void verificationRecordAddressUsesUploaderThenProgram() {
    PublicKey pda = PublicKey.findProgramAddress(List.of("otter_verify".getBytes(StandardCharsets.US_ASCII),
        B.toByteArray(), A.toByteArray()), OtterVerify.PROGRAM_ID).publicKey();
    assertEquals(pda, OtterVerify.recordAddress(B, A));
    assertFalse(pda.equals(OtterVerify.recordAddress(A, B)));
  }

  @Test
  void proposalRoundTripsWithStatusTimestampAndVotes() throws Exception {
    SquadsAccounts acc = new SquadsAccounts(SquadsV4.load());
    SquadsProposal p = new SquadsProposal(A, 7, SquadsProposal.Status.APPROVED,
        OptionalLong.of(1_700_000_000L), 253, List.of(B, C), List.of(), List.of());
    byte[] data = acc.encodeProposal(p);
    assertArrayEquals(discriminator("Proposal"), Arrays.copyOf(data, 8));
    // multisig, index, then the status tag (Approved = 3) and its i64 timestamp.
    assertEquals(7, ByteBuffer.wrap(data, 40, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    assertEquals(3, data[48]);
    assertEquals(1_700_000_000L, ByteBuffer.wrap(data, 49, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    assertEquals(p, acc.decodeProposal(data));
    SquadsProposal executing = new SquadsProposal(A, 8, SquadsProposal.Status.EXECUTING,
        OptionalLong.empty(), 1, List.of(), List.of(), List.of());
    assertEquals(executing, acc.decodeProposal(acc.encodeProposal(executing)));
  }

  @Test
  void vaultTransactionKeepsItsInstructions() throws Exception {
    SquadsAccounts acc = new SquadsAccounts(SquadsV4.load());
    SquadsTransaction.Vault v = new SquadsTransaction.Vault(A, B, 3, 250, 0, 251, new byte[0], 1,
        1, 2, List.of(A, B, C, Loaders.BPF_LOADER_UPGRADEABLE),
        List.of(new SquadsTransaction.Instruction(3, new byte[] {1, 2, 0},
            LoaderInstruction.UPGRADE.data())), List.of());
    byte[] data = acc.encodeVaultTransaction(v);
    assertArrayEquals(discriminator("VaultTransaction"), Arrays.copyOf(data, 8));
    SquadsTransaction.Vault back = (SquadsTransaction.Vault) acc.decodeTransaction(data);
    assertEquals(v.accountKeys(), back.accountKeys());
    assertEquals(3, back.index());
    assertEquals(LoaderInstruction.UPGRADE,
        LoaderInstruction.of(back.instructions().getFirst().data()).orElseThrow());
    assertArrayEquals(new byte[] {1, 2, 0}, back.instructions().getFirst().accountIndexes());
    assertEquals(Optional.empty(), back.key(9));
  }

  @Test
  void configTransactionNamesTheSpendingLimitItAdds() throws Exception {
    SquadsAccounts acc = new SquadsAccounts(SquadsV4.load());
    SquadsSpendingLimit sl = new SquadsSpendingLimit(A, C, 0, PublicKey.NONE, 10,
        SquadsSpendingLimit.Period.WEEK, 10, 0, SquadsAccounts.spendingLimitBump(A, C), List.of(B),
        List.of());
    byte[] data = acc.encodeConfigTransaction(A, B, 1, 255,
        List.of(SquadsAccounts.addSpendingLimitAction(sl), SquadsAccounts.changeThresholdAction(3)));
    assertArrayEquals(discriminator("ConfigTransaction"), Arrays.copyOf(data, 8));
    SquadsTransaction.Config c = (SquadsTransaction.Config) acc.decodeTransaction(data);
    assertEquals(Optional.of(C), c.actions().get(0).spendingLimitCreateKey());
    assertEquals("change threshold to 3", c.actions().get(1).description());
    byte[] limit = acc.encodeSpendingLimit(sl);
    assertArrayEquals(discriminator("SpendingLimit"), Arrays.copyOf(limit, 8));
    assertEquals(sl, acc.decodeSpendingLimit(limit));
    assertThrows(DecodeException.class, () -> acc.decodeTransaction(limit));
  }

  @Test
  void squadsPdasFollowTheProgramSeeds() {
    byte[] idx = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(5).array();
    assertEquals(PublicKey.findProgramAddress(List.of("multisig".getBytes(StandardCharsets.US_ASCII),
            A.toByteArray(), "transaction".getBytes(StandardCharsets.US_ASCII), idx,
            "proposal".getBytes(StandardCharsets.US_ASCII)), SquadsV4.PROGRAM_ID).publicKey(),
        SquadsAccounts.proposalAddress(A, 5));
    assertFalse(SquadsAccounts.proposalAddress(A, 5).equals(SquadsAccounts.transactionAddress(A, 5)));
  }

  @Test
  void loaderInstructionTagsAreBincodeU32() {
    assertEquals(Optional.of(LoaderInstruction.SET_AUTHORITY), LoaderInstruction.of(new byte[] {4, 0, 0, 0}));
    assertEquals(Optional.empty(), LoaderInstruction.of(new byte[] {6, 0, 0, 0}));
    assertEquals(Optional.empty(), LoaderInstruction.of(new byte[] {3}));
  }
}
