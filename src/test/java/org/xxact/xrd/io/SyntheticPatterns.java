package org.xxact.xrd.io;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.xxact.xrd.BraggGeometry;

/** Patterns with Gaussian peaks at known d-spacings, and their text form, for the tests. */
final class SyntheticPatterns {
  private SyntheticPatterns() {}

  /** Evenly spaced angles from {@code fromDeg} by {@code stepDeg}, {@code n} of them. */
  static double[] angles(double fromDeg, double stepDeg, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = fromDeg + i * stepDeg;
    }
    return x;
  }

  /**
   * Gaussian peaks (unit-height profile times {@code heights[k]}) of full width at half maximum {@code fwhmDeg}, at the
   * angles where the d-spacings diffract at {@code wavelengthAngstrom}.
   */
  static double[] peaks(double[] x, double[] dSpacings, double[] heights, double fwhmDeg, double wavelengthAngstrom) {
    double[] y = new double[x.length];
    for (int k = 0; k < dSpacings.length; k++) {
      double centre = BraggGeometry.twoThetaDeg(dSpacings[k], wavelengthAngstrom);
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - centre;
        y[i] += heights[k] * Math.exp(-4 * Math.log(2) * d * d / (fwhmDeg * fwhmDeg));
      }
    }
    return y;
  }

  /** The pattern as a two-column .xy text with a comment line. */
  static byte[] xy(double[] x, double[] y) {
    StringBuilder sb = new StringBuilder("# synthetic pattern\n");
    for (int i = 0; i < x.length; i++) {
      sb.append(String.format(Locale.ROOT, "%.5f %.6f%n", x[i], y[i]));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Positions of the local maxima of {@code y} above {@code threshold} (as a fraction of the maximum), refined by a
   * parabola through the maximum and its neighbours; returned as {angle, height} pairs.
   */
  static double[][] maxima(double[] x, double[] y, double threshold) {
    double max = 0;
    for (double v : y) {
      max = Math.max(max, v);
    }
    java.util.List<double[]> out = new java.util.ArrayList<>();
    for (int i = 1; i < y.length - 1; i++) {
      if (y[i] > threshold * max && y[i] > y[i - 1] && y[i] >= y[i + 1]) {
        double denom = y[i - 1] - 2 * y[i] + y[i + 1];
        double shift = denom == 0 ? 0 : 0.5 * (y[i - 1] - y[i + 1]) / denom;
        double h = x[i + 1] - x[i];
        double height = y[i] - 0.25 * (y[i - 1] - y[i + 1]) * shift;
        out.add(new double[] {x[i] + shift * h, height});
      }
    }
    return out.toArray(new double[0][]);
  }
}
