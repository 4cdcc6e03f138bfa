package org.xxact.xrd.io;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.ZipException;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.InputException;
import org.xxact.crystal.io.CompressedFiles;
import org.xxact.xrd.Radiation;

/**
 * Streams the labelled RRUFF powder patterns of {@code data/experimental_xrd/rruff_454/rruff_xrd_454.csv.gz}: measured
 * mineral patterns from the RRUFF project (Lafuente, Downs, Yang and Stone, "The power of databases: the RRUFF
 * project", in Highlights in Mineralogical Crystallography, 2015), with their crystal system and space group.
 *
 * <p>The format (data/experimental_xrd/README.md): a CSV header, then one pattern a line with the columns {@code id},
 * {@code labels7} (crystal-system index 0 triclinic ... 6 cubic), {@code crystal_system} (its name), {@code labels230}
 * (space group minus one), {@code spacegroup_number}, {@code n_points}, {@code two_theta_start} and {@code
 * two_theta_step} in degrees, and {@code intensities} ({@code n_points} numbers separated by spaces). Point i lies at
 * 2-theta = start + i step. No field is quoted. The file states no wavelength; its documentation states Cu K-alpha, so
 * every pattern carries {@link Radiation#CU_KA}.
 *
 * <p>A row is read only when its labels agree with each other (the two crystal-system columns name the same system, the
 * space group belongs to it, {@code labels230} is the space group minus one), its point count is the stated one and the
 * pattern passes the checks of every measured-pattern reader; otherwise reading stops with an {@link InputException}
 * naming the file and line. Rows are read one at a time, so memory holds one pattern whatever the file size.
 */
public final class RruffPatternSet implements Iterator<LabelledPattern>, AutoCloseable {
  /** The columns a file must have, in any order. */
  public static final List<String> COLUMNS =
      List.of(
          "id",
          "labels7",
          "crystal_system",
          "labels230",
          "spacegroup_number",
          "n_points",
          "two_theta_start",
          "two_theta_step",
          "intensities");

  /** Longest digit string converted without the general parser; 15 digits stay exact in a double. */
  private static final int MAX_FAST_DIGITS = 15;

  private static final int ID = 0;
  private static final int LABELS7 = 1;
  private static final int CRYSTAL_SYSTEM = 2;
  private static final int LABELS230 = 3;
  private static final int SPACE_GROUP = 4;
  private static final int N_POINTS = 5;
  private static final int START = 6;
  private static final int STEP = 7;
  private static final int INTENSITIES = 8;

  private final String source;
  private final BufferedReader reader;
  private final int[] columnOfField = new int[COLUMNS.size()];
  private final int columnCount;
  private final Map<String, Long> lineOfId = new HashMap<>();
  private long line;
  private LabelledPattern next;

  private RruffPatternSet(String source, BufferedReader reader) {
    this.source = source;
    this.reader = reader;
    String header = readLine();
    if (header == null) {
      throw new InputException(source, 0, "is empty");
    }
    List<String> names = List.of(header.strip().split(",", -1));
    for (int f = 0; f < COLUMNS.size(); f++) {
      columnOfField[f] = names.indexOf(COLUMNS.get(f));
      if (columnOfField[f] < 0) {
        throw new InputException(
            source, line, "header has no column '" + COLUMNS.get(f) + "' (needs " + String.join(",", COLUMNS) + ")");
      }
    }
    columnCount = names.size();
  }

