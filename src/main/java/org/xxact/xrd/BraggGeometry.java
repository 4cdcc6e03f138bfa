package org.xxact.xrd;

/**
 * Conversions between diffraction angle 2-theta, interplanar spacing d and scattering vector magnitude Q through Bragg's
 * law, lambda = 2 d sin(theta), and Q = 4 pi sin(theta) / lambda = 2 pi / d. These let a pattern measured at any
 * wavelength be placed where the Cu K-alpha pattern of the same material would be (Warren, X-ray Diffraction, 1969, ch. 1).
 */
public final class BraggGeometry {
  private BraggGeometry() {}

  /**
   * d-spacing in angstrom for a peak at 2-theta (degrees) and wavelength lambda (angstrom).
   *
   * @return d = lambda / (2 sin(theta)); +infinity at 2-theta = 0
   */
  public static double dSpacingAngstrom(double twoThetaDeg, double wavelengthAngstrom) {
    return wavelengthAngstrom / (2.0 * Math.sin(Math.toRadians(twoThetaDeg) / 2.0));
  }

  /**
   * 2-theta in degrees at which spacing d diffracts at wavelength lambda.
   *
   * @return the angle, or NaN when lambda / (2 d) &gt; 1 (the reflection is beyond the limiting sphere)
   */
  public static double twoThetaDeg(double dSpacingAngstrom, double wavelengthAngstrom) {
    double s = wavelengthAngstrom / (2.0 * dSpacingAngstrom);
    if (s > 1.0) {
      return Double.NaN;
    }
    return Math.toDegrees(2.0 * Math.asin(s));
  }

  /** Q = 4 pi sin(theta) / lambda in 1/angstrom. */
  public static double qInverseAngstrom(double twoThetaDeg, double wavelengthAngstrom) {
    return 4.0 * Math.PI * Math.sin(Math.toRadians(twoThetaDeg) / 2.0) / wavelengthAngstrom;
  }

  /** 2-theta in degrees for scattering vector magnitude Q (1/angstrom); NaN beyond the limiting sphere. */
  public static double twoThetaDegFromQ(double qInverseAngstrom, double wavelengthAngstrom) {
    double s = qInverseAngstrom * wavelengthAngstrom / (4.0 * Math.PI);
    if (s > 1.0) {
      return Double.NaN;
    }
    return Math.toDegrees(2.0 * Math.asin(s));
  }

  /** 2-theta at wavelength {@code toAngstrom} of a peak seen at {@code twoThetaDeg} with {@code fromAngstrom}. */
  public static double convertTwoThetaDeg(double twoThetaDeg, double fromAngstrom, double toAngstrom) {
    return twoThetaDeg(dSpacingAngstrom(twoThetaDeg, fromAngstrom), toAngstrom);
  }
}
