package dev.preflight.core.chain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small synthetic ELF64 files laid out like an SBPF program (little-endian, ET_DYN, EM_SBPF):
 * the 64-byte header, section contents, then the section header table with a NULL section first and
 * {@code .shstrtab} last, for the malformed and edge cases; {@link SbpfVersionsTest} reads the real
 * reference escrow builds (SBPF v0 and v3).
 */
final class TestElf {

  private record Sec(String name, int type, long flags, byte[] data) {}

  private final List<Sec> sections = new ArrayList<>();
  private int machine = Elf64.EM_SBPF;
  private int elfType = Elf64.ET_DYN;
  private byte elfClass = 2;

  TestElf machine(int m) {
    this.machine = m;
    return this;
  }

  TestElf type(int t) {
    this.elfType = t;
    return this;
  }

  TestElf elfClass(int c) {
    this.elfClass = (byte) c;
    return this;
  }

  TestElf section(String name, int type, long flags, byte[] data) {
    sections.add(new Sec(name, type, flags, data));
    return this;
  }

  /** A program-like file: .text with a few instructions, .rodata with the given bytes. */
  static TestElf program(byte[] rodata) {
    byte[] text = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // mov64 r0, 0; exit
    return new TestElf().section(".text", 1, 6, text).section(".rodata", 1, 2, rodata);
  }

  byte[] build() {
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    strtab.write(0);
    List<Integer> nameOffsets = new ArrayList<>();
    List<Sec> all = new ArrayList<>(sections);
    all.add(new Sec(".shstrtab", 3, 0, null));
    for (Sec s : all) {
      nameOffsets.add(strtab.size());
      strtab.writeBytes(s.name().getBytes(StandardCharsets.US_ASCII));
      strtab.write(0);
    }
    byte[] strBytes = strtab.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[64]);
    List<long[]> placed = new ArrayList<>(); // offset, size
    for (Sec s : all) {
      byte[] data = s.data() == null ? strBytes : s.data();
      while (body.size() % 8 != 0) {
        body.write(0);
      }
      placed.add(new long[] {body.size(), data.length});
      body.writeBytes(data);
    }
    while (body.size() % 8 != 0) {
      body.write(0);
    }
    int shoff = body.size();
    int shnum = all.size() + 1;
    body.writeBytes(new byte[64]); // NULL section header
    for (int i = 0; i < all.size(); i++) {
      byte[] h = new byte[64];
      put(h, 0, nameOffsets.get(i), 4);
      put(h, 4, all.get(i).type(), 4);
      put(h, 8, all.get(i).flags(), 8);
      put(h, 16, 0x100000000L + placed.get(i)[0], 8); // sh_addr, as SBPF v0 programs map sections
      put(h, 24, placed.get(i)[0], 8);
      put(h, 32, placed.get(i)[1], 8);
      put(h, 48, 1, 8); // sh_addralign
      body.writeBytes(h);
    }
    byte[] out = body.toByteArray();
    out[0] = 0x7F;
    out[1] = 'E';
    out[2] = 'L';
    out[3] = 'F';
    out[4] = elfClass;
    out[5] = 1; // little-endian
    out[6] = 1; // EV_CURRENT
    put(out, 16, elfType, 2);
    put(out, 18, machine, 2);
    put(out, 20, 1, 4);
    put(out, 24, 0x100000000L + placed.get(0)[0], 8); // e_entry at .text
    put(out, 40, shoff, 8);
    put(out, 52, 64, 2); // e_ehsize
    put(out, 58, 64, 2); // e_shentsize
    put(out, 60, shnum, 2);
    put(out, 62, shnum - 1, 2); // .shstrtab is last
    return out;
  }

  private static void put(byte[] b, int at, long v, int width) {
    for (int i = 0; i < width; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
