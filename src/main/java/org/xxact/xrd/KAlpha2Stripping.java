package org.xxact.xrd;

/**
 * Removes the K-alpha2 component from a pattern measured with a laboratory tube (Rachinger, J. Sci. Instrum. 25, 254,
 * 1948), leaving the pattern a K-alpha1 source alone would give.
 *
 * <p>Every reflection of a tube pattern is a pair: the K-alpha1 line at 2 asin(lambda1 / 2d) and the K-alpha2 line,
 * {@code ratio} times as strong, at 2 asin(lambda2 / 2d). At low angles the two merge into one peak at the weighted
 * mean wavelength; above about 40 degrees (Cu) they separate, and the K-alpha1 maximum sits at the K-alpha1 angle, up
 * to 0.08 degree below where the weighted mean places it at 80 degrees. A pattern read as the weighted mean
 * therefore has its resolved lines off by more than a peak position is known, and carries a second line for each
 * that no cell indexes. The observed intensity is I(2theta) = I1(2theta) + ratio I1(2theta'), where 2theta' is the
 * angle at which K-alpha1 diffracts from the d-spacing that sends K-alpha2 to 2theta: sin theta' = sin theta lambda1 /
 * lambda2. As 2theta' is below 2theta, I1 follows point by point from the low-angle end: I1(2theta) = I(2theta) - ratio
 * I1(2theta'), with I1(2theta') interpolated linearly between the points already stripped. The background, scattered
 * by both lines as well, is stripped with the peaks.
 */
public final class KAlpha2Stripping {
  private KAlpha2Stripping() {}

  /**
   * The K-alpha1 pattern of a tube pattern.
   *
   * @param twoThetaDeg measured angles, strictly ascending
   * @param intensity measured intensities
   * @param tube the tube, with both lines ({@link Radiation#hasDoublet()})
   * @param ratio the K-alpha2 / K-alpha1 intensity ratio ({@link Radiation#kAlpha2Ratio()} for a weighted-mean source)
   * @param maxStepDeg the widest step between neighbouring points that is interpolated across; where 2theta' falls in a
   *     wider step (a gap in the scan) or below the first point, nothing is subtracted
   * @return the stripped intensities (noise can leave them slightly negative; the caller clips)
   * @throws IllegalArgumentException when the tube has no doublet or the arrays differ in length
   */
  public static double[] strip(
      double[] twoThetaDeg, double[] intensity, Radiation tube, double ratio, double maxStepDeg) {
    if (!tube.hasDoublet()) {
      throw new IllegalArgumentException(tube.name() + " has no K-alpha doublet to strip");
    }
    if (twoThetaDeg.length != intensity.length) {
      throw new IllegalArgumentException(twoThetaDeg.length + " angles for " + intensity.length + " intensities");
    }
    double[] stripped = new double[intensity.length];
    int k = 0;
    for (int i = 0; i < twoThetaDeg.length; i++) {
      double source = BraggGeometry.convertTwoThetaDeg(twoThetaDeg[i], tube.kAlpha2Angstrom(), tube.kAlpha1Angstrom());
      stripped[i] = intensity[i];
      if (i == 0 || source < twoThetaDeg[0]) {
        continue;
      }
      while (k + 1 < i && twoThetaDeg[k + 1] <= source) {
        k++;
      }
      if (twoThetaDeg[k + 1] - twoThetaDeg[k] > maxStepDeg) {
        continue;
      }
      double f = (source - twoThetaDeg[k]) / (twoThetaDeg[k + 1] - twoThetaDeg[k]);
      if (k + 1 < i) {
        stripped[i] -= ratio * ((1 - f) * stripped[k] + f * stripped[k + 1]);
      } else {
        // 2theta' lies between the previous point and this one (a coarse step at low angle): the unknown I1 here
        // appears on both sides, I1 = I - ratio ((1 - f) I1_prev + f I1).
        stripped[i] = (intensity[i] - ratio * (1 - f) * stripped[k]) / (1 + ratio * f);
      }
    }
    return stripped;
  }
}
