package org.xxact.xrd.io;

import org.xxact.xrd.Radiation;

/**
 * The fixed angular grid a pattern is put on for the model: a wavelength and evenly spaced 2-theta points, both ends
 * included (numpy's {@code linspace(min, max, points)}, the convention of the simulated training patterns).
 *
 * @param radiation the wavelength the grid's angles refer to
 * @param twoThetaMinDeg first grid angle in degrees
 * @param twoThetaMaxDeg last grid angle in degrees
 * @param points number of grid points
 */
public record GridSpec(Radiation radiation, double twoThetaMinDeg, double twoThetaMaxDeg, int points) {
  /** The model's grid: Cu K-alpha (1.54184 angstrom), 2-theta 5-90 degrees, 4096 points. */
  public static final GridSpec MODEL = new GridSpec(Radiation.CU_KA, 5.0, 90.0, 4096);

  public GridSpec {
    if (radiation == null) {
      throw new IllegalArgumentException("grid radiation is required");
    }
    if (!(twoThetaMinDeg > 0 && twoThetaMaxDeg > twoThetaMinDeg && twoThetaMaxDeg < 180)) {
      throw new IllegalArgumentException(
          "grid 2-theta range must satisfy 0 < min < max < 180, got " + twoThetaMinDeg + " to " + twoThetaMaxDeg);
    }
    if (points < 2) {
      throw new IllegalArgumentException("grid needs at least 2 points, got " + points);
    }
  }

  /** Distance between neighbouring grid points in degrees. */
  public double stepDeg() {
    return (twoThetaMaxDeg - twoThetaMinDeg) / (points - 1);
  }

  /** The angle of grid point {@code i} in degrees. */
  public double twoThetaDeg(int i) {
    return i == points - 1 ? twoThetaMaxDeg : twoThetaMinDeg + i * stepDeg();
  }

  /** All grid angles in degrees. */
  public double[] twoThetaDeg() {
    double[] x = new double[points];
    for (int i = 0; i < points; i++) {
      x[i] = twoThetaDeg(i);
    }
    return x;
  }
}
