package org.xxact.crystal.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.xxact.crystal.InputException;

/**
 * An RFC 4180 CSV reader that knows the line of every record and field: fields separated by commas, records by CR, LF or
 * CRLF, fields optionally in double quotes, in which commas and line breaks are data and a doubled quote is a quote.
 * Empty lines between records are skipped. A quote inside an unquoted field, or text after a closing quote, is kept as
 * data (common in hand-written files, harmless to read).
 */
public final class CsvRecords {
  /**
   * One record.
   *
   * @param fields the fields, unquoted
   * @param line 1-based line where the record starts
   * @param fieldLines 1-based line where each field starts
   */
  public record CsvRecord(List<String> fields, long line, long[] fieldLines) {}

  private static final int EOF = -1;

  private final Reader reader;
  private final String source;
  private final char[] buffer = new char[CompressedFiles.BUFFER_BYTES];
  private int bufferLength;
  private int bufferPos;
  private long line = 1;
  private final StringBuilder field = new StringBuilder();

  /** @param source the file name used in error messages */
  public CsvRecords(Reader reader, String source) {
    this.reader = reader;
    this.source = source;
  }

  /** Line reached so far. */
  long currentLine() {
    return line;
  }

  /**
   * The next record, or null at the end.
   *
   * @throws InputException for a quoted field that is never closed, or binary content
   */
  public CsvRecord next() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      consumeNewline(c);
      c = read();
    }
    if (c == EOF) {
      return null;
    }
    long recordLine = line;
    List<String> fields = new ArrayList<>();
    List<Long> fieldLines = new ArrayList<>();
    while (true) {
      fieldLines.add(line);
      field.setLength(0);
      if (c == '"') {
        readQuoted();
        c = read();
        while (c == '"') {
          field.append('"');
          readQuoted();
          c = read();
        }
      }
      while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
        field.append((char) c);
        c = read();
      }
      fields.add(field.toString());
      if (c == ',') {
        c = read();
        continue;
      }
      if (c != EOF) {
        consumeNewline(c);
      }
      long[] lines = new long[fieldLines.size()];
      for (int i = 0; i < lines.length; i++) {
        lines[i] = fieldLines.get(i);
      }
      return new CsvRecord(fields, recordLine, lines);
    }
  }

  /**
   * Reads a quoted field's content up to its closing quote (consumed), counting line breaks (CR, LF or CRLF as one) and
   * copying whole stretches of the buffer at a time.
   */
  private void readQuoted() throws IOException {
    long quoteLine = line;
    boolean afterCr = false;
    while (true) {
      if (bufferPos >= bufferLength && !fill()) {
        throw new InputException(source, quoteLine, "quoted field opened here is not closed (file truncated?)");
      }
      int start = bufferPos;
      int i = start;
      while (i < bufferLength) {
        char ch = buffer[i];
        if (ch == '"') {
          break;
        }
        if (ch == '\r') {
          line++;
          afterCr = true;
        } else {
          if (ch == '\n' && !afterCr) {
            line++;
          } else if (ch == 0) {
            throw new InputException(source, line, "binary content (byte 0x00): not a CSV text file");
          }
          afterCr = false;
        }
        i++;
      }
      field.append(buffer, start, i - start);
      bufferPos = i;
      if (i < bufferLength) {
        bufferPos++;
        return;
      }
    }
  }

  /** Finishes the line break that starts with c (already read) and counts it. */
  private void consumeNewline(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private int peek() throws IOException {
    if (bufferPos >= bufferLength && !fill()) {
      return EOF;
    }
    return buffer[bufferPos];
  }

  private int read() throws IOException {
    if (bufferPos >= bufferLength && !fill()) {
      return EOF;
    }
    char c = buffer[bufferPos++];
    if (c == 0) {
      throw new InputException(source, line, "binary content (byte 0x00): not a CSV text file");
    }
    return c;
  }

  private boolean fill() throws IOException {
    bufferLength = reader.read(buffer, 0, buffer.length);
    bufferPos = 0;
    return bufferLength > 0;
  }
}
