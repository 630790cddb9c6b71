package dev.preflight.core.policy;

import dev.preflight.core.policy.LocatedYaml.Mark;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A CEL expression of the policy (a rule, a fuzz bound, an invariant) with where each of its
 * characters stands in the policy file, so that an error inside it is reported at the file's line
 * and column. An expression the loader translated from an older form ({@code field/op/value}) maps
 * every character to the key it was translated from.
 *
 * @param marks one position per character of {@code text} (same length)
 */
public record Expression(String text, String file, String path, List<Mark> marks) {

  public Expression {
    Objects.requireNonNull(text, "text");
    marks = List.copyOf(marks);
    if (marks.size() != text.length()) {
      throw new IllegalArgumentException("one mark per character: " + marks.size() + " for "
          + text.length());
    }
  }

  /** An expression written by the loader, located as a whole at {@code at}. */
  public static Expression translated(String text, String file, String path, Mark at) {
    return new Expression(text, file, path, Collections.nCopies(text.length(), at));
  }

  /** Where the character at {@code offset} stands (the last one when past the end). */
  public Mark markAt(int offset) {
    if (marks.isEmpty()) {
      return new Mark(0, 0);
    }
    return marks.get(Math.max(0, Math.min(offset, marks.size() - 1)));
  }

  /** A problem at the character {@code offset} of the expression. */
  public SourceProblem problemAt(int offset, String message) {
    Mark m = markAt(offset);
    return new SourceProblem(file, m.line(), m.column(), path, message);
  }

  /** The offset of 1-based {@code line} and 0-based {@code column} inside the text. */
  public int offsetOf(int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int nl = text.indexOf('\n', offset);
      if (nl < 0) {
        break;
      }
      offset = nl + 1;
    }
    return Math.min(text.length(), offset + Math.max(0, column));
  }

  /**
   * Field paths the expression reads, as dotted chains from a name ({@code
   * circuit_breaker.max_daily_volume}, {@code payment_mint_count}), in order of appearance.
   * Empty when the expression does not parse.
   */
  public List<String> fieldPaths() {
    return ExprSyntax.parse(text).map(ExprSyntax::fieldPaths).orElse(List.of());
  }

  /** The integer constants of the expression (boundary values for the fuzzer). */
  public List<BigInteger> integerLiterals() {
    return ExprSyntax.parse(text).map(ExprSyntax::integerLiterals).orElse(List.of());
  }

  /**
   * The comparisons of a field path with an integer constant among the expression's top-level
   * conjuncts ({@code a <= 10 && b > 0}), each turned so that the field is on the left.
   */
  public List<Comparison> comparisons() {
    return ExprSyntax.parse(text).map(ExprSyntax::comparisons).orElse(List.of());
  }

  /** {@code field op constant}: {@code op} is one of {@code == != < <= > >=}. */
  public record Comparison(String field, String op, BigInteger constant) {}
}
