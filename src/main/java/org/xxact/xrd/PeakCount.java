package org.xxact.xrd;

/**
 * Counts the resolved reflections of a pattern on a grid: local maxima at least {@code minRelativeHeight} of the
 * strongest point, each the largest value within {@code halfWindowPoints} grid points on either side (the first of
 * equal values counts).
 *
 * <p>Why: how many reflections a pattern shows is a first measure of how hard it is to classify. A small cell of high
 * symmetry gives a handful of lines; a large low-symmetry cell, common among minerals, gives dozens that overlap, and a
 * classifier trained on simulated patterns of mostly small cells sees few such patterns. Counting maxima on the grid
 * (not reflections in a peak list) counts what a measurement resolves: overlapping reflections closer than the window
 * count once, and the threshold keeps counting noise out (RRUFF noise is 0.2-2.8 % of the maximum).
 */
public final class PeakCount {
  /** Default threshold: 5 % of the strongest point, above the noise of measured patterns. */
  public static final double DEFAULT_MIN_RELATIVE_HEIGHT = 0.05;

  /** Default half window: 3 points, 0.125 degree on the 2048-point model grid, about one peak width. */
  public static final int DEFAULT_HALF_WINDOW_POINTS = 3;

  private PeakCount() {}

  /** {@link #count(float[], double, int)} with the defaults. */
  public static int count(float[] intensity) {
    return count(intensity, DEFAULT_MIN_RELATIVE_HEIGHT, DEFAULT_HALF_WINDOW_POINTS);
  }

  /**
   * @param intensity the pattern on its grid
   * @param minRelativeHeight smallest height of a counted maximum, as a fraction of the largest value
   * @param halfWindowPoints a maximum must be the largest value this many points to each side
   * @return the number of local maxima; 0 for a pattern without a positive value
   */
  public static int count(float[] intensity, double minRelativeHeight, int halfWindowPoints) {
    if (!(minRelativeHeight > 0 && minRelativeHeight <= 1) || halfWindowPoints < 1) {
      throw new IllegalArgumentException(
          "minRelativeHeight must be in (0, 1] and halfWindowPoints at least 1, got " + minRelativeHeight + ", "
              + halfWindowPoints);
    }
    float max = 0;
    for (float v : intensity) {
      max = Math.max(max, v);
    }
    if (!(max > 0)) {
      return 0;
    }
    double threshold = minRelativeHeight * max;
    int peaks = 0;
    for (int i = 0; i < intensity.length; i++) {
      if (intensity[i] >= threshold && isWindowMaximum(intensity, i, halfWindowPoints)) {
        peaks++;
      }
    }
    return peaks;
  }

  /** Whether point i is above every point before it and not below any point after it, within the window. */
  private static boolean isWindowMaximum(float[] intensity, int i, int halfWindow) {
    for (int j = Math.max(0, i - halfWindow); j < i; j++) {
      if (intensity[j] >= intensity[i]) {
        return false;
      }
    }
    for (int j = i + 1; j <= Math.min(intensity.length - 1, i + halfWindow); j++) {
      if (intensity[j] > intensity[i]) {
        return false;
      }
    }
    return true;
  }
}
