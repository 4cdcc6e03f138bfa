package org.xxact.xrd;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolved reflections of a pattern on a grid: local maxima at least {@code minRelativeHeight} of the strongest
 * point, each the largest value within {@code halfWindowPoints} grid points on either side (the first of equal values
 * counts), located to a fraction of a grid step by the vertex of the parabola through the maximum and its two
 * neighbours.
 *
 * <p>Why: how many reflections a pattern shows is a first measure of how hard it is to classify. A small cell of high
 * symmetry gives a handful of lines; a large low-symmetry cell, common among minerals, gives dozens that overlap, and a
 * classifier trained on simulated patterns of mostly small cells sees few such patterns. Finding maxima on the grid
 * (not reflections in a peak list) finds what a measurement resolves: overlapping reflections closer than the window
 * count once, and the threshold keeps noise out (RRUFF noise is 0.2-2.8 % of the maximum). The parabolic vertex is the
 * classical sub-step peak position of a sampled profile; for a Gaussian sampled at 1.5 points per standard deviation
 * it is within a few hundredths of a step.
 */
public final class ResolvedPeaks {
  /** Default threshold: 5 % of the strongest point, above the noise of measured patterns. */
  public static final double DEFAULT_MIN_RELATIVE_HEIGHT = 0.05;

  /** Default half window: 3 points, 0.125 degree on the 2048-point model grid, about one peak width. */
  public static final int DEFAULT_HALF_WINDOW_POINTS = 3;

  /**
   * One resolved reflection.
   *
   * @param gridIndex position in grid points from the first point of the pattern, with the sub-step offset
   * @param height value of the grid maximum
   */
  public record Peak(double gridIndex, float height) {}

  private ResolvedPeaks() {}

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
    return find(intensity, 0, intensity.length, minRelativeHeight, halfWindowPoints).size();
  }

  /**
   * The resolved reflections of the pattern held in {@code values[offset, offset + length)}, in order of position.
   *
   * @param minRelativeHeight smallest height of a maximum, as a fraction of the largest value, in (0, 1]
   * @param halfWindowPoints a maximum must be the largest value this many points to each side, at least 1
   * @return the peaks; none for a pattern without a positive value
   */
  public static List<Peak> find(
      float[] values, int offset, int length, double minRelativeHeight, int halfWindowPoints) {
    if (!(minRelativeHeight > 0 && minRelativeHeight <= 1) || halfWindowPoints < 1) {
      throw new IllegalArgumentException(
          "minRelativeHeight must be in (0, 1] and halfWindowPoints at least 1, got " + minRelativeHeight + ", "
              + halfWindowPoints);
    }
    float max = 0;
    for (int i = offset; i < offset + length; i++) {
      max = Math.max(max, values[i]);
    }
    List<Peak> peaks = new ArrayList<>();
    if (!(max > 0)) {
      return peaks;
    }
    double threshold = minRelativeHeight * max;
    for (int i = offset; i < offset + length; i++) {
      if (values[i] >= threshold && isWindowMaximum(values, offset, length, i, halfWindowPoints)) {
        peaks.add(new Peak(i - offset + vertexOffset(values, offset, length, i), values[i]));
      }
    }
    return peaks;
  }

  /** Whether point i is above every point before it and not below any point after it, within the window. */
  private static boolean isWindowMaximum(float[] values, int offset, int length, int i, int halfWindow) {
    for (int j = Math.max(offset, i - halfWindow); j < i; j++) {
      if (values[j] >= values[i]) {
        return false;
      }
    }
    for (int j = i + 1; j <= Math.min(offset + length - 1, i + halfWindow); j++) {
      if (values[j] > values[i]) {
        return false;
      }
    }
    return true;
  }

  /** Offset in (-0.5, 0.5) of the vertex of the parabola through points i - 1, i, i + 1; 0 at an end or a flat top. */
  private static double vertexOffset(float[] values, int offset, int length, int i) {
    if (i == offset || i == offset + length - 1) {
      return 0;
    }
    double left = values[i - 1];
    double centre = values[i];
    double right = values[i + 1];
    double curvature = left - 2 * centre + right;
    if (!(curvature < 0)) {
      return 0;
    }
    return Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / curvature));
  }
}
