package org.xxact.model;

/**
 * The CrabNet encoding of a molar fraction (Wang, Kauwe, Murdock, Sparks, npj Comput. Mater. 7, 77 (2021)): half of the
 * channels encode the fraction itself, half its logarithm, each as interleaved sin/cos of a position divided by
 * 50^(2k/h) (h = half width). Positions are {@code fraction * resolution} and
 * {@code min(1, 0.0025 * log2(fraction)^2) * resolution}; the log half resolves the small dopant fractions that the
 * linear half cannot tell apart. Computed here in Java (it has no parameters), the model scales it with learned
 * per-channel factors.
 */
final class FractionEncoding {
  /** Base of CrabNet's wavelength progression. */
  private static final double WAVELENGTH_BASE = 50.0;
  /** CrabNet's log-fraction scale: 0.0025 * log2(x)^2 reaches 1 at x = 2^-20. */
  private static final double LOG_SCALE = 0.0025;

  private final int dModel;
  private final double resolution;
  private final double[] inverseWavelength;

  FractionEncoding(int dModel, double resolution) {
    this.dModel = dModel;
    this.resolution = resolution;
    int half = dModel / 2;
    this.inverseWavelength = new double[half / 2];
    for (int k = 0; k < half / 2; k++) {
      inverseWavelength[k] = 1.0 / Math.pow(WAVELENGTH_BASE, 2.0 * (2 * k) / half);
    }
  }

  /**
   * Writes the encoding of {@code fraction} into {@code out[offset .. offset + dModel)}; a padding token (fraction not
   * positive) gets zeros.
   */
  void encode(double fraction, float[] out, int offset) {
    if (!(fraction > 0)) {
      java.util.Arrays.fill(out, offset, offset + dModel, 0f);
      return;
    }
    int half = dModel / 2;
    double linear = fraction * resolution;
    double log2 = Math.log(fraction) / Math.log(2);
    double logPosition = Math.min(1.0, LOG_SCALE * log2 * log2) * resolution;
    for (int k = 0; k < inverseWavelength.length; k++) {
      out[offset + 2 * k] = (float) Math.sin(linear * inverseWavelength[k]);
      out[offset + 2 * k + 1] = (float) Math.cos(linear * inverseWavelength[k]);
      out[offset + half + 2 * k] = (float) Math.sin(logPosition * inverseWavelength[k]);
      out[offset + half + 2 * k + 1] = (float) Math.cos(logPosition * inverseWavelength[k]);
    }
  }
}
