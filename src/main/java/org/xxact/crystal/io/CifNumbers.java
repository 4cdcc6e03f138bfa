package org.xxact.crystal.io;

/**
 * CIF numbers: an optional sign, digits with an optional decimal point, an optional exponent, and an optional standard
 * uncertainty in brackets ({@code 5.4307(2)}, International Tables Vol. G, 2.2.7.4.11), which is dropped. Anything else
 * (including "NaN" and "Infinity", which Java's own parser would accept) is not a number.
 */
final class CifNumbers {
  private CifNumbers() {}

  /** True for the CIF placeholders '?' (unknown) and '.' (inapplicable). */
  static boolean isPlaceholder(String v) {
    return v.equals("?") || v.equals(".");
  }

  /**
   * The value of a CIF number, or NaN when the text is not one.
   *
   * @param text the value as written
   */
  static double parse(String text) {
    int end = text.length();
    int bracket = text.indexOf('(');
    if (bracket >= 0) {
      if (!text.endsWith(")") || bracket + 2 > end - 1) {
        return Double.NaN;
      }
      for (int i = bracket + 1; i < end - 1; i++) {
        if (!Character.isDigit(text.charAt(i))) {
          return Double.NaN;
        }
      }
      end = bracket;
    }
    int i = 0;
    if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < end && Character.isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < end && text.charAt(i) == '.') {
      i++;
      while (i < end && Character.isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < end && Character.isDigit(text.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
    }
    if (i != end) {
      return Double.NaN;
    }
    return Double.parseDouble(end == text.length() ? text : text.substring(0, end));
  }
}
