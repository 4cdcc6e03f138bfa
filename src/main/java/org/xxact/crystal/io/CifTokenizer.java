package org.xxact.crystal.io;

import java.io.IOException;
import org.xxact.crystal.InputException;

/**
 * Splits CIF 1.1 text into tokens (International Tables Vol. G, 2.2.7): data block headers, {@code loop_}, tags and
 * values. Values may be bare words, quoted with ' or " (the closing quote must be followed by white space or the end of
 * the line), or semicolon text fields (a line starting with ';' opens and closes them). '#' outside a value starts a
 * comment. Line numbers of every token are kept for error messages; a line offset places CIF text embedded in a larger
 * file (a CSV cell) at its real lines.
 */
final class CifTokenizer {
  /** Token kinds. */
  enum Kind {
    DATA,
    LOOP,
    TAG,
    VALUE,
    RESERVED
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text the block name (DATA), the tag in lower case with '.' read as '_' (TAG), the value, or the word
   * @param line 1-based line in the file
   */
  record Token(Kind kind, String text, long line) {}

  /** A UTF-8 byte order mark as decoded, which some Windows editors put at the start of a text file. */
  static final String BYTE_ORDER_MARK = "\uFEFF";

  private final LineSource reader;
  private final String source;
  private final long lineOffset;
  private String line;
  private int pos;
  private long lineNumber;
  private boolean eof;

  /**
   * @param reader the text
   * @param source file name for messages
   * @param lineOffset added to the line numbers of the text (0 for a whole file)
   */
  CifTokenizer(LineSource reader, String source, long lineOffset) {
    this.reader = reader;
    this.source = source;
    this.lineOffset = lineOffset;
  }

  /** Line number (in the file) of the last line read. */
  long currentLine() {
    return lineNumber + lineOffset;
  }

  /**
   * The next token, or null at the end of the text.
   *
   * @throws InputException for a quote or text field that is not closed, or binary content
   */
  Token next() throws IOException {
    while (true) {
      if (line == null || pos >= line.length()) {
        if (!readLine()) {
          return null;
        }
        if (line.startsWith(";")) {
          return textField();
        }
      }
      int n = line.length();
      while (pos < n && isSpace(line.charAt(pos))) {
        pos++;
      }
      if (pos >= n) {
        continue;
      }
      char c = line.charAt(pos);
      if (c == '#') {
        pos = n;
        continue;
      }
      long at = currentLine();
      if (c == '\'' || c == '"') {
        int close = pos + 1;
        while (true) {
          close = line.indexOf(c, close);
          if (close < 0) {
            int col = pos + 1;
            pos = n;
            throw new InputException(source, at, "quote opened at column " + col + " is not closed on its line");
          }
          if (close + 1 >= n || isSpace(line.charAt(close + 1))) {
            break;
          }
          close++;
        }
        String value = line.substring(pos + 1, close);
        pos = close + 1;
        return new Token(Kind.VALUE, value, at);
      }
      int start = pos;
      while (pos < n && !isSpace(line.charAt(pos))) {
        pos++;
      }
      return word(line.substring(start, pos), at);
    }
  }

  private static Token word(String w, long at) {
    char first = w.charAt(0);
    if (first == '_') {
      return new Token(Kind.TAG, normalizeTag(w), at);
    }
    char lower = Character.toLowerCase(first);
    boolean mayBeReserved = w.length() >= 5 && (w.endsWith("_") || lower == 'd' || lower == 's');
    if (!mayBeReserved) {
      return new Token(Kind.VALUE, w, at);
    }
    if (w.length() >= 5 && w.regionMatches(true, 0, "data_", 0, 5)) {
      return new Token(Kind.DATA, w.substring(5), at);
    }
    if (w.equalsIgnoreCase("loop_")) {
      return new Token(Kind.LOOP, w, at);
    }
    if (w.equalsIgnoreCase("global_")
        || w.equalsIgnoreCase("stop_")
        || (w.length() >= 5 && w.regionMatches(true, 0, "save_", 0, 5))) {
      return new Token(Kind.RESERVED, w, at);
    }
    return new Token(Kind.VALUE, w, at);
  }

  /** Tags are case-insensitive; DDLm names ({@code _atom_site.fract_x}) are read as their CIF 1 names. */
  static String normalizeTag(String tag) {
    boolean plain = true;
    for (int i = 0; i < tag.length() && plain; i++) {
      char c = tag.charAt(i);
      plain = c != '.' && !Character.isUpperCase(c);
    }
    if (plain) {
      return tag;
    }
    StringBuilder sb = new StringBuilder(tag.length());
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      sb.append(c == '.' ? '_' : Character.toLowerCase(c));
    }
    return sb.toString();
  }

  private Token textField() throws IOException {
    long at = currentLine();
    StringBuilder sb = new StringBuilder(line.substring(1));
    while (true) {
      if (!readLine()) {
        throw new InputException(source, at, "text field opened with ';' is not closed (file truncated?)");
      }
      if (line.startsWith(";")) {
        pos = 1;
        return new Token(Kind.VALUE, sb.toString(), at);
      }
      sb.append('\n').append(line);
    }
  }

  private boolean readLine() throws IOException {
    if (eof) {
      return false;
    }
    line = reader.readLine();
    pos = 0;
    if (line == null) {
      eof = true;
      return false;
    }
    lineNumber++;
    if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) {
      line = line.substring(1);
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\f' && c != '\r') {
        eof = true;
        throw new InputException(
            source,
            currentLine(),
            String.format("binary content (byte 0x%02x): not a CIF text file", (int) c));
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\r';
  }
}
