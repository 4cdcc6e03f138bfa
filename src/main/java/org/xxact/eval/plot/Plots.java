package org.xxact.eval.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xxact.eval.ConfusionMatrix;
import org.xxact.eval.RegressionMetrics;

/**
 * The report plots, each a PNG of {@value Charts#WIDTH} x {@value Charts#HEIGHT} pixels written atomically: learning
 * curves, parity plots, confusion-matrix heat maps, error against training-set size, and the masked-XRD reconstruction.
 * Inputs are plain arrays; nothing here knows about models or datasets.
 */
public final class Plots {
  /** Image width in pixels. */
  public static final int WIDTH = Charts.WIDTH;

  /** Image height in pixels. */
  public static final int HEIGHT = Charts.HEIGHT;

  /** Marker diameter (pixels) of parity plots, small enough for thousands of points. */
  private static final int PARITY_MARKER_PIXELS = 4;

  /** Opacity (0-255) of parity-plot markers, so that dense regions show as darker. */
  private static final int PARITY_MARKER_ALPHA = 90;

  /**
   * Rotation of the step labels of learning curves, in degrees: XChart puts a tick at every k-th of equally spaced x
   * values and can choose k too small for labels such as "1,210"; slanted labels do not run together.
   */
  private static final int STEP_LABEL_ROTATION_DEG = 45;

  /**
   * Rotation of the predicted-class labels of a confusion matrix, in degrees: class names such as "monoclinic" and
   * "orthorhombic" are wider than their columns and ran together when level.
   */
  private static final int CLASS_LABEL_ROTATION_DEG = 30;

  /** Multiple of degrees the 2-theta axis of a pattern plot starts and ends on. */
  private static final double PATTERN_AXIS_STEP_DEG = 10;

  /** Colour of the masked regions of an XRD reconstruction. */
  private static final Color MASK_SHADE = new Color(255, 200, 120, 110);

  private Plots() {}

  /**
   * Learning curves: a metric (validation MAE, loss ...) against the optimiser step, one line per run.
   *
   * @param logY a logarithmic y axis (losses spanning decades), honoured when every value is positive: a likelihood
   *     loss goes below zero once the predicted variances shrink, and the axis is then linear
   */
  public static void learningCurves(
      Path file, String title, String xLabel, String yLabel, List<PlotSeries> runs, boolean logY) throws IOException {
    XYChart chart = lineChart(title, xLabel, yLabel);
    chart.getStyler().setYAxisLogarithmic(
        logY && runs.stream().allMatch(r -> Arrays.stream(r.y()).allMatch(v -> v > 0)));
    chart.getStyler().setXAxisLabelRotation(STEP_LABEL_ROTATION_DEG);
    addLines(chart, runs);
    Charts.writePng(chart, file);
  }

