package org.xxact.xrd.io;

import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.Radiation;

/**
 * The grid a measured pattern is put on for the model: the angular grid of the simulated training patterns ({@link
 * PatternGrid}, evenly spaced 2-theta with both ends included) and the wavelength its angles refer to.
 *
 * @param radiation the wavelength the grid's angles refer to
 * @param angles the 2-theta points
 */
public record GridSpec(Radiation radiation, PatternGrid angles) {
  /** The model's grid: Cu K-alpha (1.54184 angstrom), 2-theta 5-90 degrees, 4096 points. */
  public static final GridSpec MODEL = new GridSpec(Radiation.CU_KA, PatternGrid.MODEL);

  public GridSpec {
    if (radiation == null || angles == null) {
      throw new IllegalArgumentException("grid radiation and angles are required");
    }
    if (!(angles.twoThetaMinDeg() > 0 && angles.twoThetaMaxDeg() < 180)) {
      throw new IllegalArgumentException(
          "grid 2-theta must lie within (0, 180), got " + angles.twoThetaMinDeg() + " to " + angles.twoThetaMaxDeg());
    }
  }

  public int points() {
    return angles.points();
  }

  public double twoThetaMinDeg() {
    return angles.twoThetaMinDeg();
  }

  public double twoThetaMaxDeg() {
    return angles.twoThetaMaxDeg();
  }

  /** Distance between neighbouring grid points in degrees. */
  public double stepDeg() {
    return angles.stepDeg();
  }

  /** The angle of grid point {@code i} in degrees. */
  public double twoThetaDeg(int i) {
    return angles.twoThetaDeg(i);
  }

  /** All grid angles in degrees (a new array). */
  public double[] twoThetasDeg() {
    return angles.twoThetasDeg();
  }
}
