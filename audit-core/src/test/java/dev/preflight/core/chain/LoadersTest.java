package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * Loader state and program hashes on bytes laid out as the loaders write them. The validator is not
 * ready yet; once it is, the ProgramData/Program/loader-v4 cases should also run on accounts a
 * deployment produced there.
 */
class LoadersTest {

  private static final PublicKey AUTHORITY = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");
  private static final PublicKey SQUADS = SquadsV4.PROGRAM_ID;

  private static byte[] elf() {
    return TestElf.program(SecurityTxt.encode(Map.of("name", "Escrow"))).build();
  }

  @Test
  void programDataRoundTripsWithAndWithoutAuthority() {
    var withAuthority = new UpgradeableLoaderState.ProgramData(123_456_789L, Optional.of(AUTHORITY));
    byte[] account = UpgradeableLoaderState.programDataAccount(withAuthority, elf(), 4096);
    assertEquals(4096, account.length);
    assertEquals(3, account[0]);
    assertEquals(1, account[12]);
    assertEquals(withAuthority, UpgradeableLoaderState.decode(account, "pd"));

    // Removing the authority rewrites only the 13 bytes of state: the old key stays in 13..45.
    byte[] immutable = account.clone();
    immutable[12] = 0;
    var decoded = (UpgradeableLoaderState.ProgramData) UpgradeableLoaderState.decode(immutable, "pd");
    assertTrue(decoded.upgradeAuthority().isEmpty());
    assertEquals(123_456_789L, decoded.slot());
  }

  @Test
  void otherVariantsRoundTrip() {
    var program = new UpgradeableLoaderState.Program(UpgradeableLoaderState.programDataAddress(SQUADS));
    byte[] p = program.encode();
    assertEquals(UpgradeableLoaderState.PROGRAM_SIZE, p.length);
    assertEquals(program, UpgradeableLoaderState.decode(p, "program"));
    var buffer = new UpgradeableLoaderState.Buffer(Optional.empty());
    assertEquals(buffer, UpgradeableLoaderState.decode(buffer.encode(), "buffer"));
    assertEquals(37, buffer.encode().length);
    assertInstanceOf(UpgradeableLoaderState.Uninitialized.class, UpgradeableLoaderState.decode(new byte[4], "u"));
  }

  @Test
  void programDataAddressMatchesWeb3js() {
    // Computed independently with @solana/web3.js 1.99.0:
    // PublicKey.findProgramAddressSync([programId.toBytes()], BPFLoaderUpgradeab1e...)
    assertEquals("Fy3YMJCvwbAXUgUM5b91ucUVA3jYzwWLHL3MwBqKsh8n",
        UpgradeableLoaderState.programDataAddress(SQUADS).toBase58());
  }

  @Test
  void badLoaderStateIsReportedWithAddress() {
    byte[] bad = new byte[45];
    bad[0] = 9;
    ChainDecodeException e = assertThrows(ChainDecodeException.class, () -> UpgradeableLoaderState.decode(bad, "Addr1"));
    assertEquals("upgradeable-loader account Addr1: state tag is 9; the loader defines 0 (Uninitialized) to 3 "
        + "(ProgramData). Check that the account is owned by the upgradeable loader", e.getMessage());
    byte[] shortPd = Arrays.copyOf(new UpgradeableLoaderState.ProgramData(1, Optional.empty()).encode(), 20);
    assertThrows(ChainDecodeException.class, () -> UpgradeableLoaderState.decode(shortPd, "x"));
    byte[] badOption = new UpgradeableLoaderState.ProgramData(1, Optional.empty()).encode();
    badOption[12] = 2;
    ChainDecodeException o = assertThrows(ChainDecodeException.class, () -> UpgradeableLoaderState.decode(badOption, "x"));
    assertEquals(12, o.offset());
    ChainDecodeException notPd = assertThrows(ChainDecodeException.class,
        () -> UpgradeableLoaderState.decodeProgramData(new UpgradeableLoaderState.Program(AUTHORITY).encode(), "P"));
    assertTrue(notPd.getMessage().contains("not 3 (ProgramData)"), notPd.getMessage());
  }

  @Test
  void loaderV4HeaderRoundTrips() {
    var state = new LoaderV4State(77L, AUTHORITY, LoaderV4State.Status.DEPLOYED);
    byte[] account = state.encodeAccount(elf());
    assertEquals(1, account[0x28]);
    assertArrayEquals(AUTHORITY.toByteArray(), Arrays.copyOfRange(account, 8, 40));
    assertEquals(state, LoaderV4State.decode(account, "v4"));
    byte[] future = account.clone();
    future[0x28] = 4;
    LoaderV4State f = LoaderV4State.decode(future, "v4");
    assertEquals(LoaderV4State.Status.UNKNOWN, f.status());
    assertEquals(4, f.rawStatus());
    assertThrows(ChainDecodeException.class, () -> LoaderV4State.decode(new byte[47], "v4"));
  }

