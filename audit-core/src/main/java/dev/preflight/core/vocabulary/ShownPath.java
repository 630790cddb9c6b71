package dev.preflight.core.vocabulary;

import java.nio.file.Path;

/**
 * A path as messages and reports show it: relative to the project when it lies inside, else as
 * the user gave it, so that nothing Preflight writes carries the machine's absolute path of a file
 * it was handed relative.
 */
public final class ShownPath {
  private ShownPath() {}

  public static String of(Path file, Path baseDir) {
    try {
      Path abs = file.toAbsolutePath().normalize();
      Path base = baseDir.toAbsolutePath().normalize();
      return abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs).toString()
          : file.toString();
    } catch (IllegalArgumentException e) {
      return file.toString();
    }
  }
}
