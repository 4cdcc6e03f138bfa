package org.xxact.data;

/** Writing CSV text (RFC 4180) for the files xxact produces: split lists, embedding tables, prediction lists. */
public final class CsvText {
  private CsvText() {}

  /** A CSV field, quoted when it holds a comma, quote or line break, with inner quotes doubled. */
  public static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
