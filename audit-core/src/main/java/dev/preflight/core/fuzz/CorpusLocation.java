package dev.preflight.core.fuzz;

import dev.preflight.core.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the fuzz corpus lives: in the project, so that {@code mvn clean} keeps it and it can be
 * committed with the code it guards. The build's override ({@code -Dpreflight.fuzz.corpus}, relative
 * to the project) wins over the policy's {@code fuzz.corpus} (relative to the policy file), which
 * wins over {@code src/test/preflight/corpus} in the project.
 *
 * @param directory the corpus root ({@code <directory>/<program hash>/<case>.json})
 * @param legacy where earlier versions kept it ({@code target/preflight/fuzz-corpus}), read once
 */
public record CorpusLocation(Path directory, Path legacy) {

  /** The default, relative to the project's directory. */
  public static final String DEFAULT = "src/test/preflight/corpus";

  /** What {@link #migrate()} did: how many saved cases moved from {@code from}. */
  public record Migration(int files, Path from, Path to) {}

  /**
   * The corpus root for a project in {@code baseDir} whose policy is {@code policyFile}, given the
   * build's override and the policy's {@code fuzz.corpus}; {@code legacy} is the old place.
   */
  public static CorpusLocation of(Optional<Path> override, Optional<String> policyValue,
                                  Path policyFile, Path baseDir, Path legacy) {
    Path dir;
    if (override.isPresent()) {
      dir = baseDir.resolve(override.get());
    } else if (policyValue.isPresent() && !policyValue.get().isBlank()) {
      Path parent = policyFile.toAbsolutePath().getParent();
      dir = (parent == null ? baseDir : parent).resolve(policyValue.get());
    } else {
      dir = baseDir.resolve(DEFAULT);
    }
    return new CorpusLocation(dir.normalize(), legacy.normalize());
  }

  /**
   * Moves the cases of a corpus left under the old place into {@link #directory()} (a case already
   * there is kept), then removes the old directory, so it is read once. Empty when there was
   * nothing to move.
   */
  public Optional<Migration> migrate() {
    if (!Files.isDirectory(legacy) || legacy.toAbsolutePath().equals(directory.toAbsolutePath())) {
      return Optional.empty();
    }
    int moved = 0;
    try {
      List<Path> files;
      try (Stream<Path> s = Files.walk(legacy)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        Path to = directory.resolve(legacy.relativize(f).toString());
        if (!Files.exists(to)) {
          Files.createDirectories(to.getParent());
          Files.move(f, to);
          moved++;
        }
      }
      try (Stream<Path> s = Files.walk(legacy)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new PreflightException("cannot move the fuzz corpus from " + legacy + " to "
          + directory + ": " + e.getMessage() + "; move it by hand (the layout is the same) or "
          + "delete " + legacy);
    }
    return moved == 0 ? Optional.empty() : Optional.of(new Migration(moved, legacy, directory));
  }
}
