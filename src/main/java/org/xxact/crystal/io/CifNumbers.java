package org.xxact.crystal.io;

/**
 * CIF numbers: an optional sign, digits with an optional decimal point, an optional exponent, and an optional standard
 * uncertainty in brackets ({@code 5.4307(2)}, International Tables Vol. G, 2.2.7.4.11), which is dropped. Anything else
 * (including "NaN" and "Infinity", which Java's own parser would accept) is not a number.
 */
public final class CifNumbers {
  private CifNumbers() {}

  /** True for the CIF placeholders '?' (unknown) and '.' (inapplicable). */
  public static boolean isPlaceholder(String v) {
    return v.equals("?") || v.equals(".");
  }

  /**
   * The value of a CIF number, or NaN when the text is not one.
   *
   * @param text the value as written
   */
  public static double parse(String text) {
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

  /**
   * The standard uncertainty written in brackets after a CIF number, in the number's units ({@code 1234.5(12)} gives
   * 1.2, {@code 1.20e3(5)} gives 50), or NaN when none is written or the text is not a number.
   */
  public static double standardUncertainty(String text) {
    int bracket = text.indexOf('(');
    if (bracket < 0 || Double.isNaN(parse(text))) {
      return Double.NaN;
    }
    String mantissa = text.substring(0, bracket);
    int exponent = 0;
    int e = Math.max(mantissa.indexOf('e'), mantissa.indexOf('E'));
    if (e >= 0) {
      exponent = Integer.parseInt(mantissa.substring(e + 1).replace("+", ""));
      mantissa = mantissa.substring(0, e);
    }
    int dot = mantissa.indexOf('.');
    int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
    long digits = Long.parseLong(text.substring(bracket + 1, text.length() - 1));
    return digits * Math.pow(10, exponent - decimals);
  }
}
