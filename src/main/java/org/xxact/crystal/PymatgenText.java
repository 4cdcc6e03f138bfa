package org.xxact.crystal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting exactly as pymatgen 2022.11.7 writes numbers into formulas and species strings, so that formulas
 * computed here compare equal, as strings, to the ones in datasets derived with pymatgen.
 *
 * <p>pymatgen's {@code formula_double_format} (pymatgen/util/string.py) prints an amount as an integer when it lies
 * within {@link #INTEGER_TOLERANCE} of its truncation and otherwise as Python's {@code str(round(x, 8))}: the shortest
 * decimal that reads back as the rounded double, with Python's rules for ".0" and exponents.
 */
final class PymatgenText {
  /** pymatgen's {@code formula_double_format} tolerance for printing an amount as an integer. */
  static final double INTEGER_TOLERANCE = 1e-8;
  /** Decimal places of pymatgen's {@code round(x, 8)} in {@code formula_double_format}. */
  private static final int ROUND_DIGITS = 8;
  /** Python's repr switches to exponent notation below this magnitude. */
  private static final double REPR_SMALL = 1e-4;
  /** Python's repr switches to exponent notation at and above this magnitude. */
  private static final double REPR_LARGE = 1e16;

  private PymatgenText() {}

  /**
   * pymatgen's {@code formula_double_format(x, ignore_ones)}: "" for exactly 1 when ignoreOnes, the integer when x is
   * within 1e-8 of its truncation, else Python's {@code str(round(x, 8))}.
   */
  static String formulaDoubleFormat(double x, boolean ignoreOnes) {
    if (ignoreOnes && x == 1) {
      return "";
    }
    long truncated = (long) x;
    if (Math.abs(x - truncated) < INTEGER_TOLERANCE) {
      return Long.toString(truncated);
    }
    return pythonRepr(new BigDecimal(x).setScale(ROUND_DIGITS, RoundingMode.HALF_EVEN));
  }

  /**
   * Python's {@code format(x, ".3f")}: the exact binary value rounded half-even to three decimals, as pymatgen's
   * {@code species_string} prints occupancies.
   */
  static String fixed3(double x) {
    return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * Python's repr of the double nearest to a decimal with at most eight fraction digits. For magnitudes where doubles
   * are denser than 1e-8 (below about 1e7, every amount in a formula), that decimal with trailing zeros removed is the
   * shortest string that reads back as the same double, which is what repr prints.
   */
  private static String pythonRepr(BigDecimal rounded) {
    double value = rounded.doubleValue();
    if (value == 0) {
      return rounded.signum() < 0 ? "-0.0" : "0.0";
    }
    BigDecimal d = rounded.stripTrailingZeros();
    double mag = Math.abs(value);
    if (mag < REPR_SMALL || mag >= REPR_LARGE) {
      String digits = d.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - d.scale();
      StringBuilder sb = new StringBuilder();
      if (d.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      String rest = digits.substring(1).replaceAll("0+$", "");
      if (!rest.isEmpty()) {
        sb.append('.').append(rest);
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int absExp = Math.abs(exponent);
      if (absExp < 10) {
        sb.append('0');
      }
      return sb.append(absExp).toString();
    }
    String plain = d.toPlainString();
    return d.scale() <= 0 ? plain + ".0" : plain;
  }
}
