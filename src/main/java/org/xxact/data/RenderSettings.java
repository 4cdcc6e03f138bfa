package org.xxact.data;

import org.xxact.xrd.PatternGrid;
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
 * @param grid the 2-theta grid
 * @param fwhmDeg peak full width at half maximum when the width is not augmented
 * @param augmentation random changes per rendering
 */
public record RenderSettings(
    Radiation radiation,
    PatternGrid grid,
    double fwhmDeg,
    Augmentation augmentation) {
  /** Default peak width in degrees 2-theta. */
  public static final double DEFAULT_FWHM_DEG = 0.15;

  /** The model grid, no augmentation. */
  public static final RenderSettings DEFAULT =
      new RenderSettings(Radiation.CU_KA, PatternGrid.MODEL, DEFAULT_FWHM_DEG, Augmentation.NONE);

  public RenderSettings {
    if (!(fwhmDeg > 0)) {
      throw new IllegalArgumentException("peak width must be positive, got " + fwhmDeg);
    }
  }

  /** The same grid and shape with another augmentation. */
  public RenderSettings withAugmentation(Augmentation a) {
    return new RenderSettings(radiation, grid, fwhmDeg, a);
  }
}
