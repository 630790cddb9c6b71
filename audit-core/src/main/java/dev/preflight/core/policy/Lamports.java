package dev.preflight.core.policy;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amounts of SOL as written in a policy: lamports ({@code 5000}) or {@code "0.01 SOL"}. */
public final class Lamports {
  /** 1 SOL = 10^9 lamports. */
  public static final long PER_SOL = 1_000_000_000L;
  private static final Pattern AMOUNT =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(SOL|sol|lamports?)?\\s*");

  private Lamports() {}

  /**
   * Lamports in {@code text}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static long parse(String text) {
    Matcher m = AMOUNT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected lamports (5000) or an amount like \"0.01 SOL\", got \"" + text + "\"");
    }
    BigDecimal n = new BigDecimal(m.group(1));
    boolean sol = m.group(2) != null && m.group(2).equalsIgnoreCase("sol");
    BigDecimal lamports = sol ? n.multiply(BigDecimal.valueOf(PER_SOL)) : n;
    try {
      return lamports.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a whole number of lamports "
          + "(1 SOL = 1000000000 lamports; at most 9 decimals of SOL)", e);
    }
  }
}
