package org.xxact.xrd;

/**
 * Splits each peak of a pattern computed at one wavelength into the K-alpha1 and K-alpha2 lines of a laboratory tube.
 * The d-spacing of a peak is fixed by the crystal, so each line sits at 2 asin(lambda_i / 2d) (Bragg's law) and the
 * lines share the intensity 2:1 (the K-alpha2/K-alpha1 emission ratio of about 0.5; Hoelzer et al., Phys. Rev. A 56,
 * 4554, 1997), which keeps the total intensity. Line positions come from the {@link Radiation}'s own lines.
 */
public final class KAlphaDoublet {
  /** Share of a peak's intensity in the K-alpha1 line. */
  public static final double K_ALPHA1_FRACTION = 2.0 / 3.0;

  /** Share of a peak's intensity in the K-alpha2 line. */
  public static final double K_ALPHA2_FRACTION = 1.0 / 3.0;

  private KAlphaDoublet() {}

  /**
   * Writes the lines of {@code count} peaks into the output arrays (capacity at least 2 count): first all K-alpha1
   * lines, then all K-alpha2 lines; a line beyond 180 degrees is left out.
   *
   * @param twoThetaDeg peak positions computed at {@code wavelengthAngstrom}
   * @param intensity peak intensities
   * @param count number of peaks
   * @param wavelengthAngstrom the wavelength the positions refer to
   * @param tube the source whose K-alpha1 and K-alpha2 lines to use
   * @param outTwoThetaDeg line positions (written)
   * @param outIntensity line intensities (written)
   * @return the number of lines written
   * @throws IllegalArgumentException when the source has no doublet
   */
  public static int split(
      double[] twoThetaDeg,
      double[] intensity,
      int count,
      double wavelengthAngstrom,
      Radiation tube,
      double[] outTwoThetaDeg,
      double[] outIntensity) {
    if (!tube.hasDoublet()) {
      throw new IllegalArgumentException(tube.name() + " has no K-alpha doublet");
    }
    int n = 0;
    n = addLine(twoThetaDeg, intensity, count, wavelengthAngstrom, tube.kAlpha1Angstrom(), K_ALPHA1_FRACTION,
        outTwoThetaDeg, outIntensity, n);
    n = addLine(twoThetaDeg, intensity, count, wavelengthAngstrom, tube.kAlpha2Angstrom(), K_ALPHA2_FRACTION,
        outTwoThetaDeg, outIntensity, n);
    return n;
  }

  private static int addLine(
      double[] twoThetaDeg,
      double[] intensity,
      int count,
      double wavelengthAngstrom,
      double lineAngstrom,
      double fraction,
      double[] outTwoThetaDeg,
      double[] outIntensity,
      int n) {
    for (int i = 0; i < count; i++) {
      double d = BraggGeometry.dSpacingAngstrom(twoThetaDeg[i], wavelengthAngstrom);
      double tt = BraggGeometry.twoThetaDeg(d, lineAngstrom);
      if (!Double.isNaN(tt)) {
        outTwoThetaDeg[n] = tt;
        outIntensity[n] = intensity[i] * fraction;
        n++;
      }
    }
    return n;
  }
}
