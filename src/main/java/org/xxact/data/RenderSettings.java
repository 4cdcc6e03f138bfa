package org.xxact.data;

import org.xxact.xrd.Radiation;

/**
 * The grid a loader renders patterns on, the peak shape without augmentation, and the augmentation.
 *
 * <p>Default: the model grid of the design, Cu K-alpha (1.54184 angstrom), 2-theta 5-90 degrees in 4096 points
 * (0.0208 degree steps, so a peak spans several points), Gaussian peaks of 0.15 degree full width at half maximum
 * (between a good laboratory diffractometer, about 0.08 degree, and a routine one, about 0.2 degree), every pattern
 * scaled to a maximum of 1, no augmentation.
 *
 * @param radiation source whose wavelength places the peaks (its K-alpha1/K-alpha2 lines when the K-alpha2
 *     augmentation is on)
 * @param twoThetaMinDeg first grid point
 * @param twoThetaMaxDeg last grid point
 * @param points number of grid points, evenly spaced, both ends included
 * @param fwhmDeg peak full width at half maximum when the width is not augmented
 * @param augmentation random changes per rendering
 */
public record RenderSettings(
    Radiation radiation,
    double twoThetaMinDeg,
    double twoThetaMaxDeg,
    int points,
    double fwhmDeg,
    Augmentation augmentation) {
  /** Default peak width in degrees 2-theta. */
  public static final double DEFAULT_FWHM_DEG = 0.15;

  /** The model grid, no augmentation. */
  public static final RenderSettings DEFAULT =
      new RenderSettings(Radiation.CU_KA, 5.0, 90.0, 4096, DEFAULT_FWHM_DEG, Augmentation.NONE);

  public RenderSettings {
    if (!(twoThetaMinDeg >= 0) || !(twoThetaMaxDeg > twoThetaMinDeg) || !(twoThetaMaxDeg < 180)) {
      throw new IllegalArgumentException(
          "grid needs 0 <= min < max < 180 degrees, got " + twoThetaMinDeg + " to " + twoThetaMaxDeg);
    }
    if (points < 2) {
      throw new IllegalArgumentException("grid needs at least 2 points, got " + points);
    }
    if (!(fwhmDeg > 0)) {
      throw new IllegalArgumentException("peak width must be positive, got " + fwhmDeg);
    }
  }

  /** The same grid and shape with another augmentation. */
  public RenderSettings withAugmentation(Augmentation a) {
    return new RenderSettings(radiation, twoThetaMinDeg, twoThetaMaxDeg, points, fwhmDeg, a);
  }
}
