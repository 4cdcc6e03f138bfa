package org.xxact.xrd;

/**
 * Peak width (FWHM, degrees 2-theta) as a function of the peak position: an instrument term, constant or Caglioti, and
 * optionally a crystallite-size term.
 *
 * <ul>
 *   <li>Caglioti, Paoletti and Ricci (Nucl. Instrum. 3, 223, 1958): FWHM^2 = U tan^2(theta) + V tan(theta) + W, with U,
 *       V, W in degrees^2;
 *   <li>Scherrer (1918; Langford and Wilson, J. Appl. Cryst. 11, 102, 1978): FWHM = K lambda / (L cos theta) radians for
 *       crystallites of size L, K = {@link #SCHERRER_K};
 *   <li>the two add in quadrature, FWHM^2 = FWHM_instrument^2 + FWHM_size^2, which is exact for Gaussian components
 *       and the common approximation otherwise.
 * </ul>
 *
 * @param constantFwhmDeg the instrument FWHM when not Caglioti (NaN when Caglioti)
 * @param uDeg2 Caglioti U (NaN when constant)
 * @param vDeg2 Caglioti V
 * @param wDeg2 Caglioti W
 * @param crystalliteSizeAngstrom crystallite size L in angstrom, or +infinity for no size broadening
 */
public record Broadening(
    double constantFwhmDeg, double uDeg2, double vDeg2, double wDeg2, double crystalliteSizeAngstrom) {
  /** Scherrer constant for spherical crystallites and the FWHM (Langford and Wilson 1978). */
  public static final double SCHERRER_K = 0.9;

  public Broadening {
    boolean caglioti = Double.isNaN(constantFwhmDeg);
    if (!caglioti && !(constantFwhmDeg >= 0 && Double.isFinite(constantFwhmDeg))) {
      throw new IllegalArgumentException("FWHM must be finite and not negative, got " + constantFwhmDeg);
    }
    if (caglioti && !(Double.isFinite(uDeg2) && Double.isFinite(vDeg2) && Double.isFinite(wDeg2))) {
      throw new IllegalArgumentException("Caglioti U, V, W must be finite");
    }
    if (!(crystalliteSizeAngstrom > 0)) {
      throw new IllegalArgumentException("crystallite size must be positive, got " + crystalliteSizeAngstrom);
    }
  }

  /** The same FWHM (degrees) for every peak. */
  public static Broadening constant(double fwhmDeg) {
    return new Broadening(fwhmDeg, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY);
  }

  /** Caglioti instrument function, U, V, W in degrees^2. */
  public static Broadening caglioti(double uDeg2, double vDeg2, double wDeg2) {
    return new Broadening(Double.NaN, uDeg2, vDeg2, wDeg2, Double.POSITIVE_INFINITY);
  }

  /** This instrument function plus Scherrer broadening for crystallites of size L (angstrom). */
  public Broadening withCrystalliteSize(double sizeAngstrom) {
    return new Broadening(constantFwhmDeg, uDeg2, vDeg2, wDeg2, sizeAngstrom);
  }

  /**
   * Broadening by a root-mean-square microstrain epsilon, 4 epsilon tan(theta) radians (Stokes and Wilson, Proc. Phys.
   * Soc. 56, 174, 1944), in degrees 2-theta; it adds in quadrature to the other terms like the Scherrer term.
   */
  public static double microstrainFwhmDeg(double twoThetaDeg, double microstrain) {
    return Math.toDegrees(4 * microstrain * Math.tan(Math.toRadians(twoThetaDeg / 2)));
  }

  /** True for the Caglioti instrument function. */
  public boolean isCaglioti() {
    return Double.isNaN(constantFwhmDeg);
  }

  /**
   * FWHM in degrees of a peak at 2-theta.
   *
   * @param twoThetaDeg peak position, degrees
   * @param wavelengthAngstrom wavelength of the pattern (for the Scherrer term)
   * @throws IllegalArgumentException where the Caglioti polynomial is not positive
   */
  public double fwhmDeg(double twoThetaDeg, double wavelengthAngstrom) {
    double theta = Math.toRadians(twoThetaDeg / 2);
    double f2;
    if (isCaglioti()) {
      double t = Math.tan(theta);
      f2 = uDeg2 * t * t + vDeg2 * t + wDeg2;
    } else {
      f2 = constantFwhmDeg * constantFwhmDeg;
    }
    if (crystalliteSizeAngstrom != Double.POSITIVE_INFINITY) {
      double size = Math.toDegrees(SCHERRER_K * wavelengthAngstrom / (crystalliteSizeAngstrom * Math.cos(theta)));
      f2 += size * size;
    }
    if (!(f2 > 0)) {
      throw new IllegalArgumentException(
          "peak width is not positive at 2theta = " + twoThetaDeg + " degrees (FWHM^2 = " + f2 + ")");
    }
    return Math.sqrt(f2);
  }

  /** FWHM of {@code count} peaks into {@code out} (no allocation). */
  public void fwhmDeg(double[] twoThetaDeg, int count, double wavelengthAngstrom, double[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = fwhmDeg(twoThetaDeg[i], wavelengthAngstrom);
    }
  }
}
