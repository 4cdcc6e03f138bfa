package org.xxact.xrd.io;

/**
 * Background estimation for powder patterns. Each method returns the background, which lies at or below the pattern;
 * the pattern minus it keeps the peaks.
 *
 * <p><b>SNIP</b> (statistics-sensitive non-linear iterative peak-clipping; Ryan, Clayton, Griffin, Sie, Cousens, Nucl.
 * Instr. Meth. B 34 (1988) 396; Morhac, Kliman, Matousek, Veselsky, Turzo, Nucl. Instr. Meth. A 401 (1997) 113): for
 * window half-widths p = 1, 2, ..., m, every point is replaced by the smaller of itself and the mean of the points p to
 * its left and right. A peak narrower than the window is clipped away; a background that varies slowly over the
 * window survives. Before clipping, the data go through the LLS operator v = ln(ln(sqrt(y + 1) + 1) + 1), which
 * compresses strong peaks and evens out Poisson noise so that clipping follows the background under peaks of any
 * height; the inverse, y = (exp(exp(v) - 1) - 1)^2 - 1, brings the result back. The ends, where a window would reach
 * outside the data, are not clipped at that window.
 *
 * <p><b>Rolling ball</b>: a morphological opening (a minimum then a maximum filter over a flat window) gives the
 * largest curve at or below the pattern that a window-wide ball can touch from below; a moving average of the same
 * width smooths its corners, and the result is capped at the pattern. This is the "rolling ball" of large radius used in
 * powder-pattern software (pybaselines' {@code rolling_ball}); it makes no assumption about counting statistics.
 */
public final class BackgroundRemoval {
  private BackgroundRemoval() {}

  /**
   * The SNIP background of {@code y} (values must be at least zero, such as counts) with clipping windows up to
   * {@code iterations} points on either side.
   */
  public static double[] snip(double[] y, int iterations) {
    int n = y.length;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      if (!(y[i] >= 0)) {
        throw new IllegalArgumentException("SNIP needs non-negative values, got " + y[i] + " at " + i);
      }
      v[i] = lls(y[i]);
    }
    double[] w = new double[n];
    for (int p = 1; p <= iterations && 2 * p < n; p++) {
      System.arraycopy(v, 0, w, 0, n);
      for (int i = p; i < n - p; i++) {
        w[i] = Math.min(v[i], 0.5 * (v[i - p] + v[i + p]));
      }
      double[] t = v;
      v = w;
      w = t;
    }
    double[] background = new double[n];
    for (int i = 0; i < n; i++) {
      background[i] = Math.min(y[i], inverseLls(v[i]));
    }
    return background;
  }

  /** The rolling-ball background of {@code y} for a window of {@code halfWindow} points on either side. */
  public static double[] rollingBall(double[] y, int halfWindow) {
    double[] opened = slidingExtreme(slidingExtreme(y, halfWindow, false), halfWindow, true);
    int n = y.length;
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + opened[i];
    }
    double[] background = new double[n];
    for (int i = 0; i < n; i++) {
      int lo = Math.max(0, i - halfWindow);
      int hi = Math.min(n - 1, i + halfWindow);
      background[i] = Math.min(y[i], (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1));
    }
    return background;
  }

  /** The LLS operator of Morhac et al.: log-log-square-root compression. */
  static double lls(double y) {
    return Math.log(Math.log(Math.sqrt(y + 1.0) + 1.0) + 1.0);
  }

  /** Inverse of {@link #lls}. */
  static double inverseLls(double v) {
    double s = Math.exp(Math.exp(v) - 1.0) - 1.0;
    return s * s - 1.0;
  }

  private static double[] slidingExtreme(double[] y, int halfWindow, boolean max) {
    int n = y.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double e = y[i];
      for (int j = Math.max(0, i - halfWindow); j <= Math.min(n - 1, i + halfWindow); j++) {
        e = max ? Math.max(e, y[j]) : Math.min(e, y[j]);
      }
      out[i] = e;
    }
    return out;
  }
}
