package dev.preflight.core.coverage;

import dev.preflight.core.coverage.SbpfInstruction.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A table-driven decoder of the SBPF instruction set, enough to count slots, find the conditional
 * jumps and their targets, and print the instructions around a coverage gap.
 *
 * <p>Why not an existing disassembler: none exists for the JVM; solana-sbpf's and sbpf-disassembler
 * are Rust crates that a Maven build cannot load, and running a Rust or Node tool as a process
 * would add a toolchain to every user's machine for what is a fixed table of facts. The facts:
 * the opcode byte is class (low 3 bits) | source bit (0x08) | operation (high 4 bits), each slot is
 * {@code opcode, dst:4|src:4, offset:i16, imm:i32} little-endian, {@code lddw} (0x18) takes two
 * slots with the high half of its immediate in the second (solana-sbpf {@code src/ebpf.rs} and
 * {@code doc/bytecode.md}; the eBPF ISA, RFC 9669). What each version changes is in
 * {@link SbpfVersion}; version 3's calls were read off the escrow's v3 build ({@code call} with
 * source 0 and a hash for syscalls, source 1 for pc-relative calls, {@code 0x95} without an
 * immediate at the end of each function), which LiteSVM 1.5.0 runs.
 */
public final class SbpfDecoder {

  /** How the operands are printed and what the instruction does to control flow. */
  private enum Form {
    ALU_IMM, ALU_REG, UNARY, END, LDDW, LOAD, STORE_IMM, STORE_REG, JA, JCOND_IMM, JCOND_REG,
    CALL_IMM, CALLX, EXIT, SYSCALL, RETURN
  }

  private record Op(String mnemonic, Form form) {}

  private static final Map<SbpfVersion, Map<Integer, Op>> TABLES = tables();

  private SbpfDecoder() {}

  /**
   * Decodes every instruction of {@code text}. A byte that names no instruction decodes as
   * {@code Kind.UNKNOWN} (one slot) instead of failing: the coverage of the rest is still sound.
   */
  public static List<SbpfInstruction> decode(byte[] text, SbpfVersion version) {
    Map<Integer, Op> table = TABLES.get(version);
    int slots = text.length / 8;
    List<SbpfInstruction> out = new ArrayList<>(slots);
    int slot = 0;
    while (slot < slots) {
      int at = slot * 8;
      int opcode = text[at] & 0xFF;
      int dst = text[at + 1] & 0x0F;
      int src = (text[at + 1] >> 4) & 0x0F;
      short offset = (short) ((text[at + 2] & 0xFF) | (text[at + 3] << 8));
      long imm = le32(text, at + 4);
      Op op = version.staticSyscalls() ? staticCall(opcode, src, imm, table) : table.get(opcode);
      int width = 1;
      if (op != null && op.form() == Form.LDDW) {
        if (slot + 1 < slots) {
          imm = (imm & 0xFFFF_FFFFL) | (le32(text, at + 12) << 32);
          width = 2;
        } else {
          op = null;
        }
      }
      if (op == null) {
        out.add(new SbpfInstruction(slot, opcode, dst, src, offset, imm, 1, Kind.UNKNOWN,
            String.format("unknown 0x%02x", opcode)));
        slot++;
        continue;
      }
      out.add(new SbpfInstruction(slot, opcode, dst, src, offset, imm, width, kind(op.form()),
          op.mnemonic()));
      slot += width;
    }
    return List.copyOf(out);
  }

  /**
   * Version 3's calls: {@code call} with source 1 is pc-relative, with source 0 a syscall by hash;
   * {@code 0x95} with an immediate is a syscall, without one the exit the escrow's v3 build ends
   * its functions with; {@code 0x9d} is {@code return}.
   */
  private static Op staticCall(int opcode, int src, long imm, Map<Integer, Op> table) {
    return switch (opcode) {
      case 0x85 -> src == 0 ? new Op("syscall", Form.SYSCALL) : new Op("call", Form.CALL_IMM);
      case 0x95 -> imm == 0 ? new Op("exit", Form.EXIT) : new Op("syscall", Form.SYSCALL);
      case 0x9d -> new Op("return", Form.RETURN);
      default -> table.get(opcode);
    };
  }

