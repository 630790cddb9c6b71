package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.token.AccountState;
import software.sava.core.accounts.token.extensions.ExtensionType;
import software.sava.core.accounts.token.extensions.TransferFeeConfig;

/**
 * Mints and token accounts built byte by byte from the spl-token / spl-token-2022 layouts (base
 * state, padding to 165, account-type byte, TLV entries of u16 type, u16 length, value), then read
 * through the sava-backed facade. Extension type numbers and value layouts per spl-token-2022's
 * {@code ExtensionType} and Pod structs. When the validator lands these should also run on mints the
 * real Token-2022 program initialised.
 */
class TokenMintsTest {

  private static final PublicKey AUTH = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");
  private static final PublicKey FREEZE = PublicKey.fromBase58Encoded("SysvarRent111111111111111111111111111111111");
  private static final PublicKey DELEGATE = PublicKey.fromBase58Encoded("Sysvar1nstructions1111111111111111111111111");
  private static final PublicKey HOOK = PublicKey.fromBase58Encoded("SysvarS1otHashes111111111111111111111111111");

  /** spl-token Mint: COption<Pubkey> mint_authority, u64 supply, u8 decimals, bool init, COption freeze. */
  static byte[] baseMint(Optional<PublicKey> mintAuthority, long supply, int decimals, Optional<PublicKey> freeze) {
    byte[] b = new byte[82];
    if (mintAuthority.isPresent()) {
      b[0] = 1;
      System.arraycopy(mintAuthority.get().toByteArray(), 0, b, 4, 32);
    }
    Bytes.putU64(b, 36, supply);
    b[44] = (byte) decimals;
    b[45] = 1;
    if (freeze.isPresent()) {
      b[46] = 1;
      System.arraycopy(freeze.get().toByteArray(), 0, b, 50, 32);
    }
    return b;
  }

  private static final class Tlv {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tlv(byte[] base, int accountType) {
      out.writeBytes(base);
      out.writeBytes(new byte[165 - base.length]);
      out.write(accountType);
    }

    Tlv add(int type, byte[] value) {
      out.write(type & 0xFF);
      out.write(type >>> 8);
      out.write(value.length & 0xFF);
      out.write(value.length >>> 8);
      out.writeBytes(value);
      return this;
    }

    Tlv raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static byte[] u64(long v) {
    byte[] b = new byte[8];
    Bytes.putU64(b, 0, v);
    return b;
  }

  /** TransferFee: epoch u64, maximum_fee u64, transfer_fee_basis_points u16. */
  private static byte[] fee(long epoch, long max, int bps) {
    return concat(u64(epoch), u64(max), new byte[] {(byte) bps, (byte) (bps >>> 8)});
  }

  @Test
  void classicMintDecodes() {
    byte[] data = baseMint(Optional.of(AUTH), 1_000_000_000L, 6, Optional.empty());
    TokenMints.MintInfo m = TokenMints.decodeMint(TokenMints.TOKEN_PROGRAM, data, "mint");
    assertEquals(TokenMints.Program.TOKEN, m.program());
    assertEquals(AUTH, m.mintAuthority().orElseThrow());
    assertTrue(m.freezeAuthority().isEmpty());
    assertEquals(1_000_000_000L, m.supply());
    assertEquals(6, m.decimals());
    assertTrue(m.extensions().isEmpty());
  }

  @Test
  void token2022ExtensionsAreListedWithTheirKeyFields() {
    byte[] data = new Tlv(baseMint(Optional.empty(), 5, 9, Optional.of(FREEZE)), 1)
        .add(1, concat(AUTH.toByteArray(), FREEZE.toByteArray(), u64(42), fee(10, 5000, 25), fee(11, 9000, 50)))
        .add(3, AUTH.toByteArray()) // MintCloseAuthority
        .add(6, new byte[] {2}) // DefaultAccountState = Frozen
        .add(9, new byte[0]) // NonTransferable
        .add(12, DELEGATE.toByteArray()) // PermanentDelegate
        .add(14, concat(AUTH.toByteArray(), HOOK.toByteArray())) // TransferHook
        .add(26, concat(AUTH.toByteArray(), new byte[] {1})) // Pausable, paused
        .add(300, new byte[] {1, 2, 3}) // a type newer than sava knows
        .bytes();
    TokenMints.MintInfo m = TokenMints.decodeMint(TokenMints.TOKEN_2022_PROGRAM, data, "mint22");
    assertEquals(TokenMints.Program.TOKEN_2022, m.program());
    assertTrue(m.mintAuthority().isEmpty());
    assertEquals(FREEZE, m.freezeAuthority().orElseThrow());
    assertEquals(9, m.decimals());
    assertEquals(8, m.extensions().size());
    assertEquals(DELEGATE, m.permanentDelegate().orElseThrow());
    assertEquals(HOOK, m.transferHookProgram().orElseThrow());
    assertEquals(AUTH, m.transferHookAuthority().orElseThrow());
    assertEquals(AUTH, m.mintCloseAuthority().orElseThrow());
    assertTrue(m.nonTransferable());
    assertTrue(m.pausable());
    assertTrue(m.paused());
    assertEquals(AUTH, m.pauseAuthority().orElseThrow());
    assertTrue(m.defaultAccountStateFrozen());
    TransferFeeConfig fee = m.transferFeeConfig().orElseThrow();
    assertEquals(AUTH, fee.transferFeeConfigAuthority());
    assertEquals(42, fee.withheldAmount());
    assertEquals(50, fee.newerTransferFee().transferFeeBasisPoints());
    assertEquals(9000, fee.newerTransferFee().maximumFee());
    assertEquals(25, fee.olderTransferFee().transferFeeBasisPoints());
    TokenMints.Extension unknown = m.unreadExtensions().getFirst();
    assertInstanceOf(TokenMints.Unknown.class, unknown);
    assertEquals(300, unknown.typeCode());
    assertEquals(1, m.unreadExtensions().size());
  }