  /**
   * Opens a file (plain or gzip-, bzip2- or xz-compressed) and reads its header.
   *
   * @throws InputException for a missing file or a header without the required columns
   */
  public static RruffPatternSet open(Path file) {
    String source = file.toString();
    try {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(CompressedFiles.open(file), StandardCharsets.UTF_8));
      try {
        return new RruffPatternSet(source, reader);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new InputException(source, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /** Reads every pattern of a file. */
  public static List<LabelledPattern> readAll(Path file) {
    List<LabelledPattern> out = new ArrayList<>();
    try (RruffPatternSet set = open(file)) {
      set.forEachRemaining(out::add);
    }
    return out;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = readRow();
    }
    return next != null;
  }

  @Override
  public LabelledPattern next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LabelledPattern out = next;
    next = null;
    return out;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + source, e);
    }
  }

  private LabelledPattern readRow() {
    String text;
    do {
      text = readLine();
      if (text == null) {
        return null;
      }
    } while (text.isBlank());
    String[] columns = text.strip().split(",", -1);
    if (columns.length != columnCount) {
      throw fail(columns.length + " fields where the header has " + columnCount + " (is the line truncated?)");
    }
    String[] field = new String[COLUMNS.size()];
    for (int f = 0; f < field.length; f++) {
      field[f] = columns[columnOfField[f]].strip();
    }
    String id = field[ID];
    if (id.isEmpty()) {
      throw fail("empty id");
    }
    Long earlier = lineOfId.putIfAbsent(id, line);
    if (earlier != null) {
      throw fail("id " + id + " was already used on line " + earlier);
    }
    PatternLabels labels = labels(field);
    int points = integer(field[N_POINTS], "n_points");
    if (points < PatternAssembler.MIN_POINTS) {
      throw fail("n_points " + points + " is below the " + PatternAssembler.MIN_POINTS + " a pattern needs");
    }
    double startDeg = decimal(field[START], "two_theta_start");
    double stepDeg = decimal(field[STEP], "two_theta_step");
    if (!(stepDeg > 0)) {
      throw fail("two_theta_step " + field[STEP] + " is not positive");
    }
    double[] intensity = intensities(field[INTENSITIES], points);
    double[] twoThetaDeg = new double[points];
    for (int i = 0; i < points; i++) {
      twoThetaDeg[i] = startDeg + i * stepDeg;
    }
    PatternAssembler assembler = new PatternAssembler(source + ":" + line);
    assembler.meta("format", "RRUFF labelled CSV");
    assembler.meta("id", id);
    assembler.documentedRadiation(Radiation.CU_KA);
    assembler.note("the file states no wavelength; Cu K-alpha as the data set's documentation states");
    return new LabelledPattern(id, assembler.build(twoThetaDeg, intensity, null, null), labels);
  }

  private PatternLabels labels(String[] field) {
    int systemIndex = integer(field[LABELS7], "labels7");
    CrystalSystem[] systems = CrystalSystem.values();
    if (systemIndex < 0 || systemIndex >= systems.length) {
      throw fail("labels7 " + systemIndex + " is not a crystal-system index 0-" + (systems.length - 1));
    }
    CrystalSystem system = systems[systemIndex];
    if (!system.label().equalsIgnoreCase(field[CRYSTAL_SYSTEM])) {
      throw fail(
          "crystal_system '" + field[CRYSTAL_SYSTEM] + "' disagrees with labels7 " + systemIndex + " (" + system.label()
              + ")");
    }
    int spaceGroup = integer(field[SPACE_GROUP], "spacegroup_number");
    int zeroBased = integer(field[LABELS230], "labels230");
    if (zeroBased != spaceGroup - 1) {
      throw fail("labels230 " + zeroBased + " is not spacegroup_number " + spaceGroup + " minus one");
    }
    try {
      return new PatternLabels(system, spaceGroup);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  private double[] intensities(String text, int points) {
    double[] out = new double[points];
    int count = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      if (i == n) {
        break;
      }
      int end = i;
      while (end < n && text.charAt(end) != ' ') {
        end++;
      }
      double v = digitsOrNaN(text, i, end);
      if (Double.isNaN(v)) {
        String token = text.substring(i, end);
        v = StrictNumber.parseOrNaN(token);
        if (Double.isNaN(v)) {
          throw fail("intensity " + (count + 1) + " '" + token + "' is not a number");
        }
      }
      if (count == points) {
        throw fail("more than n_points = " + points + " intensities");
      }
      out[count++] = v;
      i = end;
    }
    if (count != points) {
      throw fail(count + " intensities where n_points says " + points + " (is the line truncated?)");
    }
    return out;
  }

  /**
   * The value of text[from, end) when it is a plain non-negative integer of at most {@value #MAX_FAST_DIGITS} digits
   * (the file's documented intensities), else NaN for the general parser: 3.9 million tokens read several times faster
   * this way than through a regular expression each.
   */
  private static double digitsOrNaN(String text, int from, int end) {
    if (end - from > MAX_FAST_DIGITS) {
      return Double.NaN;
    }
    long v = 0;
    for (int k = from; k < end; k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') {
        return Double.NaN;
      }
      v = 10 * v + (c - '0');
    }
    return v;
  }

  private int integer(String text, String column) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw fail(column + " '" + text + "' is not an integer");
    }
  }

  private double decimal(String text, String column) {
    double v = StrictNumber.parseOrNaN(text);
    if (Double.isNaN(v)) {
      throw fail(column + " '" + text + "' is not a number");
    }
    return v;
  }

  private InputException fail(String reason) {
    return new InputException(source, line, reason);
  }

  private String readLine() {
    try {
      String text = reader.readLine();
      if (text != null) {
        line++;
      }
      return text;
    } catch (ZipException | EOFException e) {
      throw new InputException(
          source, line + 1, String.format(Locale.ROOT, "compressed data is damaged or truncated (%s)", e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }
}
