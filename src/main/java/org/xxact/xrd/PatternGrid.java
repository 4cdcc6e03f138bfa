package org.xxact.xrd;

/**
 * Equally spaced 2-theta points from {@code twoThetaMinDeg} to {@code twoThetaMaxDeg}, both ends included (numpy's
 * {@code linspace}: x_i = min + i (max - min) / (n - 1), the last point exactly max). The reference grid is Cu K-alpha,
 * 5-90 degrees, 4096 points ({@link #MODEL}).
 *
 * @param twoThetaMinDeg first point, degrees
 * @param twoThetaMaxDeg last point, degrees
 * @param points number of points, at least 2
 */
public record PatternGrid(double twoThetaMinDeg, double twoThetaMaxDeg, int points) {
  /**
   * The reference grid of the design: 5 to 90 degrees 2-theta, 4096 points. Rendering and preprocessing are tested and
   * benchmarked on it; a trained model reads the grid of its own configuration
   * ({@code org.xxact.model.ModelConfig#gridPoints()}, 2048 points by default).
   */
  public static final PatternGrid MODEL = new PatternGrid(5.0, 90.0, 4096);

  public PatternGrid {
    if (points < 2) {
      throw new IllegalArgumentException("a grid needs at least 2 points, got " + points);
    }
    if (!(twoThetaMinDeg < twoThetaMaxDeg) || !Double.isFinite(twoThetaMinDeg) || !Double.isFinite(twoThetaMaxDeg)) {
      throw new IllegalArgumentException(
          "grid range must be finite with min < max, got " + twoThetaMinDeg + " to " + twoThetaMaxDeg);
    }
  }

  /** Spacing between neighbouring points, degrees. */
  public double stepDeg() {
    return (twoThetaMaxDeg - twoThetaMinDeg) / (points - 1);
  }

  /** Position of point i, degrees. */
  public double twoThetaDeg(int i) {
    return i == points - 1 ? twoThetaMaxDeg : twoThetaMinDeg + i * stepDeg();
  }

  /** All positions (a new array). */
  public double[] twoThetasDeg() {
    double[] x = new double[points];
    double step = stepDeg();
    for (int i = 0; i < points; i++) {
      x[i] = twoThetaMinDeg + i * step;
    }
    x[points - 1] = twoThetaMaxDeg;
    return x;
  }
}
