package dev.preflight.core.chain;

import java.io.IOException;
import dev.preflight.core.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Program hashes exactly as {@code solana-verify} computes them (Ellipsis-Labs/solana-verifiable-build,
 * {@code src/main.rs}, commit fcaf4e4: {@code get_binary_hash}, {@code get_program_hash},
 * {@code get_buffer_hash}, {@code get_file_hash}): SHA-256 of the program bytes with every trailing zero
 * byte removed, printed as lower-case hex. The program bytes are: for an upgradeable program, the
 * ProgramData account after its 45-byte metadata; for the two immutable loaders, the whole program
 * account; for a buffer, the account after its 37-byte metadata; for a local {@code .so}, the whole
 * file. solana-verify does not support loader-v4; {@link #ofLoaderV4Account(byte[])} applies the same
 * rule after the 48-byte header.
 */
public final class ProgramHash {

  private ProgramHash() {}

  /** SHA-256 (hex) of {@code bytes[from..]} without trailing zero bytes. */
  public static String of(byte[] bytes, int from) {
    int end = bytes.length;
    while (end > from && bytes[end - 1] == 0) {
      end--;
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    if (end > from) {
      sha.update(bytes, from, end - from);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Hash of a ProgramData account's data (upgradeable loader). */
  public static String ofProgramDataAccount(byte[] programDataAccount) {
    UpgradeableLoaderState.decodeProgramData(programDataAccount, null);
    return of(programDataAccount, UpgradeableLoaderState.PROGRAMDATA_METADATA_SIZE);
  }

  /** Hash of a buffer account's data (upgradeable loader), for comparing before an upgrade. */
  public static String ofBufferAccount(byte[] bufferAccount) {
    if (!(UpgradeableLoaderState.decode(bufferAccount, null) instanceof UpgradeableLoaderState.Buffer)) {
      throw new ChainDecodeException("Buffer account", null, 0, "is not a Buffer (state tag "
          + Bytes.u32(bufferAccount, 0) + ")", "Give a buffer account of the upgradeable loader");
    }
    return of(bufferAccount, UpgradeableLoaderState.BUFFER_METADATA_SIZE);
  }

  /** Hash of a program account of the two immutable loaders (the ELF is the whole account). */
  public static String ofLegacyProgramAccount(byte[] programAccount) {
    return of(programAccount, 0);
  }

  /** Hash of a loader-v4 program account: the bytes after the 48-byte header. */
  public static String ofLoaderV4Account(byte[] programAccount) {
    LoaderV4State.decode(programAccount, null);
    return of(programAccount, LoaderV4State.HEADER_SIZE);
  }

  /** Hash of a local program file ({@code target/deploy/program.so}). */
  public static String ofFile(Path so) {
    try {
      return of(Files.readAllBytes(so), 0);
    } catch (IOException e) {
      throw new PreflightException("cannot read the program file: " + e.getMessage(), so.toString(),
          "Build the program first (the .so is under target/deploy) or fix the path", e);
    }
  }
}
