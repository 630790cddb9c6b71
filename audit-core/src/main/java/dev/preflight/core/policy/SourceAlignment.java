package dev.preflight.core.policy;

import dev.preflight.core.policy.LocatedYaml.Mark;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each character of a YAML string value stands in the file. YAML keeps every non-blank
 * character of a scalar in order (plain, quoted, literal {@code |} and folded {@code >} blocks
 * alike) and changes only indentation, line breaks, quotes and escapes; so walking the value and
 * the source together, matching non-blank characters, locates each character even in a
 * multi-line block.
 */
final class SourceAlignment {
  /** How far past the value's start a character is looked for before giving up. */
  private static final int MAX_SKIP = 4_096;

  private SourceAlignment() {}

  static List<Mark> marks(String source, Mark start, String value) {
    int[] lineStarts = lineStarts(source);
    int pos = offset(lineStarts, start, source.length());
    List<Mark> out = new ArrayList<>(value.length());
    boolean lost = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (lost) {
        out.add(start);
        continue;
      }
      if (Character.isWhitespace(c)) {
        out.add(mark(lineStarts, Math.min(pos, source.length())));
        continue;
      }
      int found = -1;
      for (int j = pos; j < source.length() && j - pos < MAX_SKIP; j++) {
        if (source.charAt(j) == c) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        // Escapes that change the character (\t, \u00e9): the rest falls back to the start.
        lost = true;
        out.add(start);
        continue;
      }
      out.add(mark(lineStarts, found));
      pos = found + 1;
    }
    return out;
  }

  private static int[] lineStarts(String s) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int offset(int[] lineStarts, Mark m, int length) {
    int line = Math.max(1, Math.min(m.line(), lineStarts.length));
    return Math.min(length, lineStarts[line - 1] + Math.max(0, m.column() - 1));
  }

  private static Mark mark(int[] lineStarts, int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Mark(lo + 1, offset - lineStarts[lo] + 1);
  }
}
