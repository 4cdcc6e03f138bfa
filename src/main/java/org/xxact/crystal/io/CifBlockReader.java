package org.xxact.crystal.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.InputException;

/**
 * Reads the data blocks of a CIF one at a time, so that files with many blocks stream. A syntax error makes its block
 * an error block (the reader then resumes at the next {@code data_} header), so one bad block never hides the others.
 */
public final class CifBlockReader {
  private final CifTokenizer tokens;
  private final String source;
  private CifTokenizer.Token pending;
  private boolean started;

  /**
   * @param reader the CIF text
   * @param source file name for messages
   * @param lineOffset added to line numbers (0 for a whole file)
   */
  public CifBlockReader(BufferedReader reader, String source, long lineOffset) {
    this(LineSource.of(reader), source, lineOffset);
  }

  /** A reader over lines already split, such as the CIF text of a CSV cell. */
  CifBlockReader(LineSource reader, String source, long lineOffset) {
    this.tokens = new CifTokenizer(reader, source, lineOffset);
    this.source = source;
  }

  /** Line (in the file) of the last line read. */
  long currentLine() {
    return tokens.currentLine();
  }

  /** True when the last block returned is followed by another data block. */
  boolean hasPendingBlock() {
    return pending != null && pending.kind() == CifTokenizer.Kind.DATA;
  }

  /**
   * The next block, or null after the last.
   *
   * @throws InputException when the text before the first block is not CIF (nothing can be read from the file)
   */
  public CifBlock next() throws IOException {
    if (!started) {
      started = true;
      CifTokenizer.Token first = tokens.next();
      if (first == null) {
        throw new InputException(source, 0, "empty file: no data_ block");
      }
      if (first.kind() != CifTokenizer.Kind.DATA) {
        throw new InputException(
            source, first.line(), "not a CIF: expected a data_ block, found '" + shorten(first.text()) + "'");
      }
      pending = first;
    }
    if (pending == null) {
      return null;
    }
    CifTokenizer.Token header = pending;
    pending = null;
    Map<String, CifBlock.Column> items = new LinkedHashMap<>();
    try {
      readItems(items);
      return new CifBlock(header.text(), header.line(), items, null);
    } catch (InputException ex) {
      skipToNextBlock();
      return new CifBlock(header.text(), header.line(), Map.of(), ex);
    }
  }

  private void readItems(Map<String, CifBlock.Column> items) throws IOException {
    while (true) {
      CifTokenizer.Token t = take();
      if (t == null) {
        return;
      }
      switch (t.kind()) {
        case DATA -> {
          pending = t;
          return;
        }
        case TAG -> {
          CifTokenizer.Token v = take();
          if (v == null || v.kind() != CifTokenizer.Kind.VALUE) {
            pushBack(v);
            throw new InputException(source, t.line(), "tag " + t.text() + " has no value");
          }
          put(items, new CifBlock.Column(t.text(), new String[] {v.text()}, new long[] {v.line()}, false), t);
        }
        case LOOP -> readLoop(t, items);
        case VALUE -> throw new InputException(
            source, t.line(), "value '" + shorten(t.text()) + "' does not follow a tag or loop_");
        case RESERVED -> throw new InputException(source, t.line(), "'" + t.text() + "' is not supported");
      }
    }
  }

  private void readLoop(CifTokenizer.Token loop, Map<String, CifBlock.Column> items) throws IOException {
    List<CifTokenizer.Token> tags = new ArrayList<>();
    CifTokenizer.Token t = take();
    while (t != null && t.kind() == CifTokenizer.Kind.TAG) {
      tags.add(t);
      t = take();
    }
    if (tags.isEmpty()) {
      pushBack(t);
      throw new InputException(source, loop.line(), "loop_ without tags");
    }
    List<String> values = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    while (t != null && t.kind() == CifTokenizer.Kind.VALUE) {
      values.add(t.text());
      lines.add(t.line());
      t = take();
    }
    pushBack(t);
    int width = tags.size();
    if (values.size() % width != 0) {
      throw new InputException(
          source,
          loop.line(),
          "loop_ of "
              + width
              + " columns ("
              + tags.get(0).text()
              + ", ...) holds "
              + values.size()
              + " values, not a whole number of rows (file truncated or a value missing?)");
    }
    int rows = values.size() / width;
    for (int c = 0; c < width; c++) {
      String[] col = new String[rows];
      long[] colLines = new long[rows];
      for (int r = 0; r < rows; r++) {
        col[r] = values.get(r * width + c);
        colLines[r] = lines.get(r * width + c);
      }
      put(items, new CifBlock.Column(tags.get(c).text(), col, colLines, true), tags.get(c));
    }
  }

  private void put(Map<String, CifBlock.Column> items, CifBlock.Column column, CifTokenizer.Token tag) {
    if (items.putIfAbsent(column.tag(), column) != null) {
      throw new InputException(source, tag.line(), "tag " + column.tag() + " appears twice in the block");
    }
  }

  private void pushBack(CifTokenizer.Token t) {
    pending = t;
  }

  private CifTokenizer.Token take() throws IOException {
    CifTokenizer.Token t = pending;
    if (t != null) {
      pending = null;
      return t;
    }
    return tokens.next();
  }

  /** After an error: drop tokens up to the next data_ header (or the end). */
  private void skipToNextBlock() throws IOException {
    while (true) {
      CifTokenizer.Token t;
      try {
        t = take();
      } catch (InputException ex) {
        continue;
      }
      if (t == null) {
        return;
      }
      if (t.kind() == CifTokenizer.Kind.DATA) {
        pending = t;
        return;
      }
    }
  }

  static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
