package dev.preflight.core.coverage;

/**
 * The SBPF version of a program, from the ELF header's {@code e_flags}. Versions 0 and 1 share the
 * classic eBPF encoding; from version 2 (SIMD-0173, SIMD-0174) loads and stores, multiplication and
 * division moved to other opcodes and {@code lddw} is gone; version 3 (SIMD-0178) adds
 * {@code syscall} and {@code return}.
 */
public enum SbpfVersion {
  V0, V1, V2, V3;

  /** Loads, stores and the product/quotient/remainder class use the version-2 opcodes. */
  public boolean newEncoding() {
    return this == V2 || this == V3;
  }

  /** {@code 0x95} is {@code syscall} and {@code 0x9d} is {@code return} (SIMD-0178). */
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