  /**
   * Diffraction patterns on one 2-theta axis, one line each (the patterns a model reads, on its grid).
   *
   * @param xLabel the axis title, naming the wavelength the angles refer to
   */
  public static void patterns(Path file, String title, String xLabel, List<PlotSeries> patterns) throws IOException {
    XYChart chart = lineChart(title, xLabel, "intensity (maximum 1)");
    chart.getStyler().setXAxisDecimalPattern("0");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (PlotSeries p : patterns) {
      for (double x : p.x()) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    // Axis ends on multiples of the tick step, so that the ticks fall on whole degrees.
    chart.getStyler().setXAxisMin(Math.floor(lo / PATTERN_AXIS_STEP_DEG) * PATTERN_AXIS_STEP_DEG);
    chart.getStyler().setXAxisMax(Math.ceil(hi / PATTERN_AXIS_STEP_DEG) * PATTERN_AXIS_STEP_DEG);
    addLines(chart, patterns);
    Charts.writePng(chart, file);
  }

  /**
   * Error (or any score) against training-set size on a logarithmic x axis, one line per model, with error bars where the
   * series has them (the spread over seeds).
   */
  public static void errorVsTrainingSize(Path file, String title, String yLabel, List<PlotSeries> models)
      throws IOException {
    XYChart chart = lineChart(title, "training-set size", yLabel);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    addLines(chart, models);
    Charts.writePng(chart, file);
  }

  /**
   * A parity plot of one regression target: predicted against true value, the y = x line, and the MAE in the title.
   * Pairs with a non-finite value cannot be drawn; the MAE and R2 in the title are those of the drawn pairs and the
   * title says how many were omitted.
   *
   * @param target target name for the title and axes
   * @param unit physical unit ("eV/atom"), or empty
   */
  public static void parity(Path file, String target, String unit, double[] actual, double[] predicted)
      throws IOException {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(actual.length + " true values for " + predicted.length + " predictions");
    }
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      if (Double.isFinite(actual[i]) && Double.isFinite(predicted[i])) {
        xs.add(actual[i]);
        ys.add(predicted[i]);
        low = Math.min(low, Math.min(actual[i], predicted[i]));
        high = Math.max(high, Math.max(actual[i], predicted[i]));
      }
    }
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("no finite (true, predicted) pair to plot for " + target);
    }
    if (high == low) {
      high = low + 1;
    }
    double[] shownActual = xs.stream().mapToDouble(Double::doubleValue).toArray();
    double[] shownPredicted = ys.stream().mapToDouble(Double::doubleValue).toArray();
    RegressionMetrics m = RegressionMetrics.of(shownPredicted, shownActual);
    int omitted = actual.length - xs.size();
    String units = unit.isEmpty() ? "" : " (" + unit + ")";
    String title =
        String.format(
                Locale.ROOT,
                "%s: MAE %.4g%s, R2 %.3f, n = %d",
                target,
                m.mae(),
                unit.isEmpty() ? "" : " " + unit,
                m.r2(),
                m.n())
            + (omitted > 0 ? ", " + omitted + " non-finite omitted" : "");
    XYChart chart = lineChart(title, "true " + target + units, "predicted " + target + units);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
    XYSeries ideal = chart.addSeries("y = x", new double[] {low, high}, new double[] {low, high});
    ideal.setMarker(SeriesMarkers.NONE);
    ideal.setLineColor(Color.DARK_GRAY);
    ideal.setLineStyle(SeriesLines.DASH_DASH);
    XYSeries points = chart.addSeries("samples", xs, ys);
    points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    points.setMarker(SeriesMarkers.CIRCLE);
    points.setMarkerColor(Charts.translucent(Charts.category(0), PARITY_MARKER_ALPHA));
    chart.getStyler().setMarkerSize(PARITY_MARKER_PIXELS);
    chart.getStyler().setXAxisMin(low).setXAxisMax(high).setYAxisMin(low).setYAxisMax(high);
    Charts.writePng(chart, file);
  }

  /**
   * A confusion-matrix heat map: true class down the rows (first class at the top), predicted class across, each cell
   * labelled with its count or, row-normalised, with the fraction of the true class (the diagonal is each class's
   * recall).
   */
  public static void confusionMatrix(
      Path file, String title, ConfusionMatrix matrix, List<String> classNames, boolean rowNormalised)
      throws IOException {
    int c = matrix.numClasses();
    if (classNames.size() != c) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + c + " classes");
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(Charts.WIDTH)
            .height(Charts.HEIGHT)
            .title(title + (rowNormalised ? " (row-normalised)" : " (counts)"))
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    double[][] normalised = matrix.rowNormalised();
    List<Number[]> cells = new ArrayList<>();
    double max = 0;
    for (int a = 0; a < c; a++) {
      for (int p = 0; p < c; p++) {
        double v = rowNormalised ? normalised[a][p] : matrix.count(a, p);
        max = Math.max(max, v);
        cells.add(new Number[] {p, c - 1 - a, v});
      }
    }
    List<String> rows = new ArrayList<>(classNames);
    Collections.reverse(rows);
    chart.addSeries(title, classNames, rows, cells);
    var styler = chart.getStyler();
    styler.setShowValue(true);
    styler.setXAxisLabelRotation(CLASS_LABEL_ROTATION_DEG);
    styler.setHeatMapValueDecimalPattern(rowNormalised ? "0.00" : "0");
    styler.setMin(0);
    // The legend prints the top of the scale as it is: a fraction rounded up to two decimals reads as such.
    double top = rowNormalised ? Math.ceil(max * 100) / 100 : max;
    styler.setMax(top > 0 ? top : 1);
    styler.setRangeColors(new Color[] {Color.WHITE, Charts.category(0)});
    styler.setLegendVisible(true);
    Charts.writePng(chart, file);
  }

  /**
   * A masked-XRD-modelling reconstruction: the original pattern, the model's reconstruction, and the masked points
   * shaded.
   *
   * @param twoThetaDeg the grid's angles, ascending
   * @param original the pattern the model saw before masking
   * @param reconstructed the model's output on the same grid
   * @param masked true at the points the model had to fill in
   */
  public static void xrdReconstruction(
      Path file, String title, double[] twoThetaDeg, double[] original, double[] reconstructed, boolean[] masked)
      throws IOException {
    int n = twoThetaDeg.length;
    if (original.length != n || reconstructed.length != n || masked.length != n) {
      throw new IllegalArgumentException("angles, original, reconstruction and mask need the same length");
    }
    XYChart chart = lineChart(title, "2-theta (degrees)", "intensity");
    double top = 0;
    for (int i = 0; i < n; i++) {
      top = Math.max(top, Math.max(original[i], reconstructed[i]));
    }
    List<Double> shadeX = new ArrayList<>();
    List<Double> shadeY = new ArrayList<>();
    double halfStep = n > 1 ? 0.5 * (twoThetaDeg[n - 1] - twoThetaDeg[0]) / (n - 1) : 0.5;
    for (int i = 0; i < n; i++) {
      if (masked[i] && (i == 0 || !masked[i - 1])) {
        int end = i;
        while (end + 1 < n && masked[end + 1]) {
          end++;
        }
        double from = twoThetaDeg[i] - halfStep;
        double to = twoThetaDeg[end] + halfStep;
        shadeX.addAll(List.of(from, from, to, to));
        shadeY.addAll(List.of(0.0, top, top, 0.0));
      }
    }
    if (!shadeX.isEmpty()) {
      XYSeries shade = chart.addSeries("masked", shadeX, shadeY);
      shade.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
      shade.setMarker(SeriesMarkers.NONE);
      shade.setFillColor(MASK_SHADE);
      shade.setLineColor(MASK_SHADE);
    }
    XYSeries o = chart.addSeries("original", twoThetaDeg, original);
    o.setMarker(SeriesMarkers.NONE);
    o.setLineColor(Color.BLACK);
    o.setLineWidth(1.2f);
    XYSeries r = chart.addSeries("reconstructed", twoThetaDeg, reconstructed);
    r.setMarker(SeriesMarkers.NONE);
    r.setLineColor(Charts.category(2));
    r.setLineWidth(1.2f);
    Charts.writePng(chart, file);
  }

  private static XYChart lineChart(String title, String xLabel, String yLabel) {
    XYChart chart =
        new XYChartBuilder()
            .width(Charts.WIDTH)
            .height(Charts.HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  private static void addLines(XYChart chart, List<PlotSeries> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    for (int s = 0; s < lines.size(); s++) {
      PlotSeries p = lines.get(s);
      XYSeries series =
          p.yError() == null ? chart.addSeries(p.name(), p.x(), p.y()) : chart.addSeries(p.name(), p.x(), p.y(), p.yError());
      series.setLineColor(Charts.category(s));
      series.setMarkerColor(Charts.category(s));
      series.setMarker(p.x().length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      series.setLineStyle(new BasicStroke(1.5f));
    }
  }
}