  @Test
  void damagedExtensionsAreReportedNotDropped() {
    byte[] data = new Tlv(baseMint(Optional.of(AUTH), 0, 0, Optional.empty()), 1)
        .add(12, new byte[5]) // PermanentDelegate needs 32 bytes
        .raw(new byte[] {14, 0, (byte) 0xFF, 0, 1, 2}) // TransferHook claiming 255 bytes
        .bytes();
    TokenMints.MintInfo m = TokenMints.decodeMint(TokenMints.TOKEN_2022_PROGRAM, data, "m");
    assertEquals(2, m.extensions().size());
    TokenMints.Unparsable first = (TokenMints.Unparsable) m.extensions().get(0);
    assertEquals("PermanentDelegate needs 32 bytes, the entry has 5", first.reason());
    TokenMints.Unparsable second = (TokenMints.Unparsable) m.extensions().get(1);
    assertTrue(second.reason().contains("claims 255 bytes, only 2 remain"), second.reason());
    assertTrue(m.permanentDelegate().isEmpty());
    assertEquals(2, m.unreadExtensions().size());
  }

  @Test
  void tokenAccountWithExtensions() {
    byte[] base = new byte[165];
    System.arraycopy(AUTH.toByteArray(), 0, base, 0, 32); // mint
    System.arraycopy(FREEZE.toByteArray(), 0, base, 32, 32); // owner
    Bytes.putU64(base, 64, 777);
    base[108] = 2; // Frozen
    byte[] data = new Tlv(base, 2).add(7, new byte[0]).add(11, new byte[] {1}).bytes(); // ImmutableOwner, CpiGuard
    TokenMints.TokenAccountInfo a = TokenMints.decodeTokenAccount(TokenMints.TOKEN_2022_PROGRAM, data, "ta");
    assertEquals(AUTH, a.mint());
    assertEquals(FREEZE, a.owner());
    assertEquals(777, a.amount());
    assertEquals(AccountState.Frozen, a.state());
    assertTrue(a.delegate().isEmpty());
    assertEquals(List.of(ExtensionType.ImmutableOwner, ExtensionType.CpiGuard),
        a.extensions().stream().map(e -> ((TokenMints.Parsed) e).type()).toList());
  }

  @Test
  void wrongOwnerSizeOrTypeByteIsAnError() {
    byte[] mint = baseMint(Optional.of(AUTH), 1, 0, Optional.empty());
    ChainDecodeException owner = assertThrows(ChainDecodeException.class, () -> TokenMints.decodeMint(AUTH, mint, "M1"));
    assertTrue(owner.getMessage().contains("not the Token or Token-2022 program"), owner.getMessage());
    byte[] asAccount = new Tlv(mint, 2).bytes();
    ChainDecodeException type = assertThrows(ChainDecodeException.class,
        () -> TokenMints.decodeMint(TokenMints.TOKEN_2022_PROGRAM, asAccount, "M1"));
    assertEquals("mint M1: account-type byte is 2, a mint has 1. Check that the address is a mint", type.getMessage());
    byte[] longClassic = new Tlv(mint, 1).bytes();
    assertThrows(ChainDecodeException.class, () -> TokenMints.decodeMint(TokenMints.TOKEN_PROGRAM, longClassic, "M1"));
    byte[] badTag = mint.clone();
    badTag[0] = 7;
    assertThrows(ChainDecodeException.class, () -> TokenMints.decodeMint(TokenMints.TOKEN_PROGRAM, badTag, "M1"));
    assertFalse(TokenMints.isTokenProgram(AUTH));
  }
}
