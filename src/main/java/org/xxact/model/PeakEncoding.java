package org.xxact.model;

import java.util.Comparator;
import java.util.List;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.ResolvedPeaks;

/**
 * Features of the strongest resolved reflections of a pattern, one XRD token each ({@link ModelConfig#peakTokens()}),
 * beside the patch tokens.
 *
 * <p>Why: the lattice is read from where the reflections fall relative to each other. The squared scattering vector of
 * a reflection, q^2 = 1/d^2 = (2 sin(theta) / lambda)^2, is a quadratic form in its Miller indices, so for a cubic
 * lattice the ratios q_i^2 / q_j^2 are ratios of integers h^2 + k^2 + l^2, and for tetragonal and hexagonal lattices
 * differences of q^2 repeat (the ratio and difference methods of indexing, Cullity and Stock, Elements of X-ray
 * Diffraction, ch. 10). A patch token knows where a peak lies within 1.3 degrees; comparing two peaks to a fraction of
 * a per cent through it asks a lot of the attention. Here each peak is a token that carries sinusoids of ln(q^2) and of
 * q^2 at geometrically spaced frequencies. A dot product of two such tokens can then hold cos(w (a_i - a_j)) =
 * cos(w a_i) cos(w a_j) + sin(w a_i) sin(w a_j), a function of the log-ratio or difference of two peak positions, the
 * relative-position property of sinusoidal encodings (Vaswani et al. 2017; Su et al., RoFormer, 2021), so that
 * self-attention can compare every pair of reflections as indexing does. The lowest frequency of ln(q^2) turns less
 * than once over the whole grid, so that a position is never ambiguous; the highest turns once per 0.1 degree 2-theta
 * at 30 degrees.
 *
 * <p>Peaks are found on the grid the encoder reads ({@link ResolvedPeaks}, a 3-point window), so that simulated and
 * measured patterns give the same kind of tokens and a masked patch (already zero) gives no peak. The strongest
 * {@code peakTokens} reflections above {@link #MIN_RELATIVE_INTENSITY} of the strongest are kept; missing ones are
 * all-zero rows (their presence feature is 0), which the embedding maps to one learned "no peak" token.
 */
final class PeakEncoding {
  /** Frequencies per position coordinate (ln q^2 and q^2). */
  static final int FREQUENCIES = 16;
  /** Features per peak: sin and cos of both coordinates at every frequency, then presence, sqrt and log intensity. */
  static final int FEATURES = 4 * FREQUENCIES + 3;
  /** Weakest peak kept, as a fraction of the strongest intensity (not of its square root): 1 %. */
  static final double MIN_RELATIVE_INTENSITY = 0.01;
  /** Lowest and highest angular frequency over ln(q^2) (dimensionless); ln(q^2) spans about 5.6 on the grid. */
  private static final double LOG_Q2_FREQUENCY_MIN = 1;
  private static final double LOG_Q2_FREQUENCY_MAX = 1000;
  /** Lowest and highest angular frequency over q^2, per inverse square angstrom; q^2 spans about 0.84. */
  private static final double Q2_FREQUENCY_MIN = 2;
  private static final double Q2_FREQUENCY_MAX = 3000;

  private static final double[] LOG_Q2_FREQUENCIES = geometric(LOG_Q2_FREQUENCY_MIN, LOG_Q2_FREQUENCY_MAX);
  private static final double[] Q2_FREQUENCIES = geometric(Q2_FREQUENCY_MIN, Q2_FREQUENCY_MAX);

  private final PatternGrid grid;
  private final boolean sqrtInput;
  private final int tokens;

  PeakEncoding(ModelConfig config) {
    this.grid = new PatternGrid(config.twoThetaMinDeg(), config.twoThetaMaxDeg(), config.gridPoints());
    this.sqrtInput = config.sqrtIntensity();
    this.tokens = config.peakTokens();
  }

  /**
   * Writes the features of the pattern in {@code values[offset, offset + gridPoints)} (the encoder's input:
   * intensities, or their square roots) to {@code out[outOffset, outOffset + tokens * FEATURES)}, which must be zero.
   */
  void encode(float[] values, int offset, float[] out, int outOffset) {
    double minRelativeHeight = sqrtInput ? Math.sqrt(MIN_RELATIVE_INTENSITY) : MIN_RELATIVE_INTENSITY;
    List<ResolvedPeaks.Peak> peaks =
        ResolvedPeaks.find(values, offset, grid.points(), minRelativeHeight, ResolvedPeaks.DEFAULT_HALF_WINDOW_POINTS);
    if (peaks.isEmpty()) {
      return;
    }
    peaks.sort(Comparator.comparingDouble(ResolvedPeaks.Peak::height).reversed());
    double strongest = peaks.get(0).height();
    double lambda = Radiation.CU_KA.wavelengthAngstrom();
    for (int t = 0; t < Math.min(tokens, peaks.size()); t++) {
      ResolvedPeaks.Peak peak = peaks.get(t);
      double twoThetaDeg = grid.twoThetaMinDeg() + peak.gridIndex() * grid.stepDeg();
      double d = BraggGeometry.dSpacingAngstrom(twoThetaDeg, lambda);
      double q2 = 1 / (d * d);
      double logQ2 = Math.log(q2);
      double relative = peak.height() / strongest;
      double intensity = sqrtInput ? relative * relative : relative;
      int k = outOffset + t * FEATURES;
      for (int f = 0; f < FREQUENCIES; f++) {
        out[k++] = (float) Math.sin(LOG_Q2_FREQUENCIES[f] * logQ2);
        out[k++] = (float) Math.cos(LOG_Q2_FREQUENCIES[f] * logQ2);
        out[k++] = (float) Math.sin(Q2_FREQUENCIES[f] * q2);
        out[k++] = (float) Math.cos(Q2_FREQUENCIES[f] * q2);
      }
      out[k++] = 1f;
      out[k++] = (float) Math.sqrt(intensity);
      out[k] = (float) (1 + Math.log(intensity) / -Math.log(MIN_RELATIVE_INTENSITY));
    }
  }

  private static double[] geometric(double min, double max) {
    double[] f = new double[FREQUENCIES];
    for (int i = 0; i < FREQUENCIES; i++) {
      f[i] = min * Math.pow(max / min, i / (double) (FREQUENCIES - 1));
    }
    return f;
  }
}
