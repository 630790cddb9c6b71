package dev.preflight.core.chain;

import dev.preflight.core.PreflightException;

/** A file or account that is not a loadable Solana program ELF, with the offset of the problem. */
public final class ElfException extends PreflightException {

  private final String source;
  private final long offset;

  public ElfException(String source, long offset, String problem, String remedy) {
    super(problem, source + " (offset " + offset + ")", remedy);
    this.source = source;
    this.offset = offset;
  }

  /** The file or account the bytes came from. */
  public String source() {
    return source;
  }

  public long offset() {
    return offset;
  }
}
