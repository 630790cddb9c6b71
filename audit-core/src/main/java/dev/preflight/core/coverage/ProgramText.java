package dev.preflight.core.coverage;

import dev.preflight.core.chain.Elf64;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The code of one program as coverage counts it: the ELF's {@code .text} cut into 8-byte slots and
 * decoded, with names for places in it.
 *
 * <p>The SVM's program counter counts slots from the start of {@code .text}: on the escrow (SBPF
 * v0) the first traced PC of every invocation is 7, and {@code (entrypoint - .text address) / 8} is
 * 7. An SBPF v3 ELF may have no section headers; its code is the executable segment. Names come from the ELF's symbols ({@code .symtab} when present, {@code .dynsym} otherwise,
 * usually only {@code entrypoint}), from relocations (a syscall's {@code call} names its symbol)
 * and from the targets of pc-relative calls, labelled {@code fn_<address>} where no symbol names
 * them, so a gap in a stripped binary still says which function it is in.
 *
 * @param sha256 of the whole file, as LiteSVM writes it in a trace's {@code .exec.sha256}
 * @param textAddress virtual address of {@code .text} (slot 0)
 * @param text the {@code .text} bytes
 * @param instructions decoded, in slot order
 * @param labels slot -> name of the functions known to start there
 * @param callNames slot of a call or syscall -> the name of what it calls, where known
 */
public record ProgramText(String source, String sha256, SbpfVersion version, long textAddress,
                          byte[] text, List<SbpfInstruction> instructions,
                          Map<Integer, String> labels, Map<Integer, String> callNames) {

  private static final int SHT_SYMTAB = 2;
  private static final int SHT_DYNSYM = 11;
  private static final int R_BPF_64_32 = 10;

  public ProgramText {
    instructions = List.copyOf(instructions);
    labels = Map.copyOf(labels);
    callNames = Map.copyOf(callNames);
  }

  /** Number of 8-byte slots in {@code .text} ({@code lddw} takes two). */
  public int slots() {
    return text.length / 8;
  }

  /** Address of a slot (what {@code llvm-objdump} and explorers show). */
  public long address(int slot) {
    return textAddress + 8L * slot;
  }

  /** Slot -> index in {@link #instructions()}, or -1 for the second slot of an {@code lddw}. */
  public int[] slotIndex() {
    int[] idx = new int[slots()];
    Arrays.fill(idx, -1);
    for (int i = 0; i < instructions.size(); i++) {
      idx[instructions.get(i).slot()] = i;
    }
    return idx;
  }

  /** The nearest name at or before {@code slot}, as {@code name+0x<bytes>}; empty before any. */
  public Optional<String> nearestLabel(int slot) {
    Entry<Integer, String> e = new TreeMap<>(labels).floorEntry(slot);
    if (e == null) {
      return Optional.empty();
    }
    int delta = (slot - e.getKey()) * 8;
    return Optional.of(delta == 0 ? e.getValue() : e.getValue() + "+0x" + Integer.toHexString(delta));
  }

  /**
   * The instruction's assembler text; a jump's target address is appended ({@code jeq r1, r2,
   * +173 ; 0x19b0}), since relative offsets are hard to follow in a listing.
   */
  public String assembly(SbpfInstruction i) {
    String text = SbpfDecoder.format(i, version, callNames::get);
    if (i.conditional() || i.kind() == SbpfInstruction.Kind.JUMP) {
      return text + " ; 0x" + Long.toHexString(address(i.jumpTarget()));
    }
    return text;
  }

  /** One instruction as a line: address, slot and assembler text. */
  public String line(SbpfInstruction i) {
    return String.format("%8x  %5d  %s", address(i.slot()), i.slot(), assembly(i));
  }

  public static ProgramText read(Path elf) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(elf);
    } catch (IOException e) {
      throw new CoverageException(elf.toString(), "cannot read the program: " + e.getMessage(),
          "Give the path of the deployed program's .so");
    }
    return of(bytes, elf.toString());
  }

  /**
   * @throws dev.preflight.core.chain.ElfException when the bytes are no SBPF ELF
   * @throws CoverageException when the ELF has no usable {@code .text}
   */
  public static ProgramText of(byte[] bytes, String source) {
    Elf64 elf = Elf64.parse(bytes, source);
    SbpfVersion version = SbpfVersion.ofElfFlags(elf.flags(), source);
    Code code = code(elf, bytes, version, source);
    byte[] text = code.bytes();
    if (text.length % 8 != 0) {
      throw new CoverageException(source, ".text is " + text.length + " bytes, not a whole number of "
          + "8-byte instruction slots", "The file is corrupt");
    }
    List<SbpfInstruction> insns = SbpfDecoder.decode(text, version);
    long base = code.address();
    int slots = text.length / 8;

    Map<Integer, String> labels = new HashMap<>();
    Map<Integer, String> callNames = new HashMap<>();
    List<Sym> symbols = symbols(elf, bytes);
    for (Sym s : symbols) {
      if (!s.name().isEmpty() && s.value() >= base && s.value() < base + text.length
          && (s.value() - base) % 8 == 0) {
        labels.putIfAbsent((int) ((s.value() - base) / 8), s.name());
      }
    }
    relocatedCalls(elf, bytes, base, slots).forEach(callNames::put);
    for (SbpfInstruction i : insns) {
      if (i.kind() == SbpfInstruction.Kind.CALL && !callNames.containsKey(i.slot())) {
        int target = i.callTarget();
        if (target >= 0 && target < slots && i.imm() != -1) {
          labels.putIfAbsent(target, "fn_" + Long.toHexString(base + 8L * target));
          callNames.put(i.slot(), labels.get(target));
        }
      }
    }
    if (elf.entry() >= base && elf.entry() < base + text.length) {
      labels.putIfAbsent((int) ((elf.entry() - base) / 8), "entrypoint");
    }
    return new ProgramText(source, sha256(bytes), version, base, text, insns, labels, callNames);
  }

  /** The program's code and the virtual address of its first slot. */
  private record Code(byte[] bytes, long address) {}

  private static final int PT_LOAD = 1;
  private static final int PF_X = 1;

  /**
   * Where the code is: the {@code .text} section; for SBPF v3, whose ELFs may carry no section
   * headers (SIMD-0189: the loader reads program headers only), the executable {@code PT_LOAD}
   * segment, whose first byte is program counter 0.
   */
  private static Code code(Elf64 elf, byte[] bytes, SbpfVersion version, String source) {
    Optional<Elf64.Section> text = elf.section(".text");
    if (text.isPresent()) {
      byte[] b = text.get().bytes(bytes).orElseThrow(() -> new CoverageException(source,
          ".text lies outside the file", "The file is truncated or corrupt"));
      return new Code(b, text.get().addr());
    }
    if (version == SbpfVersion.V3) {
      // Elf64_Phdr: p_type u32, p_flags u32, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align u64
      ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      long phoff = h.getLong(32);
      int phentsize = h.getShort(54) & 0xFFFF;
      int phnum = h.getShort(56) & 0xFFFF;
      for (int i = 0; i < phnum; i++) {
        long at = phoff + (long) i * phentsize;
        if (phentsize < 56 || at < 0 || at + 56 > bytes.length) {
          break;
        }
        int type = h.getInt((int) at);
        int flags = h.getInt((int) at + 4);
        long offset = h.getLong((int) at + 8);
        long vaddr = h.getLong((int) at + 16);
        long filesz = h.getLong((int) at + 32);
        if (type == PT_LOAD && (flags & PF_X) != 0) {
          if (offset < 0 || filesz < 0 || offset > bytes.length || filesz > bytes.length - offset) {
            throw new CoverageException(source, "the executable segment lies outside the file",
                "The file is truncated or corrupt");
          }
          return new Code(Arrays.copyOfRange(bytes, (int) offset, (int) (offset + filesz)), vaddr);
        }
      }
    }
    throw new CoverageException(source, "the ELF has no .text section"
        + (version == SbpfVersion.V3 ? " and no executable segment" : "") + ", so its code cannot be located",
        "Give the .so as the linker wrote it");
  }

  private record Sym(String name, long value, int shndx) {}

  private static List<Sym> symbols(Elf64 elf, byte[] b) {
    Optional<Elf64.Section> table = elf.sections().stream().filter(s -> s.type() == SHT_SYMTAB).findFirst();
    String strings = ".strtab";
    if (table.isEmpty()) {
      table = elf.sections().stream().filter(s -> s.type() == SHT_DYNSYM).findFirst();
      strings = ".dynstr";
    }
    Optional<byte[]> names = elf.section(strings).flatMap(s -> s.bytes(b));
    Optional<byte[]> entries = table.flatMap(s -> s.bytes(b));
    if (entries.isEmpty() || names.isEmpty()) {
      return List.of();
    }
    // Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, st_value u64, st_size u64.
    ByteBuffer buf = ByteBuffer.wrap(entries.get()).order(ByteOrder.LITTLE_ENDIAN);
    List<Sym> out = new ArrayList<>();
    for (int at = 0; at + 24 <= entries.get().length; at += 24) {
      long nameOff = buf.getInt(at) & 0xFFFF_FFFFL;
      int shndx = buf.getShort(at + 6) & 0xFFFF;
      out.add(new Sym(cString(names.get(), nameOff), buf.getLong(at + 8), shndx));
    }
    return out;
  }

  /**
   * Calls the loader patches ({@code R_BPF_64_32} in {@code .rel.dyn}): the slot of the call and
   * the symbol it names, a syscall such as {@code sol_log_} or an exported function.
   */
  private static Map<Integer, String> relocatedCalls(Elf64 elf, byte[] b, long base, int slots) {
    Map<Integer, String> out = new HashMap<>();
    Optional<byte[]> rel = elf.section(".rel.dyn").flatMap(s -> s.bytes(b));
    Optional<byte[]> dynsym = elf.section(".dynsym").flatMap(s -> s.bytes(b));
    Optional<byte[]> dynstr = elf.section(".dynstr").flatMap(s -> s.bytes(b));
    if (rel.isEmpty() || dynsym.isEmpty() || dynstr.isEmpty()) {
      return out;
    }
    ByteBuffer r = ByteBuffer.wrap(rel.get()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer s = ByteBuffer.wrap(dynsym.get()).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 16 <= rel.get().length; at += 16) {
      long offset = r.getLong(at);
      long info = r.getLong(at + 8);
      long sym = info >>> 32;
      if ((info & 0xFFFF_FFFFL) != R_BPF_64_32 || offset < base || (offset - base) / 8 >= slots
          || sym * 24 + 24 > dynsym.get().length) {
        continue;
      }
      String name = cString(dynstr.get(), s.getInt((int) sym * 24) & 0xFFFF_FFFFL);
      if (!name.isEmpty()) {
        out.put((int) ((offset - base) / 8), name);
      }
    }
    return out;
  }

  private static String cString(byte[] table, long off) {
    if (off < 0 || off >= table.length) {
      return "";
    }
    int end = (int) off;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, (int) off, end - (int) off, StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProgramText p && p.sha256.equals(sha256) && p.source.equals(source);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return "ProgramText[" + source + ", " + slots() + " slots, " + version + "]";
  }
}
