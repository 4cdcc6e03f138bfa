package org.xxact.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xxact.data.AtomicFiles;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.PatternGrid;

/** A PNG of a powder pattern: the peaks as sticks (0-100) and, when given, the broadened profile scaled to 100. */
final class PatternPlot {
  private static final int WIDTH_PX = 1200;
  private static final int HEIGHT_PX = 600;

  private PatternPlot() {}

  /**
   * Writes the plot atomically.
   *
   * @param profile the rendered grid (maximum 1), or null for sticks only
   */
  static void write(Path png, String title, DiffractionPattern pattern, PatternGrid grid, double[] profile)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH_PX)
            .height(HEIGHT_PX)
            .title(title)
            .xAxisTitle(String.format(Locale.ROOT, "2θ (degrees), λ = %.5f Å", pattern.wavelengthAngstrom()))
            .yAxisTitle("intensity (scaled)")
            .build();
    chart.getStyler().setLegendVisible(profile != null);
    if (profile != null) {
      double[] y = new double[profile.length];
      double max = 0;
      for (double v : profile) {
        max = Math.max(max, v);
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = max > 0 ? 100 * profile[i] / max : 0;
      }
      XYSeries s = chart.addSeries("profile", grid.twoThetasDeg(), y);
      s.setMarker(SeriesMarkers.NONE);
    }
    // Sticks as one polyline that drops back to zero after each peak.
    int n = pattern.size();
    double[] x = new double[3 * n + 2];
    double[] y = new double[3 * n + 2];
    x[0] = pattern.twoThetaMinDeg();
    double[] tt = pattern.twoThetasDeg();
    double[] in = pattern.intensities();
    for (int i = 0; i < n; i++) {
      x[3 * i + 1] = tt[i];
      x[3 * i + 2] = tt[i];
      x[3 * i + 3] = tt[i];
      y[3 * i + 2] = in[i];
    }
    x[3 * n + 1] = pattern.twoThetaMaxDeg();
    XYSeries sticks = chart.addSeries("peaks", x, y);
    sticks.setMarker(SeriesMarkers.NONE);
    try (AtomicFiles.Output out = AtomicFiles.open(png)) {
      BitmapEncoder.saveBitmap(chart, out.stream(), BitmapEncoder.BitmapFormat.PNG);
      out.commit();
    }
  }
}
