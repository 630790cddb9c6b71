package dev.preflight.validator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the smallest useful SBPF v0 program: it exits with the first byte of its instruction
 * data as the error code (0, or no data at all, means success). Called with no accounts, so the
 * input region is {@code [u64 num_accounts = 0][u64 data_len][data...][program_id]}:
 *
 * <pre>
 *   0: ldxdw r2, [r1 + 8]     ; data_len
 *   1: jeq   r2, 0, +2        ; no data: succeed
 *   2: ldxb  r0, [r1 + 16]    ; exit code = data[0]
 *   3: exit
 *   4: mov64 r0, 0
 *   5: exit
 * </pre>
 *
 * <p>The ELF is what solana-sbpf's lenient (v0) loader accepts: ELF64 little-endian, e_type
 * ET_DYN, e_machine EM_BPF (247), e_flags 0 (SBPF v0), one PT_LOAD program header, a
 * {@code .text} section whose sh_addr equals its file offset, e_entry at the start of .text,
 * and {@code .shstrtab}; no relocations, no dynamic section. Layout (bytes):
 * 0 ELF header (64), 64 program header (56), 120 .text (48), 168 .shstrtab (17), 192 section
 * headers (3 x 64) = 384 bytes.
 */
final class MinimalSbpfProgram {

  private static final int TEXT_OFFSET = 120;
  private static final int SHSTRTAB_OFFSET = 168;
  private static final int SECTION_HEADERS_OFFSET = 192;
  private static final byte[] SHSTRTAB = "\0.text\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);

  private MinimalSbpfProgram() {
  }

  static byte[] elf() {
    byte[] text = text();
    var b = ByteBuffer.allocate(SECTION_HEADERS_OFFSET + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
    // ELF header
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little endian */, 1 /* EV_CURRENT */, 0 /* SysV ABI */});
    b.put(new byte[8]);
    b.putShort((short) 3);            // e_type ET_DYN
    b.putShort((short) 247);          // e_machine EM_BPF
    b.putInt(1);                      // e_version
    b.putLong(TEXT_OFFSET);           // e_entry
    b.putLong(64);                    // e_phoff
    b.putLong(SECTION_HEADERS_OFFSET); // e_shoff
    b.putInt(0);                      // e_flags: SBPF v0
    b.putShort((short) 64);           // e_ehsize
    b.putShort((short) 56);           // e_phentsize
    b.putShort((short) 1);            // e_phnum
    b.putShort((short) 64);           // e_shentsize
    b.putShort((short) 3);            // e_shnum
    b.putShort((short) 2);            // e_shstrndx
    // Program header: PT_LOAD of .text, readable and executable
    b.putInt(1);
    b.putInt(5);                      // PF_R | PF_X
    b.putLong(TEXT_OFFSET);           // p_offset
    b.putLong(TEXT_OFFSET);           // p_vaddr
    b.putLong(TEXT_OFFSET);           // p_paddr
    b.putLong(text.length);           // p_filesz
    b.putLong(text.length);           // p_memsz
    b.putLong(8);                     // p_align
    // .text and .shstrtab
    b.put(text);
    b.put(SHSTRTAB);
    b.position(SECTION_HEADERS_OFFSET);
    b.put(new byte[64]);              // section 0: SHT_NULL
    sectionHeader(b, 1, 1 /* SHT_PROGBITS */, 6 /* SHF_ALLOC | SHF_EXECINSTR */, TEXT_OFFSET, TEXT_OFFSET, text.length, 8);
    sectionHeader(b, 7, 3 /* SHT_STRTAB */, 0, 0, SHSTRTAB_OFFSET, SHSTRTAB.length, 1);
    return b.array();
  }

  private static byte[] text() {
    var t = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
    insn(t, 0x79, 2, 1, 8, 0);   // ldxdw r2, [r1+8]
    insn(t, 0x15, 2, 0, 2, 0);   // jeq r2, 0, +2
    insn(t, 0x71, 0, 1, 16, 0);  // ldxb r0, [r1+16]
    insn(t, 0x95, 0, 0, 0, 0);   // exit
    insn(t, 0xb7, 0, 0, 0, 0);   // mov64 r0, 0
    insn(t, 0x95, 0, 0, 0, 0);   // exit
    return t.array();
  }

  /** One 8-byte instruction: opcode, dst (low nibble) / src (high nibble), i16 offset, i32 imm. */
  private static void insn(ByteBuffer t, int opcode, int dst, int src, int offset, int imm) {
    t.put((byte) opcode).put((byte) ((src << 4) | dst)).putShort((short) offset).putInt(imm);
  }

  private static void sectionHeader(ByteBuffer b, int name, int type, long flags, long addr, long offset, long size, long align) {
    b.putInt(name).putInt(type).putLong(flags).putLong(addr).putLong(offset).putLong(size)
        .putInt(0).putInt(0).putLong(align).putLong(0);
  }

  static Path write(Path dir) throws IOException {
    Path so = dir.resolve("exit_with_first_byte.so");
    Files.write(so, elf());
    return so;
  }
}
