package org.xxact.crystal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads chemical formulas as people type them into a {@link Composition}.
 *
 * <p>Grammar (whitespace allowed between tokens):
 *
 * <pre>
 * formula  := part (SEP part)*                 SEP: '·' '•' '∙' '*' (adducts and hydrates, CuSO4·5H2O)
 * part     := [number] unit+                   leading number multiplies the part (5H2O)
 * unit     := (element | '(' unit+ ')' | '[' unit+ ']' | '{' unit+ '}') [number] [charge [number]]
 * charge   := ['^'] [number] ('+' | '-')+       ignored for the amounts (Fe2+, O2-, [Co(NH3)6]3+, SO4^2-)
 * number   := digits ['.' digits] | '.' digits
 * </pre>
 *
 * When a charge sign follows a number, that number is the charge and a number after the sign is the amount, as pymatgen
 * writes species compositions ({@code Fe3+2 O2-3}). Element symbols are a capital letter and any lower-case letters,
 * looked up exactly. Errors give the 1-based character position.
 */
final class FormulaParser {
  /** The closing character passed for the outermost level, where no bracket is open. */
  private static final char TOP_LEVEL = 0;

  private final String text;
  private int pos;

  private FormulaParser(String text) {
    this.text = text;
  }

  static Composition parse(String formula) {
    FormulaParser p = new FormulaParser(formula);
    Map<Element, Double> amounts = p.formula();
    return new Composition(amounts);
  }

  private InputException error(String reason) {
    return new InputException("formula '" + text + "'", 0, reason);
  }

  private String where() {
    return "at position " + (pos + 1);
  }

  private Map<Element, Double> formula() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("empty formula");
    }
    Map<Element, Double> total = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      double multiplier = 1;
      if (pos < text.length() && isNumberStart(text.charAt(pos))) {
        multiplier = positiveNumber();
        skipSpace();
      }
      Map<Element, Double> part = units(TOP_LEVEL, -1);
      addScaled(total, part, multiplier);
      skipSpace();
      if (pos >= text.length()) {
        return total;
      }
      char c = text.charAt(pos);
      if (isSeparator(c)) {
        pos++;
        skipSpace();
        if (pos >= text.length()) {
          throw error("formula ends after '" + c + "' " + where());
        }
        continue;
      }
      throw error("unexpected '" + c + "' " + where());
    }
  }

  /** One or more units, up to the closing bracket of the group opened at openPos, a separator or the end. */
  private Map<Element, Double> units(char closing, int openPos) {
    Map<Element, Double> amounts = new LinkedHashMap<>();
    boolean any = false;
    while (true) {
      skipSpace();
      if (pos >= text.length()) {
        break;
      }
      char c = text.charAt(pos);
      if ((closing != TOP_LEVEL && c == closing) || isSeparator(c)) {
        break;
      }
      Map<Element, Double> unit;
      if (Character.isUpperCase(c)) {
        unit = element();
      } else if (c == '(' || c == '[' || c == '{') {
        int open = pos;
        pos++;
        char close = c == '(' ? ')' : c == '[' ? ']' : '}';
        unit = units(close, open);
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != close) {
          pos = open;
          throw error("'" + c + "' " + where() + " is not closed");
        }
        pos++;
      } else if ((c == ')' || c == ']' || c == '}') && closing == TOP_LEVEL) {
        throw error("'" + c + "' " + where() + " closes nothing");
      } else if (c == ')' || c == ']' || c == '}') {
        throw error("'" + c + "' " + where() + " does not match '" + text.charAt(openPos) + "' at position " + (openPos + 1));
      } else if (Character.isLowerCase(c)) {
        throw error("element symbols start with a capital letter, found '" + c + "' " + where());
      } else {
        throw error("unexpected '" + c + "' " + where());
      }
      double amount = amountAndCharge();
      addScaled(amounts, unit, amount);
      any = true;
    }
    if (!any) {
      throw error("expected an element or '(' " + where());
    }
    return amounts;
  }

  private Map<Element, Double> element() {
    int start = pos;
    pos++;
    while (pos < text.length() && Character.isLowerCase(text.charAt(pos))) {
      pos++;
    }
    String symbol = text.substring(start, pos);
    Element e = Elements.find(symbol).orElse(null);
    if (e == null) {
      pos = start;
      throw error("unknown element '" + symbol + "' " + where());
    }
    Map<Element, Double> m = new LinkedHashMap<>();
    m.put(e, 1.0);
    return m;
  }

  /**
   * The amount after a unit, skipping a charge: "2", "2+" (charge, amount 1), "3+2" (charge, then amount), "4^2-"
   * (amount, then charge), "" (amount 1).
   */
  private double amountAndCharge() {
    skipSpace();
    double amount = 1;
    if (pos < text.length() && isNumberStart(text.charAt(pos))) {
      int numberPos = pos;
      double n = number();
      if (pos < text.length() && isSign(text.charAt(pos))) {
        skipSigns();
        return amountAfterCharge();
      }
      if (!(n > 0)) {
        pos = numberPos;
        throw error("amount must be positive " + where());
      }
      amount = n;
    } else if (pos < text.length() && isSign(text.charAt(pos))) {
      skipSigns();
      return amountAfterCharge();
    }
    if (pos < text.length() && text.charAt(pos) == '^') {
      pos++;
      if (pos < text.length() && isNumberStart(text.charAt(pos))) {
        number();
      }
      if (pos >= text.length() || !isSign(text.charAt(pos))) {
        throw error("a charge needs a '+' or '-' " + where());
      }
      skipSigns();
    }
    return amount;
  }

  private double amountAfterCharge() {
    if (pos < text.length() && isNumberStart(text.charAt(pos))) {
      return positiveNumber();
    }
    return 1;
  }

  private void skipSigns() {
    while (pos < text.length() && isSign(text.charAt(pos))) {
      pos++;
    }
  }

  private double positiveNumber() {
    int start = pos;
    double n = number();
    if (!(n > 0)) {
      pos = start;
      throw error("amount must be positive " + where());
    }
    return n;
  }

  private double number() {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      int fracStart = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == fracStart && pos - 1 == start) {
        pos = start;
        throw error("'.' without digits " + where());
      }
    }
    String digits = text.substring(start, pos);
    try {
      return Double.parseDouble(digits);
    } catch (NumberFormatException ex) {
      pos = start;
      throw error("cannot read the number '" + digits + "' " + where());
    }
  }

  private static void addScaled(Map<Element, Double> into, Map<Element, Double> from, double factor) {
    for (Map.Entry<Element, Double> e : from.entrySet()) {
      into.merge(e.getKey(), e.getValue() * factor, Double::sum);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isNumberStart(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }

  private static boolean isSign(char c) {
    return c == '+' || c == '-';
  }

  private static boolean isSeparator(char c) {
    return c == '·' || c == '•' || c == '∙' || c == '*';
  }
}
