package org.xxact.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;

/**
 * Renders the stored peaks of one sample onto the loader's 2-theta grid, applying the augmentations of its
 * {@link RenderSettings} in the order a measurement would produce them:
 *
 * <ol>
 *   <li>lattice strain scales every d-spacing by (1 + strain);
 *   <li>positions follow Bragg's law at the source wavelength, or at its K-alpha1 and K-alpha2 lines (the latter
 *       with the drawn intensity ratio) when the K-alpha2 augmentation is on, plus the zero shift;
 *   <li>each peak's intensity is multiplied by a log-normal factor (intensity jitter);
 *   <li>the xrd package's {@link PatternRenderer} draws the peaks with the (drawn) width and pseudo-Voigt mixing and
 *       scales the pattern to a maximum of 1;
 *   <li>a smooth background is added: a random cubic Chebyshev polynomial over the grid, shifted and scaled to lie
 *       between a random floor and the drawn fraction of the maximum;
 *   <li>counting noise: the pattern is scaled to the drawn counts at the maximum and each point gets Gaussian noise of
 *       variance equal to its counts (the normal limit of Poisson statistics), clipped at zero;
 *   <li>the pattern is scaled to a maximum of 1 again.
 * </ol>
 *
 * One instance per thread: it keeps scratch arrays.
 */
final class SampleRenderer {
  /** Chebyshev polynomial degree of the background: enough for a falling air-scatter curve with a broad hump. */
  private static final int BACKGROUND_DEGREE = 3;

  private final RenderSettings settings;
  private final Augmentation aug;
  private final PatternRenderer renderer;
  private final int points;
  private final float[] dSpacing;
  private final float[] intensity;
  private final double[] twoTheta;
  private final double[] height;
  private final double[] fwhm;
  private final double[] eta;
  private final double[] pattern;
  private final double[] background;

  SampleRenderer(RenderSettings settings, int maxPeaks) {
    this.settings = settings;
    this.aug = settings.augmentation();
    PeakShape shape = aug.pseudoVoigtEta() == null ? PeakShape.GAUSSIAN : PeakShape.PSEUDO_VOIGT;
    this.renderer =
        new PatternRenderer(
            settings.grid(),
            shape,
            0,
            PatternRenderer.PeakNormalisation.UNIT_HEIGHT,
            PatternRenderer.PatternNormalisation.MAX);
    this.points = settings.grid().points();
    this.dSpacing = new float[maxPeaks];
    this.intensity = new float[maxPeaks];
    this.twoTheta = new double[2 * maxPeaks];
    this.height = new double[2 * maxPeaks];
    this.fwhm = new double[2 * maxPeaks];
    this.eta = new double[2 * maxPeaks];
    this.pattern = new double[points];
    this.background = new double[points];
  }

  /** Renders record {@code local} of {@code shard} into {@code out[offset .. offset + points)}. */
  void render(Shard shard, int local, SplittableRandom rng, float[] out, int offset) {
    int n = shard.peaks(local, dSpacing, intensity);
    double width = aug.peakFwhmDeg() == null ? settings.fwhmDeg() : aug.peakFwhmDeg().draw(rng);
    double lorentz = aug.pseudoVoigtEta() == null ? 0 : aug.pseudoVoigtEta().draw(rng);
    double zero = aug.zeroShiftDeg() == null ? 0 : aug.zeroShiftDeg().draw(rng);
    double strain = aug.latticeStrain() == null ? 0 : aug.latticeStrain().draw(rng);
    double jitter = aug.intensityJitter() == null ? 0 : aug.intensityJitter().draw(rng);
    Radiation source = settings.radiation();
    boolean doublet = aug.kAlpha2Ratio() != null && source.hasDoublet();
    double ka2 = doublet ? aug.kAlpha2Ratio().draw(rng) : 0;
    double lambda1 = doublet ? source.kAlpha1Angstrom() : source.wavelengthAngstrom();
    int m = 0;
    for (int k = 0; k < n; k++) {
      double d = dSpacing[k] * (1 + strain);
      double h = intensity[k];
      if (jitter > 0) {
        h *= Math.exp(jitter * rng.nextGaussian());
      }
      m = place(d, h, lambda1, zero, m);
      if (ka2 > 0) {
        m = place(d, h * ka2, source.kAlpha2Angstrom(), zero, m);
      }
    }
    Arrays.fill(fwhm, 0, m, width);
    Arrays.fill(eta, 0, m, lorentz);
    renderer.render(twoTheta, height, m, fwhm, eta, pattern);
    boolean rescale = false;
    if (aug.backgroundFraction() != null) {
      addBackground(aug.backgroundFraction().draw(rng), rng);
      rescale = true;
    }
    if (aug.countsAtMax() != null) {
      addCountingNoise(aug.countsAtMax().drawLog(rng), rng);
      rescale = true;
    }
    double scale = 1;
    if (rescale) {
      double max = 0;
      for (int i = 0; i < points; i++) {
        max = Math.max(max, pattern[i]);
      }
      scale = max > 0 ? 1 / max : 1;
    }
    for (int i = 0; i < points; i++) {
      out[offset + i] = (float) (pattern[i] * scale);
    }
  }

  /** Adds a line at the Bragg angle of d for wavelength lambda, when that angle exists; returns the new count. */
  private int place(double d, double h, double lambda, double zero, int m) {
    double tt = BraggGeometry.twoThetaDeg(d, lambda);
    if (Double.isNaN(tt)) {
      return m;
    }
    twoTheta[m] = tt + zero;
    height[m] = h;
    return m + 1;
  }

  private void addBackground(double fraction, SplittableRandom rng) {
    double[] c = new double[BACKGROUND_DEGREE + 1];
    for (int k = 1; k <= BACKGROUND_DEGREE; k++) {
      c[k] = 2 * rng.nextDouble() - 1;
    }
    double floor = rng.nextDouble();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < points; i++) {
      double x = 2.0 * i / (points - 1) - 1;
      double t0 = 1;
      double t1 = x;
      double v = c[1] * t1;
      for (int k = 2; k <= BACKGROUND_DEGREE; k++) {
        double t2 = 2 * x * t1 - t0;
        v += c[k] * t2;
        t0 = t1;
        t1 = t2;
      }
      background[i] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double span = hi - lo;
    for (int i = 0; i < points; i++) {
      double shape = span > 0 ? (background[i] - lo) / span : 0;
      pattern[i] += fraction * (floor + (1 - floor) * shape);
    }
  }

  private void addCountingNoise(double counts, SplittableRandom rng) {
    for (int i = 0; i < points; i++) {
      double c = Math.max(0, pattern[i]) * counts;
      double noisy = c + Math.sqrt(c) * rng.nextGaussian();
      pattern[i] = Math.max(0, noisy) / counts;
    }
  }
}
