package org.xxact.eval.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Embedding maps (PCA or t-SNE coordinates) as scatter plots, {@value Charts#WIDTH} x {@value Charts#HEIGHT} pixels:
 * coloured by a class label (crystal system) or by a continuous value (formation energy) binned into a colour scale.
 *
 * <p>A continuous value is cut into {@value #VALUE_BINS} equal-width bins between its {@value #LOW_PERCENTILE}th and
 * {@value #HIGH_PERCENTILE}th percentiles, the outer bins open-ended: a few outliers then do not squeeze every other
 * point into one colour. Points without a value (NaN) are drawn in grey.
 */
public final class EmbeddingPlots {
  /** Image width in pixels. */
  public static final int WIDTH = Charts.WIDTH;

  /** Image height in pixels. */
  public static final int HEIGHT = Charts.HEIGHT;

  /** Colour bins of a continuous value. */
  public static final int VALUE_BINS = 8;

  /** Percentiles that bound the colour scale. */
  public static final int LOW_PERCENTILE = 2;

  public static final int HIGH_PERCENTILE = 98;

  /** Marker diameter in pixels, for maps of a few thousand points. */
  private static final int MARKER_PIXELS = 5;

  /** Marker opacity (0-255), so that overlapping points stay visible. */
  private static final int MARKER_ALPHA = 170;

  private EmbeddingPlots() {}

  /**
   * A map coloured by class.
   *
   * @param xy [n][2] map coordinates
   * @param classes class index of each point, 0..classNames.size()-1
   * @param classNames legend names in index order; classes without points are left out of the legend
   */
  public static void byClass(Path file, String title, double[][] xy, int[] classes, List<String> classNames)
      throws IOException {
    checkPoints(xy, classes.length);
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= classNames.size()) {
        throw new IllegalArgumentException("point " + i + " has class " + classes[i] + " of " + classNames.size());
      }
    }
    XYChart chart = scatterChart(title);
    for (int c = 0; c < classNames.size(); c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < xy.length; i++) {
        if (classes[i] == c) {
          xs.add(xy[i][0]);
          ys.add(xy[i][1]);
        }
      }
      if (!xs.isEmpty()) {
        addPoints(chart, classNames.get(c) + " (" + xs.size() + ")", xs, ys, Charts.category(c));
      }
    }
    Charts.writePng(chart, file);
  }

  /**
   * A map coloured by a continuous value (see the class comment for the colour bins).
   *
   * @param valueName the value and its unit, for the legend title ("formation energy (eV/atom)")
   * @param values one value per point, NaN where unknown
   */
  public static void byValue(Path file, String title, double[][] xy, double[] values, String valueName)
      throws IOException {
    checkPoints(xy, values.length);
    double[] known = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    XYChart chart = scatterChart(title + ": " + valueName);
    if (known.length > 0) {
      double low = percentile(known, LOW_PERCENTILE);
      double high = percentile(known, HIGH_PERCENTILE);
      double width = high > low ? (high - low) / VALUE_BINS : 1;
      for (int b = 0; b < VALUE_BINS; b++) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < xy.length; i++) {
          if (Double.isFinite(values[i]) && bin(values[i], low, width) == b) {
            xs.add(xy[i][0]);
            ys.add(xy[i][1]);
          }
        }
        if (!xs.isEmpty()) {
          String label = binLabel(b, low, width);
          addPoints(chart, label, xs, ys, Charts.viridis(b / (double) (VALUE_BINS - 1)));
        }
      }
    }
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < xy.length; i++) {
      if (!Double.isFinite(values[i])) {
        xs.add(xy[i][0]);
        ys.add(xy[i][1]);
      }
    }
    if (!xs.isEmpty()) {
      addPoints(chart, "no value (" + xs.size() + ")", xs, ys, Charts.MISSING);
    }
    Charts.writePng(chart, file);
  }

  /** The colour bin of a value: equal widths from low, the first and last bins open-ended. */
  static int bin(double value, double low, double width) {
    int b = (int) Math.floor((value - low) / width);
    return Math.max(0, Math.min(VALUE_BINS - 1, b));
  }

  private static String binLabel(int b, double low, double width) {
    double from = low + b * width;
    double to = from + width;
    if (b == 0) {
      return String.format(Locale.ROOT, "< %.3g", to);
    }
    if (b == VALUE_BINS - 1) {
      return String.format(Locale.ROOT, ">= %.3g", from);
    }
    return String.format(Locale.ROOT, "%.3g to %.3g", from, to);
  }

  /** Linear-interpolation percentile of sorted values (numpy's default). */
  static double percentile(double[] sorted, double percent) {
    double position = percent / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  private static void checkPoints(double[][] xy, int labels) {
    if (xy.length != labels) {
      throw new IllegalArgumentException(xy.length + " points for " + labels + " labels");
    }
    if (xy.length == 0) {
      throw new IllegalArgumentException("no points to plot");
    }
    for (int i = 0; i < xy.length; i++) {
      if (xy[i].length != 2 || !Double.isFinite(xy[i][0]) || !Double.isFinite(xy[i][1])) {
        throw new IllegalArgumentException("point " + i + " is not a finite 2-D coordinate");
      }
    }
  }

  private static XYChart scatterChart(String title) {
    XYChart chart =
        new XYChartBuilder()
            .width(Charts.WIDTH)
            .height(Charts.HEIGHT)
            .title(title)
            .xAxisTitle("map dimension 1")
            .yAxisTitle("map dimension 2")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(MARKER_PIXELS);
    chart.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  private static void addPoints(XYChart chart, String name, List<Double> xs, List<Double> ys, java.awt.Color colour) {
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(Charts.translucent(colour, MARKER_ALPHA));
  }
}
