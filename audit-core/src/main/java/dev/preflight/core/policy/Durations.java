package dev.preflight.core.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a policy: plain seconds ({@code 86400}) or a number-unit
 * sequence ({@code 24h}, {@code 48h}, {@code 30d}, {@code 1d12h}) with units s, m, h, d, w.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([smhdw])");
  private static final Pattern WHOLE = Pattern.compile("(\\d+\\s*[smhdw]\\s*)+");

  private Durations() {}

  /**
   * Seconds in {@code text}.
   *
   * @throws IllegalArgumentException with what was expected when the text is not a duration
   */
  public static long parseSeconds(String text) {
    String t = text.strip();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return parseLong(t, text);
    }
    if (!WHOLE.matcher(t).matches()) {
      throw new IllegalArgumentException("expected seconds or a duration like \"24h\", \"48h\", "
          + "\"30d\" or \"1d12h\" (units s, m, h, d, w), got \"" + text + "\"");
    }
    long total = 0;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long unit = switch (m.group(2)) {
        case "s" -> 1;
        case "m" -> 60;
        case "h" -> 3_600;
        case "d" -> 86_400;
        default -> 604_800;
      };
      try {
        total = Math.addExact(total, Math.multiplyExact(parseLong(m.group(1), text), unit));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration \"" + text + "\" is too long", e);
      }
    }
    return total;
  }

  /** {@code 90000} seconds as {@code 1d1h}, for messages. */
  public static String format(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long rest = seconds;
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (rest >= units[i]) {
        sb.append(rest / units[i]).append(names[i]);
        rest %= units[i];
      }
    }
    return sb.toString();
  }

  private static long parseLong(String digits, String text) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long", e);
    }
  }
}
