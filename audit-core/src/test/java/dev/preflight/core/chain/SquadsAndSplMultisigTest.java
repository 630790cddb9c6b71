package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.idl.DecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

/**
 * Squads v4 and SPL Token multisigs on bytes built from the programs' layouts. When the embedded
 * validator lands, the Squads case should also decode a multisig created by the real program there.
 */
class SquadsAndSplMultisigTest {

  private static final SquadsV4 SQUADS = SquadsV4.load();
  private static final PublicKey CREATE_KEY = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");
  private static final PublicKey A = PublicKey.fromBase58Encoded("SysvarRent111111111111111111111111111111111");
  private static final PublicKey B = PublicKey.fromBase58Encoded("Sysvar1nstructions1111111111111111111111111");
  private static final PublicKey C = PublicKey.fromBase58Encoded("SysvarS1otHashes111111111111111111111111111");

  private static SquadsMultisig sample(Optional<PublicKey> rentCollector) {
    return new SquadsMultisig(CREATE_KEY, PublicKey.createPubKey(new byte[32]), 2, 3600, 12, 10, rentCollector,
        SquadsV4.multisigBump(CREATE_KEY),
        List.of(
            SquadsMultisig.Member.of(A, SquadsMultisig.Permission.INITIATE, SquadsMultisig.Permission.VOTE,
                SquadsMultisig.Permission.EXECUTE),
            SquadsMultisig.Member.of(B, SquadsMultisig.Permission.VOTE),
            new SquadsMultisig.Member(C, 0b1010)));
  }

  @Test
  void multisigRoundTripsThroughTheIdl() {
    for (Optional<PublicKey> rc : List.of(Optional.<PublicKey>empty(), Optional.of(A))) {
      SquadsMultisig ms = sample(rc);
      byte[] data = SQUADS.encodeMultisig(ms);
      assertEquals(SquadsV4.accountSize(3), data.length);
      assertTrue(SQUADS.isMultisig(SquadsV4.PROGRAM_ID, data));
      assertFalse(SQUADS.isMultisig(A, data));
      assertEquals(ms, SQUADS.decodeMultisig(data));
    }
  }

  @Test
  void multisigBytesSitWhereTheProgramPutsThem() {
    byte[] data = SQUADS.encodeMultisig(sample(Optional.empty()));
    ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("e07479ba44a14fec", java.util.HexFormat.of().formatHex(data, 0, 8)); // sha256("account:Multisig")
    assertArrayEquals(CREATE_KEY.toByteArray(), Arrays.copyOfRange(data, 8, 40));
    assertEquals(2, bb.getShort(72));
    assertEquals(3600, bb.getInt(74));
    assertEquals(12, bb.getLong(78));
    assertEquals(10, bb.getLong(86));
    assertEquals(0, data[94]); // rent_collector None
    assertEquals(3, bb.getInt(96)); // members length after the bump at 95
    assertArrayEquals(A.toByteArray(), Arrays.copyOfRange(data, 100, 132));
    assertEquals(7, data[132]);
  }

  @Test
  void membersExposePermissions() {
    SquadsMultisig ms = sample(Optional.empty());
    assertEquals(Set.of(SquadsMultisig.Permission.VOTE), ms.members().get(1).permissions());
    assertEquals(8, ms.members().get(2).unknownBits());
    assertEquals(3, ms.voters());
    assertFalse(ms.controlled());
  }

  @Test
  void pdasMatchTheSquadsSdk() {
    // Computed with @sqds/multisig 2.1.4 getMultisigPda / getVaultPda (@solana/web3.js 1.99.0).
    PublicKey multisig = SquadsV4.multisigAddress(CREATE_KEY);
    assertEquals("4QTTaGizk3NJVDj9wAKdX36Z2VkTXQTXKLNb8gkPRzHQ", multisig.toBase58());
    assertEquals(252, SquadsV4.multisigBump(CREATE_KEY));
    assertEquals("8Gmxh9pw32c5hYt51rtmXRyzB8pdNax3sQMCSMuY7hse", SquadsV4.vaultAddress(multisig, 0).toBase58());
    assertEquals("GKZLkuGQJMfwYJ69np1nfCZ42DhgqcEBATLvSzsHgUoX", SquadsV4.vaultAddress(multisig, 7).toBase58());
  }

  @Test
  void notAMultisigIsADecodeError() {
    byte[] data = SQUADS.encodeMultisig(sample(Optional.empty()));
    data[0] ^= 1;
    DecodeException e = assertThrows(DecodeException.class, () -> SQUADS.decodeMultisig(data));
    assertTrue(e.getMessage().startsWith("account Multisig: data does not match the Multisig discriminator"),
        e.getMessage());
  }

  @Test
  void splMultisigRoundTrips() {
    SplMultisig ms = new SplMultisig(2, 3, true, List.of(A, B, C));
    byte[] data = ms.encode();
    assertEquals(355, data.length);
    assertEquals(2, data[0]);
    assertEquals(3, data[1]);
    assertEquals(1, data[2]);
    assertArrayEquals(B.toByteArray(), Arrays.copyOfRange(data, 35, 67));
    assertEquals(ms, SplMultisig.decode(data, "ms"));
    assertTrue(ms.valid());
    assertTrue(SplMultisig.isMultisig(TokenMints.TOKEN_2022_PROGRAM, data));
    assertTrue(SplMultisig.isMultisig(TokenMints.TOKEN_PROGRAM, data));
    assertFalse(SplMultisig.isMultisig(A, data));
  }

  @Test
  void splMultisigRejectsWrongSizesAndCounts() {
    assertThrows(ChainDecodeException.class, () -> SplMultisig.decode(new byte[165], "x"));
    byte[] data = new SplMultisig(1, 1, true, List.of(A)).encode();
    data[1] = 12;
    ChainDecodeException e = assertThrows(ChainDecodeException.class, () -> SplMultisig.decode(data, "Msig1"));
    assertEquals("SPL Token multisig Msig1: n is 12, at most 11 signers fit. The account data is corrupt or not a "
        + "token multisig", e.getMessage());
    assertFalse(new SplMultisig(3, 2, true, List.of(A, B)).valid());
  }
}
