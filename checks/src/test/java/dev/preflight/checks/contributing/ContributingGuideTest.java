package dev.preflight.checks.contributing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CONTRIBUTING.md cannot drift from the code: every {@code <!-- include: path#tag -->} in it is
 * followed by a fenced block that must equal the tagged region of that file ({@code // tag::tag[]}
 * to {@code // end::tag[]}), or the whole file without a tag. The worked examples themselves are
 * compiled and tested (ProgramOwnerCheckTest, CsvSummaryTest, the third-party-check IT).
 */
class ContributingGuideTest {
  static final Path ROOT = Path.of(System.getProperty("preflight.root", "../")).toAbsolutePath();
  static final Pattern INCLUDE = Pattern.compile(
      "<!-- include: ([^#\\s]+)(?:#([\\w-]+))? -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyIncludedSnippetIsTheCodeItNames() throws IOException {
    String guide = Files.readString(ROOT.resolve("CONTRIBUTING.md"));
    Matcher m = INCLUDE.matcher(guide);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      Path file = ROOT.resolve(m.group(1));
      assertTrue(Files.isRegularFile(file), "CONTRIBUTING.md includes " + file + ", which is gone");
      String expected = m.group(2) == null ? Files.readString(file)
          : region(Files.readString(file), m.group(2), file);
      assertEquals(expected, m.group(3), "CONTRIBUTING.md's copy of " + m.group(1)
          + (m.group(2) == null ? "" : "#" + m.group(2)) + " is stale: paste the code again");
      checked.add(m.group(1));
    }
    assertFalse(checked.isEmpty(), "no include found in CONTRIBUTING.md");
    System.out.println("CONTRIBUTING.md snippets checked: " + checked);
  }

  /** The lines between the tag markers, with their common indentation removed. */
  static String region(String text, String tag, Path file) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    boolean found = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().equals("// end::" + tag + "[]")) {
        in = false;
      } else if (line.strip().equals("// tag::" + tag + "[]")) {
        in = true;
        found = true;
      } else if (in) {
        out.add(line);
      }
    }
    assertTrue(found, file + " has no // tag::" + tag + "[]");
    int indent = out.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder sb = new StringBuilder();
    out.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return sb.toString();
  }
}
