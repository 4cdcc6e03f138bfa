package org.xxact.crystal.io;

import java.io.BufferedReader;
import java.io.IOException;

/** Lines of text, from a reader or from a string already in memory (a CSV cell), without line terminators. */
interface LineSource {
  /** The next line, or null at the end. */
  String readLine() throws IOException;

  static LineSource of(BufferedReader reader) {
    return reader::readLine;
  }

  /** Lines of a string split at LF, CRLF or CR, as {@link BufferedReader#readLine()} splits them. */
  static LineSource of(String text) {
    return new LineSource() {
      private int pos;

      @Override
      public String readLine() {
        int n = text.length();
        if (pos >= n) {
          return null;
        }
        int start = pos;
        while (pos < n) {
          char c = text.charAt(pos);
          if (c == '\n' || c == '\r') {
            String line = text.substring(start, pos);
            pos += (c == '\r' && pos + 1 < n && text.charAt(pos + 1) == '\n') ? 2 : 1;
            return line;
          }
          pos++;
        }
        return text.substring(start);
      }
    };
  }
}
