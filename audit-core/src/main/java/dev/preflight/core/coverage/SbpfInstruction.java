package dev.preflight.core.coverage;

/**
 * One decoded instruction of a program's {@code .text}.
 *
 * @param slot index of its first 8-byte slot, counted from the start of {@code .text} (the program
 *     counter the SVM reports)
 * @param width slots it takes: 2 for {@code lddw}, 1 otherwise
 * @param imm the 32-bit immediate; for {@code lddw} the full 64-bit value
 */
public record SbpfInstruction(int slot, int opcode, int dst, int src, short offset, long imm,
                              int width, Kind kind, String mnemonic) {

  /** What the instruction does to control flow; the rest is {@code OTHER}. */
  public enum Kind {
    CONDITIONAL_JUMP, JUMP, CALL, CALL_REGISTER, SYSCALL, EXIT, OTHER, UNKNOWN
  }

  /** Slot a jump goes to when taken (the SVM's offsets count from the next slot). */
  public int jumpTarget() {
    return slot + 1 + offset;
  }

  /** Slot an internal pc-relative {@code call} enters. */
  public int callTarget() {
    return (int) (slot + 1 + imm);
  }

  public boolean conditional() {
    return kind == Kind.CONDITIONAL_JUMP;
  }
}
