package dev.preflight.core.coverage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The register trace of one program invocation as LiteSVM writes it into {@code SBF_TRACE_DIR}:
 * {@code <hash>.regs} (12 little-endian u64 per executed instruction: r0..r10, then the program
 * counter), {@code <hash>.insns} (the 8-byte instruction of each step), {@code <hash>.program_id}
 * (base58) and {@code <hash>.exec.sha256} (hex SHA-256 of the executed ELF).
 *
 * @param base the path without extension
 */
public record Trace(Path base, String programId, String execSha256) {

  /** Bytes of one step in {@code .regs}: 12 registers of 8 bytes. */
  public static final int STEP_BYTES = 12 * 8;
  /** Offset of the program counter in a step. */
  static final int PC_OFFSET = 11 * 8;
  static final List<String> EXTENSIONS = List.of(".regs", ".insns", ".program_id", ".exec.sha256");

  public Path regs() {
    return sibling(".regs");
  }

  public Path insns() {
    return sibling(".insns");
  }

  private Path sibling(String ext) {
    return base.resolveSibling(base.getFileName() + ext);
  }

  /** The program counter of every executed instruction, in execution order. */
  public long[] pcs() throws IOException {
    byte[] b = Files.readAllBytes(regs());
    if (b.length % STEP_BYTES != 0) {
      throw new IOException(regs() + " is " + b.length + " bytes, not a whole number of "
          + STEP_BYTES + "-byte steps");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long[] pcs = new long[b.length / STEP_BYTES];
    for (int i = 0; i < pcs.length; i++) {
      pcs[i] = buf.getLong(i * STEP_BYTES + PC_OFFSET);
    }
    return pcs;
  }

  /** Removes the trace's four files (those that exist). */
  public void delete() throws IOException {
    for (String ext : EXTENSIONS) {
      Files.deleteIfExists(sibling(ext));
    }
  }

  /** Size in bytes of the trace's files. */
  public long bytes() throws IOException {
    long n = 0;
    for (String ext : EXTENSIONS) {
      Path p = sibling(ext);
      if (Files.exists(p)) {
        n += Files.size(p);
      }
    }
    return n;
  }

  /**
   * Every complete trace in {@code dir} (one whose {@code .program_id} and {@code .regs} exist),
   * in name order; none when the directory does not exist.
   */
  public static List<Trace> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> ids;
    try (Stream<Path> files = Files.list(dir)) {
      ids = files.filter(f -> f.getFileName().toString().endsWith(".program_id")).sorted().toList();
    }
    List<Trace> out = new ArrayList<>();
    for (Path id : ids) {
      String name = id.getFileName().toString();
      Path base = id.resolveSibling(name.substring(0, name.length() - ".program_id".length()));
      Optional<Trace> t = read(base);
      t.ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Trace> read(Path base) throws IOException {
    try {
      String program = Files.readString(base.resolveSibling(base.getFileName() + ".program_id"),
          StandardCharsets.UTF_8).strip();
      Path sha = base.resolveSibling(base.getFileName() + ".exec.sha256");
      String exec = Files.exists(sha) ? Files.readString(sha, StandardCharsets.UTF_8).strip() : "";
      Trace t = new Trace(base, program, exec);
      return Files.exists(t.regs()) ? Optional.of(t) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
