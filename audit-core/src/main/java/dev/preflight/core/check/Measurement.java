package dev.preflight.core.check;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A measured quantity carried by an evidence row beside its text: the value in its unit and, when
 * the policy sets one, the limit it is judged against (a compute budget, a maximum failure rate).
 * Renderers chart these values; they never read numbers back out of the evidence's text.
 * Fractional quantities (rates) are held in a fixed scale of their unit ({@link Unit#scale}), so
 * the same measurement gives the same bytes in every report.
 */
public record Measurement(long value, Unit unit, OptionalLong limit) {

  public Measurement {
    limit = limit == null ? OptionalLong.empty() : limit;
  }

  /** What a measurement counts. {@code symbol} is how a report writes the unit. */
  public enum Unit {
    /** Compute units consumed by one instruction. */
    COMPUTE_UNITS("CU", 1),
    /** Lamports (a fee, a balance). */
    LAMPORTS("lamports", 1),
    /** A rate in basis points of a percent (1 = 0.01%): 12.5% is 1250. */
    PERCENT("%", 100),
    /** A plain count (transactions, cases). */
    COUNT("", 1);

    private final String symbol;
    private final int scale;

    Unit(String symbol, int scale) {
      this.symbol = symbol;
      this.scale = scale;
    }

    public String symbol() {
      return symbol;
    }

    /** How many stored steps make one unit: 100 for percent (two decimals), else 1. */
    public int scale() {
      return scale;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The unit a report names by {@link #label()}; empty for a name this version does not know. */
    public static java.util.Optional<Unit> ofLabel(String label) {
      for (Unit u : values()) {
        if (u.label().equals(label)) {
          return java.util.Optional.of(u);
        }
      }
      return java.util.Optional.empty();
    }
  }

  public static Measurement computeUnits(long units, OptionalLong budget) {
    return new Measurement(units, Unit.COMPUTE_UNITS, budget);
  }

  /** A rate given as a fraction (0.125 is 12.5%), kept to two decimals of a percent. */
  public static Measurement rate(double fraction, java.util.OptionalDouble maxFraction) {
    return new Measurement(Math.round(fraction * 10_000), Unit.PERCENT,
        maxFraction.isPresent() ? OptionalLong.of(Math.round(maxFraction.getAsDouble() * 10_000))
            : OptionalLong.empty());
  }

  /** The value in its unit (12.5 for a stored 1250 percent). */
  public double amount() {
    return (double) value / unit.scale();
  }

  public boolean overLimit() {
    return limit.isPresent() && value > limit.getAsLong();
  }

  /** The value as a report prints it, e.g. {@code 31200 CU} or {@code 12.5%}. */
  public String text() {
    return format(value) + (unit.symbol().isEmpty() || unit == Unit.PERCENT ? "" : " ")
        + unit.symbol();
  }

  /** A stored value of this measurement's unit as text, without the unit. */
  public String format(long stored) {
    if (unit.scale() == 1) {
      return Long.toString(stored);
    }
    return java.math.BigDecimal.valueOf(stored, 2).stripTrailingZeros().toPlainString();
  }
}
