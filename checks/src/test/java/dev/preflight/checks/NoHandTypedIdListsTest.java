package dev.preflight.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source of the project, main or test, Java or an invoker IT's Groovy, types a list of check
 * ids by hand: such a list drifts from the registry the day a check is added. A list is three or
 * more string literals naming registered ids, separated only by commas and white space
 * ({@code List.of("a", "b", "c")}, {@code ['a', 'b', 'c']}); a single id used as a sample is
 * fine. Derive lists from the registry instead ({@code CheckRegistry}, {@code RegistryIds}, or in
 * an IT script the plugin's class path or the report the build wrote).
 */
class NoHandTypedIdListsTest {
  /** This many registered ids in a row make a list. */
  static final int LIST = 3;
  private static final Pattern LITERAL = Pattern.compile("([\"'])([a-z0-9][a-z0-9.-]*)\\1");
  private static final Pattern SEPARATOR = Pattern.compile("[\\s,]*");
  private static final Set<String> SKIP = Set.of("target", "node_modules", ".git", ".mvn");

  @Test
  void noSourceTypesAListOfRegisteredIds() throws IOException {
    Set<String> ids = CheckRegistry.load(getClass().getClassLoader()).ids();
    Path root = projectRoot();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources = walk.filter(p -> inSourceTree(root.relativize(p)))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".groovy"))
          .filter(Files::isRegularFile).sorted().toList();
    }
    assertTrue(sources.size() > 100, "too few sources found under " + root + ": " + sources.size());
    List<String> lists = new ArrayList<>();
    for (Path p : sources) {
      lists.addAll(listsIn(root.relativize(p).toString(), read(p), ids));
    }
    assertTrue(lists.isEmpty(), "hand-typed lists of check ids (derive them from the registry):\n"
        + String.join("\n", lists));
  }

  /** The detector itself: it finds a list across lines and quotes, and leaves samples alone. */
  @Test
  void aListIsFoundWithItsPlaceAndASampleIsNot() {
    Set<String> ids = Set.of("a.one", "a.two", "a.three");
    String text = """
        assertEquals(Outcome.PASS, r.outcome("a.one"));
        for (String id : List.of("a.one", "a.two",
            "a.three")) {
        ['a.two', 'a.one', "a.three"].each { }
        f("a.one", x, "a.two", "a.three");
        """;
    assertTrue(listsIn("T.java", text, ids).equals(List.of("T.java:2: [a.one, a.two, a.three]",
        "T.java:4: [a.two, a.one, a.three]")), listsIn("T.java", text, ids).toString());
  }

  /** Each run of {@link #LIST} or more registered-id literals, as {@code file:line: [ids]}. */
  static List<String> listsIn(String file, String text, Set<String> ids) {
    List<String> out = new ArrayList<>();
    List<int[]> run = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher m = LITERAL.matcher(text);
    while (m.find()) {
      if (!ids.contains(m.group(2))) {
        continue;
      }
      if (!run.isEmpty() && !SEPARATOR.matcher(text.substring(run.getLast()[1], m.start()))
          .matches()) {
        flush(file, text, run, names, out);
      }
      run.add(new int[] {m.start(), m.end()});
      names.add(m.group(2));
    }
    flush(file, text, run, names, out);
    return out;
  }

  private static void flush(String file, String text, List<int[]> run, List<String> names,
                            List<String> out) {
    if (run.size() >= LIST) {
      long line = text.substring(0, run.getFirst()[0]).chars().filter(c -> c == '\n').count() + 1;
      out.add(file + ":" + line + ": " + names);
    }
    run.clear();
    names.clear();
  }

  /**
   * Under a {@code src} directory of a module (its main and test code, its invoker ITs), not in
   * build output or installed packages.
   */
  private static boolean inSourceTree(Path relative) {
    boolean src = false;
    for (Path part : relative) {
      if (SKIP.contains(part.toString())) {
        return false;
      }
      src |= part.toString().equals("src");
    }
    return src;
  }

  /** The project's root: the checks module's parent, where the parent pom lists the modules. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("checks")) ? here : here.getParent();
    assertTrue(Files.isRegularFile(root.resolve("pom.xml"))
        && Files.isDirectory(root.resolve("audit-core")), "not the project root: " + root);
    return root;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
