package dev.preflight.core.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A minimal ELF64 reader for Solana programs: validates the header and lists the section headers,
 * enough to find sections (e.g. {@code .security.txt}) and to tell a program from garbage with a
 * clear message. Solana programs are little-endian 64-bit shared objects ({@code ET_DYN}) for
 * {@code EM_BPF} (247) or {@code EM_SBPF} (263). Field offsets per the ELF-64 object file format.
 */
public record Elf64(
    String source,
    int type,
    int machine,
    long entry,
    long flags,
    List<Section> sections) {

  public static final int EM_BPF = 247;
  public static final int EM_SBPF = 263;
  public static final int ET_DYN = 3;
  private static final int EHDR_SIZE = 64;
  private static final int SHDR_SIZE = 64;

  public Elf64 {
    Objects.requireNonNull(source, "source");
    sections = List.copyOf(sections);
  }

  /**
   * One section header.
   *
   * @param name resolved through the section-name string table (empty if it has none)
   */
  public record Section(String name, int type, long flags, long addr, long offset, long size) {
    /** The section's bytes, when it has bytes in the file ({@code SHT_NOBITS} has none). */
    public Optional<byte[]> bytes(byte[] file) {
      if (type == 8 || offset < 0 || size < 0 || offset > file.length || size > file.length - offset) {
        return Optional.empty();
      }
      return Optional.of(java.util.Arrays.copyOfRange(file, (int) offset, (int) (offset + size)));
    }
  }

  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Parses and validates an ELF file.
   *
   * @param source how messages name the bytes (file path or account address)
   * @throws ElfException when the bytes are not a little-endian ELF64 BPF/SBPF shared object, or a
   *     header points outside the file
   */
  public static Elf64 parse(byte[] b, String source) {
    if (b.length < 4 || b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
      byte[] head = java.util.Arrays.copyOf(b, Math.min(4, b.length));
      throw new ElfException(source, 0, "is not an ELF file: it starts with "
          + (head.length == 0 ? "nothing" : HexFormat.ofDelimiter(" ").formatHex(head) + " ('" + printable(head) + "')")
          + ", an ELF starts with 7f 45 4c 46", "Give the program's .so (target/deploy/<name>.so) or its ProgramData bytes");
    }
    if (b.length < EHDR_SIZE) {
      throw new ElfException(source, b.length, "is " + b.length + " bytes, shorter than the 64-byte ELF64 header",
          "The file is truncated");
    }
    if (b[4] != 2) {
      throw new ElfException(source, 4, "is a " + (b[4] == 1 ? "32-bit" : "class " + b[4]) + " ELF; Solana programs are ELF64",
          "Build the program for the sbf/bpf target");
    }
    if (b[5] != 1) {
      throw new ElfException(source, 5, "is a big-endian or unknown-endian ELF (EI_DATA " + b[5]
          + "); Solana programs are little-endian", "Build the program for the sbf/bpf target");
    }
    int type = u16(b, 16);
    int machine = u16(b, 18);
    if (machine != EM_BPF && machine != EM_SBPF) {
      throw new ElfException(source, 18, "is an ELF for machine " + machine + " (" + machineName(machine)
          + "), not BPF (247) or SBPF (263)", "This is a native binary, not a Solana program");
    }
    if (type != ET_DYN) {
      throw new ElfException(source, 16, "has ELF type " + type + ", Solana loads shared objects (ET_DYN = 3)",
          "Link the program as a shared object (cargo build-sbf does)");
    }
    long entry = u64(b, 24);
    long shoff = u64(b, 40);
    long flags = u32(b, 48);
    int shentsize = u16(b, 58);
    int shnum = u16(b, 60);
    int shstrndx = u16(b, 62);
    List<Section> sections = new ArrayList<>();
    if (shnum > 0) {
      if (shentsize != SHDR_SIZE) {
        throw new ElfException(source, 58, "section header size is " + shentsize + ", ELF64 uses 64",
            "The file is corrupt");
      }
      if (shoff < EHDR_SIZE || shoff > b.length || (long) shnum * SHDR_SIZE > b.length - shoff) {
        throw new ElfException(source, 40, "section header table (" + shnum + " entries at offset " + shoff
            + ") lies outside the " + b.length + "-byte file", "The file is truncated or corrupt");
      }
      long strOff = -1;
      long strSize = 0;
      if (shstrndx < shnum) {
        int h = (int) (shoff + (long) shstrndx * SHDR_SIZE);
        strOff = u64(b, h + 24);
        strSize = u64(b, h + 32);
        if (strOff < 0 || strSize < 0 || strOff > b.length || strSize > b.length - strOff) {
          throw new ElfException(source, h, "section-name table lies outside the file", "The file is corrupt");
        }
      }
      for (int i = 0; i < shnum; i++) {
        int h = (int) (shoff + (long) i * SHDR_SIZE);
        long nameOff = u32(b, h);
        String name = strOff < 0 ? "" : cString(b, strOff, strSize, nameOff);
        sections.add(new Section(name, (int) u32(b, h + 4), u64(b, h + 8), u64(b, h + 16), u64(b, h + 24),
            u64(b, h + 32)));
      }
    }
    return new Elf64(source, type, machine, entry, flags, sections);
  }

  private static String cString(byte[] b, long tableOff, long tableSize, long nameOff) {
    if (nameOff >= tableSize) {
      return "";
    }
    int start = (int) (tableOff + nameOff);
    int end = start;
    int limit = (int) (tableOff + tableSize);
    while (end < limit && b[end] != 0) {
      end++;
    }
    return new String(b, start, end - start, StandardCharsets.UTF_8);
  }

  private static String machineName(int m) {
    return switch (m) {
      case 3 -> "x86";
      case 40 -> "ARM";
      case 62 -> "x86-64";
      case 183 -> "AArch64";
      case 243 -> "RISC-V";
      default -> "unknown";
    };
  }

  private static String printable(byte[] head) {
    StringBuilder sb = new StringBuilder();
    for (byte x : head) {
      sb.append(x >= 0x20 && x < 0x7F ? (char) x : '.');
    }
    return sb.toString();
  }

  private static int u16(byte[] b, int at) {
    return Bytes.u16(b, at);
  }

  private static long u32(byte[] b, int at) {
    return Bytes.u32(b, at);
  }

  private static long u64(byte[] b, int at) {
    return Bytes.u64(b, at);
  }
}
