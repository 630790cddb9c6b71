package dev.preflight.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.fixtures.escrow.EscrowProgram.Variant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.sava.core.accounts.PublicKey;

/**
 * The ELF reader, the security.txt finder and the program hash on the real reference escrow as
 * built for SBPF v0 (sections, a {@code .security.txt} section) and for SBPF v3 (e_flags 3,
 * program headers only): the same answers from both, under every loader's account layout.
 */
class SbpfVersionsTest {

  private static String solanaVerify(byte[] bytes) throws Exception {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(bytes, 0, end);
    return HexFormat.of().formatHex(sha.digest());
  }

  @ParameterizedTest
  @EnumSource(value = Variant.class, names = {"CLEAN", "CLEAN_V3"})
  void theReferenceEscrowReadsAlikeInBothVersions(Variant variant) throws Exception {
    var so = EscrowProgram.binary(variant);
    byte[] elf = Files.readAllBytes(so);
    boolean v3 = variant == Variant.CLEAN_V3;

    Elf64 parsed = Elf64.parse(elf, so.toString());
    assertEquals(Elf64.ET_DYN, parsed.type());
    assertEquals(Elf64.EM_BPF, parsed.machine());
    assertEquals(v3 ? 3 : 0, parsed.flags(), "e_flags is the SBPF version");
    if (v3) {
      assertTrue(parsed.sections().isEmpty(), "an SBPF v3 ELF has no section table");
      assertEquals(1L << 32, parsed.entry() & ~0xFFFF_FFFFL, "entry in the code segment at 1 << 32");
    } else {
      assertTrue(parsed.section(".security.txt").isPresent());
    }

    SecurityTxt txt = SecurityTxt.find(elf).orElseThrow();
    assertEquals(Optional.of("Preflight Reference Token-Sale Escrow"), txt.name());
    assertTrue(txt.parseProblems().isEmpty(), txt.parseProblems().toString());
    assertTrue(txt.validate(LocalDate.of(2026, 12, 1)).isEmpty());

    // One hash, whichever loader holds the bytes, and the one solana-verify prints for the file.
    String hash = solanaVerify(elf);
    assertEquals(hash, ProgramHash.ofFile(so));
    assertEquals(hash, ProgramHash.ofLegacyProgramAccount(elf));
    PublicKey authority = PublicKey.createPubKey(new byte[32]);
    byte[] programData = ByteBuffer.allocate(UpgradeableLoaderState.PROGRAMDATA_METADATA_SIZE + elf.length)
        .order(ByteOrder.LITTLE_ENDIAN).putInt(3).putLong(447_552_000L).put((byte) 1)
        .put(authority.toByteArray()).put(elf).array();
    assertEquals(hash, ProgramHash.ofProgramDataAccount(programData));
    byte[] v4 = new LoaderV4State(447_552_000L, authority, LoaderV4State.Status.DEPLOYED)
        .encodeAccount(elf);
    assertEquals(hash, ProgramHash.ofLoaderV4Account(v4));
    // security.txt is found in the account bytes as on the file.
    assertEquals(txt, SecurityTxt.find(Arrays.copyOfRange(v4, LoaderV4State.HEADER_SIZE, v4.length)).orElseThrow());
    assertEquals(txt, SecurityTxt.find(programData).orElseThrow());
  }

  @Test
  void theTwoBuildsAreDifferentBinaries() {
    assertNotEquals(ProgramHash.ofFile(EscrowProgram.binary(Variant.CLEAN)),
        ProgramHash.ofFile(EscrowProgram.binary(Variant.CLEAN_V3)));
  }
}
