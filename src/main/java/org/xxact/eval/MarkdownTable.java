package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xxact.data.AtomicFiles;

/**
 * A GitHub-flavoured Markdown table for experiment reports: a header, rows of text cells, the first column left-aligned
 * and the others (numbers) right-aligned, columns padded so that the source reads as a table too.
 */
public final class MarkdownTable {
  /** Written for a score that is missing or undefined. */
  public static final String NOT_AVAILABLE = "n/a";

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headers. */
  public MarkdownTable(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  /**
   * A column of {@link #ofAggregates}: one score of one target.
   *
   * @param header the column header ("formation energy MAE (eV/atom)")
   * @param target target name
   * @param score score name ("mae", "accuracy", ...)
   * @param decimals decimals shown
   */
  public record Column(String header, String target, String score, int decimals) {}

  /**
   * A table with one row per configuration (e.g. composition-only, XRD-only, fused) and one column per score, each cell
   * "mean ± std" over the seeds.
   *
   * @param firstHeader header of the row-label column
   * @param rows aggregates by row label, in row order
   */
  public static MarkdownTable ofAggregates(String firstHeader, Map<String, SeedAggregate> rows, List<Column> columns) {
    List<String> header = new ArrayList<>();
    header.add(firstHeader);
    columns.forEach(c -> header.add(c.header()));
    MarkdownTable table = new MarkdownTable(header);
    rows.forEach(
        (label, aggregate) -> {
          List<String> cells = new ArrayList<>();
          cells.add(label);
          for (Column c : columns) {
            cells.add(format(aggregate.get(c.target(), c.score()), c.decimals()));
          }
          table.row(cells);
        });
    return table;
  }

  /**
   * A table of one evaluation, one row per target: MAE, RMSE and R2 for regression targets; accuracy, macro-F1 and
   * ROC-AUC (two classes) for classification targets; {@value #NOT_AVAILABLE} where a score does not apply.
   */
  public static MarkdownTable ofResult(EvaluationResult result) {
    MarkdownTable table =
        new MarkdownTable(
            List.of("target", "MAE", "RMSE", "R2", "within 1 / 2 sd", "accuracy", "macro-F1", "ROC-AUC", "n"));
    result
        .targets()
        .forEach(
            (target, m) -> {
              if (m instanceof RegressionMetrics r) {
                String calibration =
                    r.within1Sd() == null ? NOT_AVAILABLE : format(r.within1Sd(), 3) + " / " + format(r.within2Sd(), 3);
                table.row(target, format(r.mae(), 4), format(r.rmse(), 4), format(r.r2(), 4), calibration,
                    NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, Integer.toString(r.n()));
              } else if (m instanceof ClassificationMetrics c) {
                table.row(target, NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, format(c.accuracy(), 4),
                    format(c.macroF1(), 4), c.rocAuc() == null ? NOT_AVAILABLE : format(c.rocAuc(), 4),
                    Integer.toString(c.n()));
              }
            });
    return table;
  }

  /** Adds a row; it must have one cell per column. */
  public MarkdownTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  /** Adds a row; it must have one cell per column. */
  public MarkdownTable row(String... cells) {
    return row(List.of(cells));
  }

  /** The table as Markdown, ending with a newline. */
  public String render() {
    int columns = header.size();
    int[] width = new int[columns];
    for (int c = 0; c < columns; c++) {
      width[c] = Math.max(3, escape(header.get(c)).length());
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], escape(r.get(c)).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    sb.append('|');
    for (int c = 0; c < columns; c++) {
      sb.append(c == 0 ? " " + "-".repeat(width[c]) + " |" : " " + "-".repeat(width[c] - 1) + ": |");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    return sb.toString();
  }

  /** Writes the table atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, render());
  }

  /** A number with a fixed number of decimals, or {@value #NOT_AVAILABLE} when it is not finite. */
  public static String format(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : NOT_AVAILABLE;
  }

  /**
   * "mean ± std" with a fixed number of decimals; just the mean for a single run; {@value #NOT_AVAILABLE} when null.
   */
  public static String format(MeanStd value, int decimals) {
    if (value == null) {
      return NOT_AVAILABLE;
    }
    if (value.count() < 2 || !Double.isFinite(value.std())) {
      return format(value.mean(), decimals);
    }
    return format(value.mean(), decimals) + " ± " + format(value.std(), decimals);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    sb.append('|');
    for (int c = 0; c < cells.size(); c++) {
      String cell = escape(cells.get(c));
      String pad = " ".repeat(width[c] - cell.length());
      sb.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
    }
    sb.append('\n');
  }

  /** A pipe would end the cell and a line break the row: escape the one, flatten the other. */
  private static String escape(String cell) {
    return cell.replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