  /**
   * The instruction in the assembler syntax of solana-sbpf's disassembler ({@code ldxdw r2,
   * [r1+0x58]}, {@code jeq r2, 0x0, +245}); {@code callName} names the target of a call when known
   * (a syscall's symbol, a function's label).
   */
  public static String format(SbpfInstruction i, SbpfVersion version, IntFunction<String> callName) {
    Map<Integer, Op> table = TABLES.get(version);
    Op op = version.staticSyscalls() ? staticCall(i.opcode(), i.src(), i.imm(), table) : table.get(i.opcode());
    if (op == null || i.kind() == Kind.UNKNOWN) {
      return i.mnemonic();
    }
    Form form = op.form();
    String m = i.mnemonic();
    return switch (form) {
      case ALU_IMM -> m + " r" + i.dst() + ", " + hex(i.imm());
      case ALU_REG -> m + " r" + i.dst() + ", r" + i.src();
      case UNARY -> m + " r" + i.dst();
      case END -> m + i.imm() + " r" + i.dst();
      case LDDW -> m + " r" + i.dst() + ", " + hex(i.imm());
      case LOAD -> m + " r" + i.dst() + ", " + mem(i.src(), i.offset());
      case STORE_IMM -> m + " " + mem(i.dst(), i.offset()) + ", " + hex(i.imm());
      case STORE_REG -> m + " " + mem(i.dst(), i.offset()) + ", r" + i.src();
      case JA -> m + " " + rel(i.offset());
      case JCOND_IMM -> m + " r" + i.dst() + ", " + hex(i.imm()) + ", " + rel(i.offset());
      case JCOND_REG -> m + " r" + i.dst() + ", r" + i.src() + ", " + rel(i.offset());
      case CALL_IMM -> {
        String name = callName.apply(i.slot());
        yield m + " " + (name != null ? name : rel((int) i.imm()));
      }
      case CALLX -> m + " r" + (version.callxSourceRegister() ? i.src() : (int) i.imm());
      case SYSCALL -> {
        String name = callName.apply(i.slot());
        yield "syscall " + (name != null ? name : hex(i.imm() & 0xFFFF_FFFFL));
      }
      case EXIT, RETURN -> m;
    };
  }

  private static Kind kind(Form f) {
    return switch (f) {
      case JCOND_IMM, JCOND_REG -> Kind.CONDITIONAL_JUMP;
      case JA -> Kind.JUMP;
      case CALL_IMM -> Kind.CALL;
      case CALLX -> Kind.CALL_REGISTER;
      case SYSCALL -> Kind.SYSCALL;
      case EXIT, RETURN -> Kind.EXIT;
      default -> Kind.OTHER;
    };
  }

  private static Map<SbpfVersion, Map<Integer, Op>> tables() {
    Map<SbpfVersion, Map<Integer, Op>> t = new EnumMap<>(SbpfVersion.class);
    for (SbpfVersion v : SbpfVersion.values()) {
      t.put(v, table(v));
    }
    return java.util.Collections.unmodifiableMap(t);
  }

