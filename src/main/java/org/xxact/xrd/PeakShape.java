package org.xxact.xrd;

import java.util.Locale;

/**
 * Line shape of a broadened powder peak, as a function of the distance D = 2theta - 2theta_peak and the full width at
 * half maximum F (both in degrees), with unit height at D = 0:
 *
 * <ul>
 *   <li>Gaussian G(D) = exp(-4 ln2 D^2 / F^2) (instrument-dominated peaks);
 *   <li>Lorentzian L(D) = 1 / (1 + 4 D^2 / F^2) (size- and strain-dominated peaks);
 *   <li>pseudo-Voigt eta L + (1 - eta) G with the same F, the usual approximation of their convolution (Wertheim et
 *       al., Rev. Sci. Instrum. 45, 1369, 1974; Thompson, Cox and Hastings, J. Appl. Cryst. 20, 79, 1987).
 * </ul>
 */
public enum PeakShape {
  GAUSSIAN("gaussian"),
  LORENTZIAN("lorentzian"),
  PSEUDO_VOIGT("pseudo-voigt");

  /** 4 ln 2: the Gaussian exponent per (D / F)^2. */
  public static final double FOUR_LN2 = 4 * Math.log(2);

  /** Height of a unit-area Gaussian of FWHM F, times F: 2 sqrt(ln 2 / pi). */
  public static final double GAUSSIAN_AREA_HEIGHT = 2 * Math.sqrt(Math.log(2) / Math.PI);

  /** Height of a unit-area Lorentzian of FWHM F, times F: 2 / pi. */
  public static final double LORENTZIAN_AREA_HEIGHT = 2 / Math.PI;

  private final String label;

  PeakShape(String label) {
    this.label = label;
  }

  /** The name used on the command line and in files ("gaussian", "lorentzian", "pseudo-voigt"). */
  public String label() {
    return label;
  }

  /**
   * The Lorentzian fraction eta this shape uses, given the pseudo-Voigt eta: 0 for a Gaussian, 1 for a Lorentzian.
   */
  public double lorentzFraction(double pseudoVoigtEta) {
    return switch (this) {
      case GAUSSIAN -> 0.0;
      case LORENTZIAN -> 1.0;
      case PSEUDO_VOIGT -> pseudoVoigtEta;
    };
  }

  /**
   * The unit-height profile at distance D (degrees) for FWHM F (degrees), with pseudo-Voigt fraction eta (ignored by
   * the pure shapes).
   */
  public double value(double dDeg, double fwhmDeg, double eta) {
    double u = dDeg / fwhmDeg;
    double e = lorentzFraction(eta);
    double g = e == 1 ? 0 : Math.exp(-FOUR_LN2 * u * u);
    double l = e == 0 ? 0 : 1 / (1 + 4 * u * u);
    return e * l + (1 - e) * g;
  }

  /** The shape with this label (case-insensitive; "pv" and "voigt" also mean pseudo-Voigt). */
  public static PeakShape parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (PeakShape s : values()) {
      if (s.label.equals(t)) {
        return s;
      }
    }
    if (t.equals("pv") || t.equals("voigt") || t.equals("pseudovoigt") || t.equals("pseudo_voigt")) {
      return PSEUDO_VOIGT;
    }
    throw new IllegalArgumentException("unknown peak shape '" + text + "': use gaussian, lorentzian or pseudo-voigt");
  }
}
