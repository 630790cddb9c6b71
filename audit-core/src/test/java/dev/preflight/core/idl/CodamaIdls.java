package dev.preflight.core.idl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Codama IDLs of SPL Token, Token-2022 and System, read in place from
 * {@code shared/data/codama/} beside the repository (or {@code -Dpreflight.codama=<dir>}). Tests skip
 * without them, except under {@code CI=true}, where shared/ is beside the clone and a missing file fails.
 */
public final class CodamaIdls {

  public static final String TOKEN = "token.json";
  public static final String TOKEN_2022 = "token-2022.json";
  public static final String SYSTEM = "system.json";

  private CodamaIdls() {}

  /** The file, or the test is skipped (failed under CI). */
  public static Path file(String name) {
    Optional<Path> p = find(name);
    if (p.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("Codama IDL shared/data/codama/" + name + " not found beside the repository; CI must test "
          + "with it (or set -Dpreflight.codama=<dir>)");
    }
    Assumptions.assumeTrue(p.isPresent(), "Codama IDL shared/data/codama/" + name
        + " not found beside the repository; set -Dpreflight.codama=<dir> to run this test");
    return p.get();
  }

  public static Idl load(String name) {
    return Idl.load(file(name));
  }

  private static Optional<Path> find(String name) {
    String explicit = System.getProperty("preflight.codama");
    if (explicit != null) {
      Path p = Path.of(explicit).resolve(name);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = Path.of(System.getProperty("preflight.root", ".")).toAbsolutePath();
    for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
      Path p = dir.resolve("shared/data/codama").resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