  private static Map<Integer, Op> table(SbpfVersion v) {
    boolean moved = v.movedMemoryClasses();
    Map<Integer, Op> t = new HashMap<>();
    // ALU: class 0x04 (32-bit) and 0x07 (64-bit); operation in the high nibble, 0x08 = source register.
    String[] alu = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor", "mov",
        "arsh"};
    for (int op = 0; op < alu.length; op++) {
      for (int cls : new int[] {0x04, 0x07}) {
        String m = alu[op] + (cls == 0x07 ? "64" : "32");
        int code = cls | (op << 4);
        if (alu[op].equals("neg")) {
          if (!moved) {
            t.put(code, new Op(m, Form.UNARY)); // version 2 has no neg (SIMD-0174)
          }
          continue;
        }
        if (moved && (alu[op].equals("mul") || alu[op].equals("div") || alu[op].equals("mod"))) {
          continue; // version 2 moves them to the product/quotient/remainder class
        }
        t.put(code, new Op(m, Form.ALU_IMM));
        t.put(code | 0x08, new Op(m, Form.ALU_REG));
      }
    }
    // Byte swaps: 0xd4 le (not in version 2), 0xdc be; imm is the width in bits.
    if (!moved) {
      t.put(0xd4, new Op("le", Form.END));
    }
    t.put(0xdc, new Op("be", Form.END));
    // Jumps: class 0x05; in version 3 also their 32-bit forms in class 0x06.
    String[] jmp = {"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", null, null, "jlt", "jle",
        "jslt", "jsle"};
    for (int op = 0; op < jmp.length; op++) {
      if (jmp[op] == null) {
        continue;
      }
      int code = 0x05 | (op << 4);
      if (op == 0) {
        t.put(code, new Op("ja", Form.JA));
        continue;
      }
      t.put(code, new Op(jmp[op], Form.JCOND_IMM));
      t.put(code | 0x08, new Op(jmp[op], Form.JCOND_REG));
      if (v.jmp32()) {
        t.put(0x06 | (op << 4), new Op(jmp[op] + "32", Form.JCOND_IMM));
        t.put(0x06 | (op << 4) | 0x08, new Op(jmp[op] + "32", Form.JCOND_REG));
      }
    }
    t.put(0x85, new Op("call", Form.CALL_IMM));
    t.put(0x8d, new Op("callx", Form.CALLX));
    t.put(0x95, new Op("exit", Form.EXIT));
    String[] sizes = {"w", "h", "b", "dw"};
    if (!moved) {
      t.put(0x18, new Op("lddw", Form.LDDW));
      // Memory: class | mode MEM (0x60) | size (w 0x00, h 0x08, b 0x10, dw 0x18).
      for (int s = 0; s < 4; s++) {
        t.put(0x61 | (s << 3), new Op("ldx" + sizes[s], Form.LOAD));
        t.put(0x62 | (s << 3), new Op("st" + sizes[s], Form.STORE_IMM));
        t.put(0x63 | (s << 3), new Op("stx" + sizes[s], Form.STORE_REG));
      }
    } else {
      // SIMD-0173: loads and stores take the freed 32-bit mul/div/mod and 64-bit opcodes.
      int[] load = {0x8c, 0x3c, 0x2c, 0x9c};
      int[] storeImm = {0x87, 0x37, 0x27, 0x97};
      int[] storeReg = {0x8f, 0x3f, 0x2f, 0x9f};
      for (int s = 0; s < 4; s++) {
        t.put(load[s], new Op("ldx" + sizes[s], Form.LOAD));
        t.put(storeImm[s], new Op("st" + sizes[s], Form.STORE_IMM));
        t.put(storeReg[s], new Op("stx" + sizes[s], Form.STORE_REG));
      }
      t.put(0xf7, new Op("hor64", Form.ALU_IMM));
    }
    if (v.pqr()) {
      // SIMD-0174: product/quotient/remainder class 0x06.
      Object[][] pqr = {{0x30, "uhmul64"}, {0x40, "udiv32"}, {0x50, "udiv64"}, {0x60, "urem32"},
          {0x70, "urem64"}, {0x80, "lmul32"}, {0x90, "lmul64"}, {0xb0, "shmul64"}, {0xc0, "sdiv32"},
          {0xd0, "sdiv64"}, {0xe0, "srem32"}, {0xf0, "srem64"}};
      for (Object[] p : pqr) {
        int code = 0x06 | (Integer) p[0];
        t.put(code, new Op((String) p[1], Form.ALU_IMM));
        t.put(code | 0x08, new Op((String) p[1], Form.ALU_REG));
      }
    }
    return Map.copyOf(t);
  }

  private static String mem(int reg, short off) {
    return "[r" + reg + (off < 0 ? "-" : "+") + "0x" + Integer.toHexString(Math.abs((int) off)) + "]";
  }

  private static String rel(int off) {
    return (off < 0 ? "-" : "+") + Math.abs((long) off);
  }

  private static String hex(long v) {
    return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (long) b[at + 3] << 24;
  }
}
