package org.xxact.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.Broadening;
import org.xxact.xrd.PatternGrid;
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
 *   <li>the xrd package's {@link PatternRenderer} draws the lines with the drawn width and pseudo-Voigt mixing and
 *       scales the pattern to a maximum of 1;
 *   <li>a smooth background is added: a random cubic polynomial over the grid, shifted and scaled to lie between a
 *       random floor and the drawn fraction of the maximum;
 *   <li>counting noise: the pattern is scaled to the drawn counts at the maximum and each point gets Gaussian noise of
 *       variance equal to its counts (the normal limit of Poisson statistics), clipped at zero;
 *   <li>the pattern is scaled to a maximum of 1 again.
 * </ol>
 *
 * <p>Three shortcuts keep the loader fast enough to feed a model from two cores (thousands of samples per second,
 * each with a few hundred stored peaks): Lorentzian tails are cut where they fall below 1e-4 of the strongest line
 * ({@link PatternRenderer.TailCutoff#STRONGEST_PEAK}) rather than of their own line (with eta 0.7 and 0.3 degree
 * peaks the pattern then differs from a whole-grid evaluation by at most 5e-3 of its maximum, 1e-3 on average over
 * the bundled mp_cgcnn36k patterns, below the counting noise the augmentation adds); lines further than
 * {@value #LINE_MARGIN_FWHM} peak widths outside the grid are not drawn (only a tail that far out would reach the
 * grid, below 1/401 of the line's height); and lines weaker than {@value #LINE_FLOOR} of the strongest line in range
 * are not drawn (each changes the max-normalised pattern by less than that, far below the counting noise of a real
 * scan; summed over the thousands of weak lines of large cells the change stays below 1e-3 of the maximum on the
 * bundled mp_cgcnn36k patterns). Counting noise draws its standard normal numbers from a per-thread table of
 * {@value #NORMAL_TABLE_SIZE} values, read from a random start with a random odd stride (a different permutation per
 * sample), which is much cheaper than one Gaussian draw per grid point.
 *
 * <p>One instance per thread: it keeps scratch arrays.
 */
final class SampleRenderer {
  /**
   * Lines further outside the grid than this many peak widths are not drawn: only a tail would reach the grid, and a
   * pseudo-Voigt tail 10 widths from its centre is below 1/401 of the line's height.
   */
  static final double LINE_MARGIN_FWHM = 10.0;
  /** Lines below this fraction of the strongest line in range are not drawn. */
  static final double LINE_FLOOR = 1e-4;
  /** Standard normal numbers in the noise table (a power of two, so that any odd stride visits all of them). */
  static final int NORMAL_TABLE_SIZE = 1 << 16;
  /** Draws of another sample of the same split before a pattern goes without a second phase (a shard of one split). */
  static final int SECOND_PHASE_TRIES = 8;

  private final RenderSettings settings;
  private final Augmentation aug;
  private final PatternRenderer renderer;
  private final int points;
  private final float[] dSpacing;
  private final float[] intensity;
  private final float[] secondDSpacing;
  private final float[] secondIntensity;
  private final double[] twoTheta;
  private final double[] height;
  private final double[] fwhm;
  private final double[] eta;
  private final double[] pattern;
  private final double[] normals;

  SampleRenderer(RenderSettings settings, int maxPeaks) {
    this.settings = settings;
    this.aug = settings.augmentation();
    PatternGrid grid = settings.grid();
    PeakShape shape = aug.pseudoVoigtEta() == null ? PeakShape.GAUSSIAN : PeakShape.PSEUDO_VOIGT;
    this.renderer =
        new PatternRenderer(grid, shape, 0, PatternRenderer.PeakNormalisation.UNIT_HEIGHT,
            PatternRenderer.PatternNormalisation.MAX, PatternRenderer.TailCutoff.STRONGEST_PEAK);
    this.points = grid.points();
    this.dSpacing = new float[maxPeaks];
    this.intensity = new float[maxPeaks];
    boolean secondPhase = aug.secondPhaseFraction() != null;
    this.secondDSpacing = new float[secondPhase ? maxPeaks : 0];
    this.secondIntensity = new float[secondPhase ? maxPeaks : 0];
    // Two lines per peak (K-alpha1 and K-alpha2), for the sample and its second phase.
    int lines = 2 * maxPeaks * (secondPhase ? 2 : 1);
    this.twoTheta = new double[lines];
    this.height = new double[lines];
    this.fwhm = new double[lines];
    this.eta = new double[lines];
    this.pattern = new double[points];
    this.normals = aug.countsAtMax() == null ? null : normalTable();
  }

  private static double[] normalTable() {
    SplittableRandom rng = new SplittableRandom(NORMAL_TABLE_SIZE);
    double[] t = new double[NORMAL_TABLE_SIZE];
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextGaussian();
    }
    return t;
  }

  /**
   * Renders record {@code local} of {@code shard} into {@code out[offset .. offset + points)}; with a second-phase
   * augmentation, another record of the same split of the shard is mixed in (records of other splits never are).
   */
  void render(Shard shard, int local, SplittableRandom rng, float[] out, int offset) {
    int n = shard.peaks(local, dSpacing, intensity);
    int second = 0;
    double fraction = 0;
    if (aug.secondPhaseFraction() != null) {
      fraction = aug.secondPhaseFraction().draw(rng);
      int other = secondPhaseRecord(shard, local, rng);
      second = other < 0 ? 0 : shard.peaks(other, secondDSpacing, secondIntensity);
    }
    renderLoaded(n, second, fraction, rng, out, offset);
  }

  /**
   * A random other record of {@code shard} in the same split as {@code local}, or -1 when {@value #SECOND_PHASE_TRIES}
   * draws found none. Records of another split are never returned: a validation or test pattern must not appear in a
   * training pattern, even as a minor phase.
   */
  static int secondPhaseRecord(Shard shard, int local, SplittableRandom rng) {
    if (shard.size() < 2) {
      return -1;
    }
    for (int t = 0; t < SECOND_PHASE_TRIES; t++) {
      int other = rng.nextInt(shard.size());
      if (other != local && shard.split(other) == shard.split(local)) {
        return other;
      }
    }
    return -1;
  }

  /**
   * Renders the given peaks (d-spacings descending, as stored) into {@code out[offset .. offset + points)}, as a
   * stored sample with these peaks would be rendered.
   *
   * @throws IllegalArgumentException when there are more peaks than this renderer was made for
   */
  void render(float[] dSpacingAngstrom, float[] intensities, SplittableRandom rng, float[] out, int offset) {
    int n = dSpacingAngstrom.length;
    if (n > dSpacing.length || intensities.length != n) {
      throw new IllegalArgumentException(
          n + " peaks with " + intensities.length + " intensities for a renderer of " + dSpacing.length + " peaks");
    }
    System.arraycopy(dSpacingAngstrom, 0, dSpacing, 0, n);
    System.arraycopy(intensities, 0, intensity, 0, n);
    renderLoaded(n, 0, 0, rng, out, offset);
  }

  /**
   * Renders the first {@code n} peaks of the scratch arrays and, when {@code second} is positive, the first
   * {@code second} peaks of the second-phase scratch arrays with their strongest line at {@code secondFraction} of the
   * sample's strongest.
   */
  private void renderLoaded(int n, int second, double secondFraction, SplittableRandom rng, float[] out, int offset) {
    double width = aug.peakFwhmDeg() == null ? settings.fwhmDeg() : aug.peakFwhmDeg().draw(rng);
    double lorentz = aug.pseudoVoigtEta() == null ? 0 : aug.pseudoVoigtEta().draw(rng);
    double zero = aug.zeroShiftDeg() == null ? 0 : aug.zeroShiftDeg().draw(rng);
    double strain = aug.latticeStrain() == null ? 0 : aug.latticeStrain().draw(rng);
    double jitter = aug.intensityJitter() == null ? 0 : aug.intensityJitter().draw(rng);
    Radiation source = settings.radiation();
    boolean doublet = aug.kAlpha2Ratio() != null && source.hasDoublet();
    double ka2 = doublet ? aug.kAlpha2Ratio().draw(rng) : 0;
    double lambda1 = doublet ? source.kAlpha1Angstrom() : source.wavelengthAngstrom();
    double lambda2 = ka2 > 0 ? source.kAlpha2Angstrom() : lambda1;
    double microstrain = aug.microstrain() == null ? 0 : aug.microstrain().draw(rng);
    double margin = LINE_MARGIN_FWHM * fwhmDeg(width, microstrain, settings.grid().twoThetaMaxDeg());
    double loDeg = Math.max(0, settings.grid().twoThetaMinDeg() - margin);
    double hiDeg = Math.min(180, settings.grid().twoThetaMaxDeg() + margin);
    // Stored d-spacings descend; only those that can land within the margins are looked at.
    double dMax = BraggGeometry.dSpacingAngstrom(loDeg - zero, lambda2) / (1 + strain);
    double dMin = BraggGeometry.dSpacingAngstrom(hiDeg - zero, lambda1) / (1 + strain);
    Lines own = new Lines(lambda1, lambda2, ka2, zero, strain, jitter, loDeg, hiDeg, dMin, dMax);
    int m = own.place(dSpacing, intensity, n, 1, 0, rng);
    double strongest = own.strongest;
    if (second > 0 && secondFraction > 0) {
      // The second phase's own strongest line in range, found first so that its lines can be scaled as they are placed.
      double secondStrongest = own.strongestStored(secondDSpacing, secondIntensity, second);
      if (secondStrongest > 0) {
        // The same draws place the second phase: it is in the same sample, under the same beam.
        double scale = secondFraction * strongest / secondStrongest;
        m = own.place(secondDSpacing, secondIntensity, second, scale, m, rng);
        strongest = own.strongest;
      }
    }
    m = dropWeakLines(m, strongest * LINE_FLOOR);
    if (microstrain > 0) {
      for (int i = 0; i < m; i++) {
        fwhm[i] = fwhmDeg(width, microstrain, twoTheta[i]);
      }
    } else {
      Arrays.fill(fwhm, 0, m, width);
    }
    Arrays.fill(eta, 0, m, lorentz);
    renderer.render(twoTheta, height, m, fwhm, eta, pattern);
    boolean background = aug.backgroundFraction() != null;
    boolean noise = aug.countsAtMax() != null;
    if (!background && !noise) {
      for (int i = 0; i < points; i++) {
        out[offset + i] = (float) pattern[i];
      }
      return;
    }
    // Background: fraction * (floor + (1 - floor) * p(x)), p a random cubic in x in [-1, 1] over the grid rescaled to
    // [0, 1], a smooth curve such as air scatter falling with angle or a broad amorphous hump.
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    double base = 0;
    double slope = 0;
    if (background) {
      double fraction = aug.backgroundFraction().draw(rng);
      c1 = 2 * rng.nextDouble() - 1;
      c2 = 2 * rng.nextDouble() - 1;
      c3 = 2 * rng.nextDouble() - 1;
      double floor = rng.nextDouble();
      double[] range = cubicRange(c1, c2, c3);
      double span = range[1] - range[0];
      slope = span > 0 ? fraction * (1 - floor) / span : 0;
      base = fraction * floor - slope * range[0];
    }
    double counts = noise ? aug.countsAtMax().drawLog(rng) : 1;
    double perCount = 1 / counts;
    int mask = NORMAL_TABLE_SIZE - 1;
    int at = noise ? rng.nextInt(NORMAL_TABLE_SIZE) : 0;
    int stride = noise ? rng.nextInt(NORMAL_TABLE_SIZE) | 1 : 0;
    double step = 2.0 / (points - 1);
    double max = 0;
    for (int i = 0; i < points; i++) {
      double v = pattern[i];
      if (background) {
        double x = i * step - 1;
        v += base + slope * (((c3 * x + c2) * x + c1) * x);
      }
      if (noise) {
        // Counting noise: Gaussian of variance equal to the counts, the normal limit of Poisson statistics.
        double c = Math.max(0, v) * counts;
        v = Math.max(0, c + Math.sqrt(c) * normals[at]) * perCount;
        at = (at + stride) & mask;
      }
      pattern[i] = v;
      max = Math.max(max, v);
    }
    double scale = max > 0 ? 1 / max : 1;
    for (int i = 0; i < points; i++) {
      out[offset + i] = (float) (pattern[i] * scale);
    }
  }

  /**
   * Smallest and largest value of c1 x + c2 x^2 + c3 x^3 on [-1, 1]: at an end or where the derivative
   * c1 + 2 c2 x + 3 c3 x^2 vanishes.
   */
  static double[] cubicRange(double c1, double c2, double c3) {
    double lo = Math.min(cubic(-1, c1, c2, c3), cubic(1, c1, c2, c3));
    double hi = Math.max(cubic(-1, c1, c2, c3), cubic(1, c1, c2, c3));
    double a = 3 * c3;
    double b = 2 * c2;
    double[] roots;
    if (a == 0) {
      roots = b == 0 ? new double[0] : new double[] {-c1 / b};
    } else {
      double disc = b * b - 4 * a * c1;
      roots = disc < 0 ? new double[0]
          : new double[] {(-b + Math.sqrt(disc)) / (2 * a), (-b - Math.sqrt(disc)) / (2 * a)};
    }
    for (double r : roots) {
      if (r > -1 && r < 1) {
        double v = cubic(r, c1, c2, c3);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return new double[] {lo, hi};
  }

  private static double cubic(double x, double c1, double c2, double c3) {
    return ((c3 * x + c2) * x + c1) * x;
  }

  /**
   * How the stored peaks of one phase become lines in the scratch arrays for one rendering: the draws of this pattern
   * (wavelengths, K-alpha2 ratio, zero shift, strain, intensity jitter) and the 2-theta window lines must fall in.
   */
  private final class Lines {
    private final double lambda1;
    private final double lambda2;
    private final double ka2;
    private final double zero;
    private final double strain;
    private final double jitter;
    private final double loDeg;
    private final double hiDeg;
    private final double dMin;
    private final double dMax;
    /** Height of the strongest K-alpha1 line placed so far, of either phase. */
    double strongest;

    Lines(double lambda1, double lambda2, double ka2, double zero, double strain, double jitter, double loDeg,
        double hiDeg, double dMin, double dMax) {
      this.lambda1 = lambda1;
      this.lambda2 = lambda2;
      this.ka2 = ka2;
      this.zero = zero;
      this.strain = strain;
      this.jitter = jitter;
      this.loDeg = loDeg;
      this.hiDeg = hiDeg;
      this.dMin = dMin;
      this.dMax = dMax;
    }

    /**
     * Places the stored peaks (d-spacings descending) that can land in the window, each height times {@code scale},
     * from line {@code m} on; returns the new line count.
     */
    int place(float[] d, float[] intensities, int n, double scale, int m, SplittableRandom rng) {
      for (int k = 0; k < n; k++) {
        if (d[k] > dMax) {
          continue;
        }
        if (d[k] < dMin) {
          break;
        }
        double spacing = d[k] * (1 + strain);
        double h = intensities[k] * scale;
        if (jitter > 0) {
          h *= Math.exp(jitter * rng.nextGaussian());
        }
        strongest = Math.max(strongest, h);
        m = line(spacing, h, lambda1, m);
        if (ka2 > 0) {
          m = line(spacing, h * ka2, lambda2, m);
        }
      }
      return m;
    }

    /** The largest stored intensity among the peaks that can land in the window (0 when none can). */
    double strongestStored(float[] d, float[] intensities, int n) {
      double max = 0;
      for (int k = 0; k < n; k++) {
        if (d[k] <= dMax && d[k] >= dMin) {
          max = Math.max(max, intensities[k]);
        }
      }
      return max;
    }

    /** Adds a line at the Bragg angle of d for wavelength lambda when it lies within the margins. */
    private int line(double d, double h, double lambda, int m) {
      double tt = BraggGeometry.twoThetaDeg(d, lambda) + zero;
      if (!(tt >= loDeg && tt <= hiDeg)) {
        return m;
      }
      twoTheta[m] = tt;
      height[m] = h;
      return m + 1;
    }
  }

  /**
   * Width of a line at {@code twoThetaDeg}: the instrument width and the microstrain broadening
   * ({@link Broadening#microstrainFwhmDeg}) in quadrature.
   */
  static double fwhmDeg(double instrumentFwhmDeg, double microstrain, double twoThetaDeg) {
    double strainDeg = Broadening.microstrainFwhmDeg(twoThetaDeg, microstrain);
    return Math.sqrt(instrumentFwhmDeg * instrumentFwhmDeg + strainDeg * strainDeg);
  }

  /** Removes lines below {@code floor}, keeping the order; returns the new count. */
  private int dropWeakLines(int m, double floor) {
    int kept = 0;
    for (int i = 0; i < m; i++) {
      if (height[i] >= floor) {
        twoTheta[kept] = twoTheta[i];
        height[kept] = height[i];
        kept++;
      }
    }
    return kept;
  }
}
