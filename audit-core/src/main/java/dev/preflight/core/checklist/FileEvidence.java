package dev.preflight.core.checklist;

import dev.preflight.core.check.Evidence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file of the team's own (attestation evidence, coverage report, document) as it was at audit
 * time: its length and SHA-256, streamed so large files cost no memory. {@code shown} is the path
 * relative to the policy's directory when the file lies below it, so evidence and fingerprints do
 * not change with the checkout location.
 */
public record FileEvidence(Path path, String shown, long length, String sha256) {

  /** Reads {@code file} and hashes it; {@code baseDir} is the policy file's directory. */
  public static FileEvidence read(Path file, Path baseDir) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
    long length = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        length += n;
      }
    }
    return new FileEvidence(file, shown(file, baseDir), length,
        HexFormat.of().formatHex(md.digest()));
  }

  /**
   * {@code file} relative to {@code baseDir} ({@code ../../docs/guide.md} for a file beside it),
   * '/' separated: the same text in every checkout, so reports and fingerprints do not depend on
   * where the project lies. Only a file on another root (another Windows drive) keeps its path.
   */
  public static String shown(Path file, Path baseDir) {
    Path abs = file.toAbsolutePath().normalize();
    Path base = baseDir.toAbsolutePath().normalize();
    Path p = java.util.Objects.equals(abs.getRoot(), base.getRoot()) ? base.relativize(abs) : file;
    return p.toString().replace('\\', '/');
  }

  /** Evidence naming this file, its length and hash, and one decoded fact about it. */
  public Evidence evidence(String field, String value) {
    return Evidence.file(shown, length, sha256, field, value);
  }
}
