package dev.preflight.core.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.fixtures.escrow.EscrowProgram;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder on encodings from the ISA tables and on the whole escrow binary. */
class SbpfDecoderTest {

  private static String one(String hex, SbpfVersion v) {
    List<SbpfInstruction> insns = SbpfDecoder.decode(HexFormat.of().parseHex(hex), v);
    return SbpfDecoder.format(insns.getFirst(), v, slot -> null);
  }

  @Test
  void classicEncodings() {
    assertEquals("jeq r4, 0x1, +103", one("1504670001000000", SbpfVersion.V0));
    assertEquals("jgt r1, -0x8, +84", one("25015400f8ffffff", SbpfVersion.V0));
    assertEquals("jne r3, r2, -2", one("5d23feff00000000", SbpfVersion.V0));
    assertEquals("ldxdw r3, [r1+0x50]", one("7913500000000000", SbpfVersion.V0));
    assertEquals("stxw [r10-0x4], r4", one("634afcff00000000", SbpfVersion.V0));
    assertEquals("stb [r1+0x2], 0xff", one("72010200ff000000", SbpfVersion.V0));
    assertEquals("add64 r1, -0x6f0", one("07010000" + "10f9ffff", SbpfVersion.V0));
    assertEquals("mov64 r6, r1", one("bf16000000000000", SbpfVersion.V0));
    assertEquals("be32 r2", one("dc02000020000000", SbpfVersion.V0));
    assertEquals("exit", one("9500000000000000", SbpfVersion.V0));
    assertEquals("call +5481", one("8510000069150000", SbpfVersion.V0));
    assertEquals("callx r3", one("8d00000003000000", SbpfVersion.V0));
  }

  @Test
  void lddwTakesTwoSlots() {
    List<SbpfInstruction> insns = SbpfDecoder.decode(HexFormat.of().parseHex(
        "1801000044332211" + "0000000088776655" + "9500000000000000"), SbpfVersion.V0);
    assertEquals(2, insns.size());
    assertEquals(2, insns.getFirst().width());
    assertEquals(2, insns.get(1).slot());
    assertEquals("lddw r1, 0x5566778811223344", SbpfDecoder.format(insns.getFirst(), SbpfVersion.V0, s -> null));
  }

  @Test
  void versionTwoMovedLoadsStoresAndProducts() {
    assertEquals("ldxb r1, [r2+0x8]", one("2c21080000000000", SbpfVersion.V2));
    assertEquals("stxdw [r10-0x8], r1", one("9f1af8ff00000000", SbpfVersion.V2));
    assertEquals("udiv64 r1, 0xa", one("560100000a000000", SbpfVersion.V2));
    assertEquals("hor64 r1, 0x1", one("f701000001000000", SbpfVersion.V2));
    // 0x18 is no instruction in version 2: one unknown slot, not a two-slot lddw
    assertEquals(SbpfInstruction.Kind.UNKNOWN,
        SbpfDecoder.decode(HexFormat.of().parseHex("1801000044332211"), SbpfVersion.V2).getFirst().kind());
  }

  @Test
  void versionThreeJumps32AndStaticCalls() {
    // encodings as the escrow's v3 build has them
    assertEquals("jne32 r1, 0x5, +3", one("5601030005000000", SbpfVersion.V3));
    assertEquals(SbpfInstruction.Kind.CONDITIONAL_JUMP,
        SbpfDecoder.decode(HexFormat.of().parseHex("5601030005000000"), SbpfVersion.V3).getFirst().kind());
    assertEquals("ldxdw r3, [r1+0x50]", one("7913500000000000", SbpfVersion.V3));
    assertEquals(SbpfInstruction.Kind.SYSCALL,
        SbpfDecoder.decode(HexFormat.of().parseHex("8500000001020304"), SbpfVersion.V3).getFirst().kind());
    assertEquals("call +4939", one("85100000" + "4b130000", SbpfVersion.V3));
    assertEquals("exit", one("9500000000000000", SbpfVersion.V3));
    assertEquals("return", one("9d00000000000000", SbpfVersion.V3));
    assertEquals(2, SbpfDecoder.decode(HexFormat.of().parseHex("1801000044332211" + "0000000088776655"),
        SbpfVersion.V3).getFirst().width());
    // in version 0, class 0x06 is nothing
    assertEquals(SbpfInstruction.Kind.UNKNOWN,
        SbpfDecoder.decode(HexFormat.of().parseHex("5601030005000000"), SbpfVersion.V0).getFirst().kind());
  }

  @Test
  void theEscrowDecodesWhole() {
    ProgramText p = ProgramText.read(EscrowProgram.binary(EscrowProgram.Variant.CLEAN));
    assertEquals(SbpfVersion.V0, p.version());
    assertEquals(p.slots(), p.instructions().stream().mapToInt(SbpfInstruction::width).sum(),
        "instructions tile .text");
    assertTrue(p.instructions().stream().noneMatch(i -> i.kind() == SbpfInstruction.Kind.UNKNOWN));
    for (SbpfInstruction i : p.instructions()) {
      if (i.conditional() || i.kind() == SbpfInstruction.Kind.JUMP) {
        assertTrue(i.jumpTarget() >= 0 && i.jumpTarget() < p.slots(), p.line(i));
        assertTrue(p.assembly(i).endsWith(" ; 0x" + Long.toHexString(p.address(i.jumpTarget()))), p.line(i));
      }
    }
    // the ELF's only text symbol, and the syscalls named through .rel.dyn
    assertTrue(p.labels().containsValue("entrypoint"));
    assertTrue(p.callNames().containsValue("sol_log_") || p.callNames().containsValue("sol_log_data"));
    assertTrue(p.labels().values().stream().anyMatch(n -> n.startsWith("fn_")), "call targets named");
  }
}
