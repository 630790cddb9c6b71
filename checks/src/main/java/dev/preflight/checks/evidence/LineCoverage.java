package dev.preflight.checks.evidence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Line coverage read from a report. {@code covered}/{@code total} are absent only for a Cobertura
 * report that gives nothing but its {@code line-rate}; {@code percent} is then that rate.
 */
public record LineCoverage(Format format, OptionalLong covered, OptionalLong total,
                           BigDecimal percent) {

  /** The report formats understood. */
  public enum Format {
    LCOV("LCOV"), COBERTURA("Cobertura XML"), JACOCO("JaCoCo XML");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  static LineCoverage counted(Format format, long covered, long total) {
    BigDecimal pct = total == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(covered).multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(total), 10, RoundingMode.HALF_EVEN);
    return new LineCoverage(format, OptionalLong.of(covered), OptionalLong.of(total), pct);
  }

  /** Whether coverage reaches {@code minimumPercent}, compared exactly (95/100 is 95 %). */
  public boolean atLeast(double minimumPercent) {
    BigDecimal min = BigDecimal.valueOf(minimumPercent);
    if (covered.isPresent() && total.isPresent()) {
      return BigDecimal.valueOf(covered.getAsLong()).multiply(BigDecimal.valueOf(100))
          .compareTo(min.multiply(BigDecimal.valueOf(total.getAsLong()))) >= 0;
    }
    return percent.compareTo(min) >= 0;
  }

  /** {@code 96.43 %}. */
  public String percentText() {
    return percent.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " %";
  }

  /** {@code 27/28}, or {@code n/a} when the report gives only a rate. */
  public String linesText() {
    return covered.isPresent() && total.isPresent()
        ? covered.getAsLong() + "/" + total.getAsLong() : "n/a (rate only)";
  }

  static String formatPercent(double p) {
    return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT)
        + " %";
  }
}
