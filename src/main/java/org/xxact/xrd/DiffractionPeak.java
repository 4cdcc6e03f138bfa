package org.xxact.xrd;

import java.util.List;

/**
 * One peak of a powder pattern: reflections whose 2-theta agree within {@link XrdCalculator#TWO_THETA_TOL_DEG}, merged.
 *
 * @param twoThetaDeg position of the first reflection that formed the peak, degrees
 * @param intensity integrated intensity, scaled so that the strongest peak of its pattern is 100
 * @param dSpacingAngstrom d = 1 / |g| of the first reflection, angstrom
 * @param families the hkl families that contribute, in order of first appearance
 */
public record DiffractionPeak(double twoThetaDeg, double intensity, double dSpacingAngstrom, List<HklFamily> families) {
  public DiffractionPeak {
    families = List.copyOf(families);
  }
}
