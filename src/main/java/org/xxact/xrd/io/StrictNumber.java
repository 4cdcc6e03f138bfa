package org.xxact.xrd.io;

import java.util.regex.Pattern;

/**
 * Parses the numbers of text formats strictly: a plain decimal with an optional exponent ({@code e}, or the {@code d} of
 * Fortran programs). Java's own parser also accepts "NaN", "Infinity", hexadecimal and a trailing "f" or "d", none of
 * which is a measured value; such a token is not a number here, so that a damaged file fails where it is damaged.
 */
final class StrictNumber {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eEdD][+-]?\\d+)?");

  private StrictNumber() {}

  /** The value of {@code token}, or NaN when it is not a plain decimal number. */
  static double parseOrNaN(String token) {
    if (!DECIMAL.matcher(token).matches()) {
      return Double.NaN;
    }
    return Double.parseDouble(token.replace('d', 'e').replace('D', 'e'));
  }
}
