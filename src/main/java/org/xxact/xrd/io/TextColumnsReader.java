package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xxact.crystal.InputException;

/**
 * Reads two- and three-column text patterns ({@code .xy}, {@code .xye}, {@code .csv}, {@code .txt}, {@code .dat}):
 * 2-theta in degrees, intensity and optionally its standard uncertainty, one point a line.
 *
 * <p>What varies between the programs that write these files, and how it is read:
 *
 * <ul>
 *   <li>Comment lines start with {@code #}, {@code !}, {@code ;}, {@code %}, {@code //} or {@code '}; blank lines are
 *       skipped anywhere.
 *   <li>Header lines (column names, instrument text) are any non-numeric lines before the first data line; after the
 *       data started, a line that is not numbers is an error, as it means a damaged or concatenated file.
 *   <li>Delimiters: semicolon, tab, comma or spaces. A semicolon or tab on a line makes it the delimiter; otherwise
 *       whitespace separates fields when every field is then a number, else commas do.
 *   <li>Decimal marks: a point, or a comma where the comma is not the delimiter (European spreadsheet exports such as
 *       {@code 10,52;1234,5}).
 *   <li>Numbers: plain decimals with an optional exponent ({@code e}, or Fortran's {@code d}); quoted fields are
 *       unquoted. {@code NaN} and {@code Inf} are rejected.
 * </ul>
 *
 * A column file states no wavelength: it must be given by the user.
 */
final class TextColumnsReader {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private TextColumnsReader() {}

  static MeasuredPattern read(byte[] content, String source) {
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "text columns");
    String[] lines = PatternFormat.decodeText(content).split("\r\n|\r|\n", -1);
    List<double[]> rows = new ArrayList<>();
    List<Long> lineNumbers = new ArrayList<>();
    int columns = 0;
    long firstDataLine = 0;
    for (int i = 0; i < lines.length; i++) {
      long lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || isComment(line)) {
        continue;
      }
      double[] values = parseNumbers(line);
      if (values == null) {
        if (rows.isEmpty()) {
          if (!out.metadata().containsKey("header")) {
            out.meta("header", line);
          }
          continue;
        }
        throw new InputException(
            source, lineNo, "expected numbers (2-theta, intensity[, esd]) but found '" + abbreviate(line) + "'");
      }
      if (rows.isEmpty()) {
        if (values.length < 2 || values.length > 3) {
          throw new InputException(
              source,
              lineNo,
              values.length
                  + (values.length == 1 ? " column" : " columns")
                  + "; expected 2 or 3 (2-theta, intensity, optional esd)");
        }
        columns = values.length;
        firstDataLine = lineNo;
      } else if (values.length != columns) {
        throw new InputException(
            source,
            lineNo,
            values.length
                + (values.length == 1 ? " column" : " columns")
                + " where line "
                + firstDataLine
                + " has "
                + columns
                + (values.length < columns ? " (is the file truncated?)" : ""));
      }
      rows.add(values);
      lineNumbers.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw new InputException(source, 0, "holds no data lines (2-theta, intensity[, esd])");
    }
    int n = rows.size();
    double[] x = new double[n];
    double[] y = new double[n];
    double[] e = columns == 3 ? new double[n] : null;
    long[] lineOf = new long[n];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      x[i] = r[0];
      y[i] = r[1];
      if (e != null) {
        e[i] = r[2];
      }
      lineOf[i] = lineNumbers.get(i);
    }
    out.meta("columns", columns == 3 ? "2-theta, intensity, esd" : "2-theta, intensity");
    return out.build(x, y, e, lineOf);
  }

  private static boolean isComment(String line) {
    char c = line.charAt(0);
    return c == '#' || c == '!' || c == ';' || c == '%' || c == '\'' || line.startsWith("//");
  }

  /** The numbers on a data line, or null when the line is not all numbers (a header). */
  static double[] parseNumbers(String line) {
    if (line.indexOf(';') >= 0) {
      return parseFields(line.split(";", -1), true);
    }
    if (line.indexOf('\t') >= 0) {
      return parseFields(line.split("\t", -1), true);
    }
    String[] byWhitespace = WHITESPACE.split(line);
    double[] values = parseFields(byWhitespace, true);
    if (values != null && (byWhitespace.length > 1 || line.indexOf(',') < 0)) {
      return values;
    }
    return parseFields(line.split(",", -1), false);
  }

  private static double[] parseFields(String[] fields, boolean commaIsDecimal) {
    int count = fields.length;
    while (count > 0 && fields[count - 1].isBlank()) {
      count--;
    }
    if (count == 0) {
      return null;
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      String f = unquote(fields[i].strip());
      if (commaIsDecimal && f.indexOf(',') >= 0) {
        if (f.indexOf('.') >= 0 || f.indexOf(',') != f.lastIndexOf(',')) {
          return null;
        }
        f = f.replace(',', '.');
      }
      out[i] = StrictNumber.parseOrNaN(f);
      if (Double.isNaN(out[i])) {
        return null;
      }
    }
    return out;
  }

  private static String unquote(String f) {
    if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
      return f.substring(1, f.length() - 1).strip();
    }
    return f;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
