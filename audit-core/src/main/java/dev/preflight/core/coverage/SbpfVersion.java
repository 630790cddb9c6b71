package dev.preflight.core.coverage;

/**
 * The SBPF version of a program, from the ELF header's {@code e_flags}, and what each changes in
 * the encoding (solana-sbpf {@code src/program.rs}, {@code SBPFVersion}). Versions 0 and 1 share
 * the classic eBPF encoding. Version 2 (SIMD-0173, SIMD-0174) moves loads and stores and adds the
 * product/quotient/remainder class. Version 3 keeps the classic memory classes and {@code lddw}
 * (the escrow's v3 build uses both), adds 32-bit jumps in class 0x06, and static syscalls
 * (SIMD-0178).
 */
public enum SbpfVersion {
  V0, V1, V2, V3;

  /** Loads and stores use the ALU classes' opcodes, and lddw is gone (SIMD-0173: version 2 only). */
  public boolean movedMemoryClasses() {
    return this == V2;
  }

  /** Class 0x06 is product/quotient/remainder (SIMD-0174: version 2 only). */
  public boolean pqr() {
    return this == V2;
  }

  /** Class 0x06 holds the 32-bit conditional jumps (version 3). */
  public boolean jmp32() {
    return this == V3;
  }

  /** {@code callx} names its register in the source field (from version 2). */
  public boolean callxSourceRegister() {
    return this == V2 || this == V3;
  }

  /**
   * {@code call} with source 0 is a syscall by hash, with source 1 a pc-relative call, and
   * {@code 0x9d} is {@code return} (SIMD-0178, version 3).
   */
  public boolean staticSyscalls() {
    return this == V3;
  }

  /**
   * The version an ELF declares. solana-sbpf reads {@code e_flags} 0..3 as the version; the
   * legacy marker {@code EF_SBPF_V2} (0x20) names the pre-release version-2 encoding.
   */
  public static SbpfVersion ofElfFlags(long flags, String source) {
    return switch ((int) flags) {
      case 0 -> V0;
      case 1 -> V1;
      case 2, 0x20 -> V2;
      case 3 -> V3;
      default -> throw new CoverageException(source, "e_flags " + flags
          + " names no SBPF version this reader knows (0 to 3)",
          "Build the program for SBPF v0..v3, or measure coverage with a newer Preflight");
    };
  }
}
