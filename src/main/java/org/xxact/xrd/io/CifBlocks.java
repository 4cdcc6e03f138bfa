package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xxact.crystal.InputException;

/**
 * The data blocks of a CIF 1.1 file (Hall, Allen &amp; Brown 1991; syntax of the IUCr CIF 1.1 specification): items
 * ({@code _name value}) and loops ({@code loop_} with names, then values row by row), with the line of every value.
 * Values may be bare words, 'single' or "double" quoted (a quote closes only before whitespace or the end of the line)
 * or semicolon text fields; {@code #} starts a comment outside quotes. Names are compared in lower case, as CIF names
 * are case-insensitive. Save frames ({@code save_}) are skipped, as powder data never lives in them.
 */
final class CifBlocks {
  /** A value and the 1-based line it is on. */
  record Value(String text, long line) {
    /** True for CIF's "inapplicable" (.) and "unknown" (?) markers. */
    boolean isMissing() {
      return text.equals(".") || text.equals("?");
    }
  }

  /** One loop: its names (lower case) and its rows. */
  record Loop(List<String> names, List<List<Value>> rows, long line) {
    int column(String name) {
      return names.indexOf(name);
    }
  }

  /** One data block. */
  record Block(String name, long line, Map<String, Value> items, List<Loop> loops) {
    /** The loop holding {@code name}, or null. */
    Loop loopWith(String name) {
      for (Loop l : loops) {
        if (l.names().contains(name)) {
          return l;
        }
      }
      return null;
    }
  }

  private record Token(String text, long line, boolean quoted) {}

  private CifBlocks() {}

  static List<Block> parse(String text, String source) {
    List<Token> tokens = tokenize(text, source);
    List<Block> blocks = new ArrayList<>();
    Block block = null;
    int i = 0;
    boolean inSave = false;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      String lower = t.text().toLowerCase(Locale.ROOT);
      if (!t.quoted() && lower.startsWith("save_")) {
        inSave = !lower.equals("save_");
        i++;
        continue;
      }
      if (inSave) {
        i++;
        continue;
      }
      if (!t.quoted() && lower.startsWith("data_")) {
        block = new Block(t.text().substring(5), t.line(), new LinkedHashMap<>(), new ArrayList<>());
        blocks.add(block);
        i++;
      } else if (!t.quoted() && lower.equals("global_")) {
        block = new Block("global_", t.line(), new LinkedHashMap<>(), new ArrayList<>());
        blocks.add(block);
        i++;
      } else if (block == null) {
        throw new InputException(source, t.line(), "'" + abbreviate(t.text()) + "' before the first data_ block");
      } else if (!t.quoted() && lower.equals("loop_")) {
        i = readLoop(tokens, i + 1, block, source, t.line());
      } else if (!t.quoted() && lower.startsWith("_")) {
        if (i + 1 >= tokens.size() || isKeyword(tokens.get(i + 1))) {
          throw new InputException(source, t.line(), "data name " + t.text() + " has no value");
        }
        Token v = tokens.get(i + 1);
        block.items().put(lower, new Value(v.text(), v.line()));
        i += 2;
      } else {
        throw new InputException(
            source, t.line(), "value '" + abbreviate(t.text()) + "' without a data name (is a loop_ misaligned?)");
      }
    }
    return blocks;
  }

  private static int readLoop(List<Token> tokens, int i, Block block, String source, long loopLine) {
    List<String> names = new ArrayList<>();
    while (i < tokens.size() && !tokens.get(i).quoted() && tokens.get(i).text().startsWith("_")) {
      names.add(tokens.get(i).text().toLowerCase(Locale.ROOT));
      i++;
    }
    if (names.isEmpty()) {
      throw new InputException(source, loopLine, "loop_ without data names");
    }
    List<Value> values = new ArrayList<>();
    while (i < tokens.size() && !isKeyword(tokens.get(i))) {
      Token t = tokens.get(i);
      values.add(new Value(t.text(), t.line()));
      i++;
    }
    if (values.size() % names.size() != 0) {
      long line = values.isEmpty() ? loopLine : values.get(values.size() - 1).line();
      throw new InputException(
          source,
          line,
          "loop of " + names.size() + " names holds " + values.size()
              + " values, not a whole number of rows (is the file truncated?)");
    }
    List<List<Value>> rows = new ArrayList<>();
    for (int r = 0; r < values.size(); r += names.size()) {
      rows.add(List.copyOf(values.subList(r, r + names.size())));
    }
    block.loops().add(new Loop(List.copyOf(names), rows, loopLine));
    return i;
  }

  private static boolean isKeyword(Token t) {
    if (t.quoted()) {
      return false;
    }
    String l = t.text().toLowerCase(Locale.ROOT);
    return l.startsWith("_") || l.equals("loop_") || l.startsWith("data_") || l.startsWith("save_")
        || l.equals("global_");
  }

  private static List<Token> tokenize(String text, String source) {
    List<Token> out = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int li = 0; li < lines.length; li++) {
      String line = lines[li];
      long lineNo = li + 1;
      if (line.startsWith(";")) {
        StringBuilder field = new StringBuilder(line.substring(1));
        int start = li;
        li++;
        while (li < lines.length && !lines[li].startsWith(";")) {
          field.append('\n').append(lines[li]);
          li++;
        }
        if (li == lines.length) {
          throw new InputException(source, start + 1, "text field opened with ';' is never closed (truncated file?)");
        }
        out.add(new Token(field.toString().strip(), start + 1, true));
        String rest = lines[li].substring(1);
        tokenizeLine(rest, li + 1, out, source);
        continue;
      }
      tokenizeLine(line, lineNo, out, source);
    }
    return out;
  }

  private static void tokenizeLine(String line, long lineNo, List<Token> out, String source) {
    int n = line.length();
    int p = 0;
    while (p < n) {
      char c = line.charAt(p);
      if (Character.isWhitespace(c)) {
        p++;
      } else if (c == '#') {
        return;
      } else if (c == '\'' || c == '"') {
        int q = p + 1;
        while (q < n && !(line.charAt(q) == c && (q + 1 == n || Character.isWhitespace(line.charAt(q + 1))))) {
          q++;
        }
        if (q >= n) {
          throw new InputException(source, lineNo, "quoted value is not closed on its line");
        }
        out.add(new Token(line.substring(p + 1, q), lineNo, true));
        p = q + 1;
      } else {
        int q = p;
        while (q < n && !Character.isWhitespace(line.charAt(q))) {
          q++;
        }
        out.add(new Token(line.substring(p, q), lineNo, false));
        p = q;
      }
    }
  }

  private static String abbreviate(String s) {
    return TextColumnsReader.abbreviate(s);
  }
}