  @Test
  void loaderKindsByOwner() {
    assertEquals(Loaders.Kind.UPGRADEABLE, Loaders.Kind.ofOwner(Loaders.BPF_LOADER_UPGRADEABLE).orElseThrow());
    assertTrue(Loaders.Kind.ofOwner(Loaders.BPF_LOADER).orElseThrow().immutable());
    assertTrue(Loaders.Kind.ofOwner(Loaders.BPF_LOADER_DEPRECATED).orElseThrow().immutable());
    assertEquals(Loaders.Kind.V4, Loaders.Kind.ofOwner(Loaders.LOADER_V4).orElseThrow());
    assertTrue(Loaders.Kind.ofOwner(AUTHORITY).isEmpty());
  }

  @Test
  void hashStripsTrailingZerosLikeSolanaVerify() {
    // SHA-256("abc") is the FIPS 180-2 test vector.
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertEquals(abc, ProgramHash.of("abc\0\0\0".getBytes(StandardCharsets.US_ASCII), 0));
    // Zeros inside are kept; every trailing zero goes, even ones that belong to the file.
    assertTrue(!abc.equals(ProgramHash.of("ab\0c".getBytes(StandardCharsets.US_ASCII), 0)));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ProgramHash.of(new byte[8], 0));
  }

  @Test
  void programDataHashEqualsLocalFileHash(@TempDir Path dir) throws Exception {
    byte[] elf = elf();
    Path so = dir.resolve("escrow.so");
    Files.write(so, elf);
    byte[] account = UpgradeableLoaderState.programDataAccount(
        new UpgradeableLoaderState.ProgramData(5, Optional.of(AUTHORITY)), elf, elf.length + 10_000);
    assertEquals(ProgramHash.ofFile(so), ProgramHash.ofProgramDataAccount(account));
    byte[] buffer = Arrays.copyOf(new UpgradeableLoaderState.Buffer(Optional.of(AUTHORITY)).encode(), 37 + elf.length);
    System.arraycopy(elf, 0, buffer, 37, elf.length);
    assertEquals(ProgramHash.ofFile(so), ProgramHash.ofBufferAccount(buffer));
    assertEquals(ProgramHash.ofFile(so), ProgramHash.ofLegacyProgramAccount(elf));
    assertEquals(ProgramHash.ofFile(so),
        ProgramHash.ofLoaderV4Account(new LoaderV4State(1, AUTHORITY, LoaderV4State.Status.FINALIZED).encodeAccount(elf)));
    byte[] other = elf.clone();
    other[70] ^= 1;
    assertTrue(!ProgramHash.ofFile(so).equals(ProgramHash.ofLegacyProgramAccount(other)));
  }

  @Test
  void programAccountsTellWhereTheCodeLives() {
    PublicKey pd = UpgradeableLoaderState.programDataAddress(SQUADS);
    var up = (ProgramAccount.Upgradeable) ProgramAccount.read(SQUADS, Loaders.BPF_LOADER_UPGRADEABLE,
        new UpgradeableLoaderState.Program(pd).encode());
    assertEquals(pd, up.programData());
    assertTrue(up.canonical());
    var odd = (ProgramAccount.Upgradeable) ProgramAccount.read(SQUADS, Loaders.BPF_LOADER_UPGRADEABLE,
        new UpgradeableLoaderState.Program(AUTHORITY).encode());
    assertTrue(!odd.canonical());
    assertEquals(new ProgramAccount.Immutable(Loaders.Kind.V2), ProgramAccount.read(SQUADS, Loaders.BPF_LOADER, elf()));
    var v4 = (ProgramAccount.V4) ProgramAccount.read(SQUADS, Loaders.LOADER_V4,
        new LoaderV4State(9, AUTHORITY, LoaderV4State.Status.FINALIZED).encodeAccount(elf()));
    assertTrue(v4.state().finalized());
    ChainDecodeException notLoader = assertThrows(ChainDecodeException.class,
        () -> ProgramAccount.read(SQUADS, AUTHORITY, new byte[0]));
    assertTrue(notLoader.getMessage().contains("which is not a program loader"), notLoader.getMessage());
    assertThrows(ChainDecodeException.class, () -> ProgramAccount.read(SQUADS, Loaders.BPF_LOADER_UPGRADEABLE,
        new UpgradeableLoaderState.ProgramData(1, Optional.empty()).encode()));
  }
}
