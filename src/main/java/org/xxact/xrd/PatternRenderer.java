package org.xxact.xrd;

import java.util.Arrays;

/**
 * Renders peak lists onto a 2-theta grid: each peak becomes a {@link PeakShape} of its own FWHM, the peaks add up, and
 * the result is normalised.
 *
 * <p>Built for the data loader, which renders every sample anew each epoch (with random widths and shifts): the
 * {@code render} methods take primitive arrays (positions, intensities, per-peak FWHM and optional per-peak
 * pseudo-Voigt eta), write into a caller-provided float or double buffer and allocate nothing per call (the float
 * variants sum in a double array kept once per thread). Instances are immutable and may be shared between threads.
 *
 * <p>Cost is O(peaks x points within the cut-off window), not O(peaks x grid): a Gaussian is evaluated within
 * {@link #GAUSSIAN_CUTOFF_FWHM} FWHM of its centre, through an exact multiplicative recurrence (two multiplications a
 * point, no exp); a Lorentzian part of weight eta is evaluated until eta L has fallen to {@link
 * #LORENTZIAN_TAIL_FRACTION} of the peak height (50 FWHM for a pure Lorentzian), or, on request, of the strongest
 * peak's height ({@link TailCutoff#STRONGEST_PEAK}, for fast augmented rendering). Where the reference convention
 * evaluates every peak over the whole grid, the result differs by less than 1e-9 of the maximum for Gaussian peaks;
 * Lorentzian tails beyond the window are dropped, an error that sums, over the peaks of a pattern, to about rho F /
 * (2 c) of the maximum (rho: scaled intensity per degree, F the FWHM, c the window in FWHM), below 1e-3 for real
 * patterns with F up to a few tenths of a degree. Sum normalisation adds the grid sum of the cut tails back
 * analytically, so that the scale matches the whole-grid evaluation.
 */
public final class PatternRenderer {
  /**
   * Half-width, in FWHM, of the window in which a Gaussian is evaluated. Beyond it the profile is below exp(-4 ln2 3^2)
   * = 1.5e-11 of its height, so even ten thousand peaks lose less than 1e-6 of the maximum.
   */
  public static final double GAUSSIAN_CUTOFF_FWHM = 3.0;

  /**
   * A Lorentzian part of weight eta is evaluated out to where eta L has fallen to this fraction of the peak height,
   * i.e. to c = sqrt(eta / fraction - 1) / 2 FWHM (50 FWHM for a pure Lorentzian). Each peak then loses at most 1e-4 of
   * its height at the window edge; the loss summed over a pattern stays below the 1e-3 tolerance of the Lorentzian
   * golden grids.
   */
  public static final double LORENTZIAN_TAIL_FRACTION = 1e-4;

  /** Default Lorentzian fraction of pseudo-Voigt peaks. */
  public static final double DEFAULT_ETA = 0.5;

  /** How each peak is scaled before the peaks are summed. */
  public enum PeakNormalisation {
    /** Peak height = intensity (the reference convention). */
    UNIT_HEIGHT,
    /** Peak area (in degrees) = intensity: broader peaks are lower. */
    UNIT_AREA
  }

  /** Where a Lorentzian tail is cut off. */
  public enum TailCutoff {
    /**
     * Where eta L falls to {@link #LORENTZIAN_TAIL_FRACTION} of the peak's own height: every peak to the same relative
     * accuracy (the default).
     */
    OWN_HEIGHT,
    /**
     * Where the tail falls to {@link #LORENTZIAN_TAIL_FRACTION} of the strongest peak's height, the accuracy that a
     * max-normalised pattern needs: a peak 100 times weaker than the strongest gets a window 10 times shorter, which
     * makes patterns with hundreds of weak peaks (large cells) several times cheaper to render with Lorentzian
     * character. Each cut tail then drops at most that fraction of the maximum at its window edge.
     */
    STRONGEST_PEAK
  }

  /** How the summed pattern is scaled. */
  public enum PatternNormalisation {
    /** Maximum 1 (the reference convention and the model input). */
    MAX,
    /** Sum over the grid 1. */
    SUM,
    /** Left as summed. */
    NONE
  }

  private final PatternGrid grid;
  private final PeakShape shape;
  private final double eta;
  private final PeakNormalisation peakNormalisation;
  private final PatternNormalisation patternNormalisation;
  private final TailCutoff tailCutoff;
  private final double step;
  /** The grid positions, min + i step (the last one not forced to max, so that steps stay exactly even). */
  private final double[] gridDeg;
  private final ThreadLocal<double[]> scratch;

  /**
   * @param grid the output grid
   * @param shape the peak shape
   * @param eta the pseudo-Voigt Lorentzian fraction in [0, 1], used when no per-peak eta is given (ignored by the pure
   *     shapes)
   * @param peakNormalisation height or area normalisation of each peak
   * @param patternNormalisation normalisation of the sum
   */
  public PatternRenderer(
      PatternGrid grid,
      PeakShape shape,
      double eta,
      PeakNormalisation peakNormalisation,
      PatternNormalisation patternNormalisation) {
    this(grid, shape, eta, peakNormalisation, patternNormalisation, TailCutoff.OWN_HEIGHT);
  }

  /**
   * @param grid the output grid
   * @param shape the peak shape
   * @param eta the pseudo-Voigt Lorentzian fraction in [0, 1], used when no per-peak eta is given (ignored by the pure
   *     shapes)
   * @param peakNormalisation height or area normalisation of each peak
   * @param patternNormalisation normalisation of the sum
   * @param tailCutoff where Lorentzian tails are cut off
   */
  public PatternRenderer(
      PatternGrid grid,
      PeakShape shape,
      double eta,
      PeakNormalisation peakNormalisation,
      PatternNormalisation patternNormalisation,
      TailCutoff tailCutoff) {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("pseudo-Voigt eta must lie in [0, 1], got " + eta);
    }
    this.grid = grid;
    this.shape = shape;
    this.eta = eta;
    this.peakNormalisation = peakNormalisation;
    this.patternNormalisation = patternNormalisation;
    this.tailCutoff = tailCutoff;
    this.step = grid.stepDeg();
    this.gridDeg = new double[grid.points()];
    for (int i = 0; i < gridDeg.length; i++) {
      gridDeg[i] = grid.twoThetaMinDeg() + i * step;
    }
    this.scratch = ThreadLocal.withInitial(() -> new double[grid.points()]);
  }

  /** Unit-height peaks of the given shape, maximum 1: the reference convention. */
  public PatternRenderer(PatternGrid grid, PeakShape shape) {
    this(grid, shape, DEFAULT_ETA, PeakNormalisation.UNIT_HEIGHT, PatternNormalisation.MAX);
  }

  public PatternGrid grid() {
    return grid;
  }

  public PeakShape shape() {
    return shape;
  }

  public double eta() {
    return eta;
  }

  public PeakNormalisation peakNormalisation() {
    return peakNormalisation;
  }

  public PatternNormalisation patternNormalisation() {
    return patternNormalisation;
  }

  public TailCutoff tailCutoff() {
    return tailCutoff;
  }

  /**
   * Renders {@code count} peaks into {@code out} (length at least the grid size), overwriting it.
   *
   * @param twoThetaDeg peak positions, degrees (peaks outside the grid still contribute their tails)
   * @param intensity peak intensities (any scale; not negative)
   * @param count number of peaks to use from the arrays
   * @param fwhmDeg FWHM of each peak, degrees, positive
   * @param etaPerPeak pseudo-Voigt eta of each peak, or null for this renderer's eta (ignored by the pure shapes)
   * @param out the grid values (written)
   */
  public void render(
      double[] twoThetaDeg, double[] intensity, int count, double[] fwhmDeg, double[] etaPerPeak, double[] out) {
    double omitted = accumulate(twoThetaDeg, intensity, count, fwhmDeg, Double.NaN, etaPerPeak, out);
    double scale = normalisationFactor(out, omitted);
    int n = grid.points();
    for (int i = 0; i < n; i++) {
      out[i] *= scale;
    }
  }

  /** As {@link #render(double[], double[], int, double[], double[], double[])}, into a float buffer. */
  public void render(
      double[] twoThetaDeg, double[] intensity, int count, double[] fwhmDeg, double[] etaPerPeak, float[] out) {
    double[] acc = scratch.get();
    double omitted = accumulate(twoThetaDeg, intensity, count, fwhmDeg, Double.NaN, etaPerPeak, acc);
    copyScaled(acc, omitted, out);
  }

  /** Renders peaks that all have the same FWHM (degrees) and this renderer's eta, into {@code out}. */
  public void render(double[] twoThetaDeg, double[] intensity, int count, double fwhmDeg, double[] out) {
    checkFwhm(fwhmDeg);
    double omitted = accumulate(twoThetaDeg, intensity, count, null, fwhmDeg, null, out);
    double scale = normalisationFactor(out, omitted);
    int n = grid.points();
    for (int i = 0; i < n; i++) {
      out[i] *= scale;
    }
  }

  /** Renders peaks that all have the same FWHM (degrees) and this renderer's eta, into a float buffer. */
  public void render(double[] twoThetaDeg, double[] intensity, int count, double fwhmDeg, float[] out) {
    checkFwhm(fwhmDeg);
    double[] acc = scratch.get();
    double omitted = accumulate(twoThetaDeg, intensity, count, null, fwhmDeg, null, acc);
    copyScaled(acc, omitted, out);
  }

  /**
   * Renders a pattern with a width model, optionally split into a tube's K-alpha doublet (convenience for single
   * patterns; it allocates its working arrays).
   *
   * @param pattern the peaks
   * @param broadening FWHM as a function of 2-theta
   * @param doubletSource the tube whose K-alpha1/K-alpha2 lines to render, or null for single lines at the pattern's
   *     wavelength
   * @return the grid values
   */
  public double[] render(DiffractionPattern pattern, Broadening broadening, Radiation doubletSource) {
    double[] tt = pattern.twoThetasDeg();
    double[] in = pattern.intensities();
    int n = tt.length;
    if (doubletSource != null) {
      double[] tt2 = new double[2 * n];
      double[] in2 = new double[2 * n];
      n = KAlphaDoublet.split(tt, in, n, pattern.wavelengthAngstrom(), doubletSource, tt2, in2);
      tt = tt2;
      in = in2;
    }
    double[] fwhm = new double[n];
    broadening.fwhmDeg(tt, n, pattern.wavelengthAngstrom(), fwhm);
    double[] out = new double[grid.points()];
    render(tt, in, n, fwhm, null, out);
    return out;
  }

  private static void checkFwhm(double fwhmDeg) {
    if (!(fwhmDeg > 0) || !Double.isFinite(fwhmDeg)) {
      throw new IllegalArgumentException("FWHM must be positive, got " + fwhmDeg);
    }
  }

  private void copyScaled(double[] acc, double omittedSum, float[] out) {
    double scale = normalisationFactor(acc, omittedSum);
    int n = grid.points();
    for (int i = 0; i < n; i++) {
      out[i] = (float) (acc[i] * scale);
    }
  }

  /** 1 / the normaliser; for sum normalisation the sum includes the Lorentzian tails cut from the windows. */
  private double normalisationFactor(double[] y, double omittedSum) {
    int n = grid.points();
    double norm;
    switch (patternNormalisation) {
      case MAX -> {
        norm = 0;
        for (int i = 0; i < n; i++) {
          norm = Math.max(norm, y[i]);
        }
      }
      case SUM -> {
        norm = omittedSum;
        for (int i = 0; i < n; i++) {
          norm += y[i];
        }
      }
      default -> norm = 1;
    }
    return norm > 0 ? 1 / norm : 1;
  }

  /**
   * Sums the peaks into y (cleared first). One of fwhmDeg (per peak) and constantFwhm (NaN otherwise) is used.
   *
   * @return for sum normalisation, the grid sum of the Lorentzian tails left outside the windows (else 0)
   */
  private double accumulate(
      double[] twoThetaDeg,
      double[] intensity,
      int count,
      double[] fwhmDeg,
      double constantFwhm,
      double[] etaPerPeak,
      double[] y) {
    int n = grid.points();
    Arrays.fill(y, 0, n, 0.0);
    boolean trackTails = patternNormalisation == PatternNormalisation.SUM;
    double strongest = tailCutoff == TailCutoff.STRONGEST_PEAK
        ? strongestHeight(intensity, count, fwhmDeg, constantFwhm, etaPerPeak) : Double.NaN;
    double omitted = 0;
    for (int p = 0; p < count; p++) {
      double f = fwhmDeg == null ? constantFwhm : fwhmDeg[p];
      if (!(f > 0) || !Double.isFinite(f)) {
        throw new IllegalArgumentException("FWHM of peak " + p + " must be positive, got " + f);
      }
      double e = shape.lorentzFraction(etaPerPeak == null ? eta : etaPerPeak[p]);
      double height = intensity[p];
      double gaussHeight = (1 - e) * height;
      double lorentzHeight = e * height;
      if (peakNormalisation == PeakNormalisation.UNIT_AREA) {
        gaussHeight *= PeakShape.GAUSSIAN_AREA_HEIGHT / f;
        lorentzHeight *= PeakShape.LORENTZIAN_AREA_HEIGHT / f;
      }
      if (gaussHeight != 0) {
        addGaussian(twoThetaDeg[p], f, gaussHeight, y);
      }
      if (lorentzHeight != 0) {
        double tailWeight = tailCutoff == TailCutoff.STRONGEST_PEAK ? lorentzHeight / strongest : e;
        omitted += addLorentzian(twoThetaDeg[p], f, tailWeight, lorentzHeight, y, trackTails);
      }
    }
    return omitted;
  }

  /** The largest centre height of a peak as drawn (Gaussian plus Lorentzian part). */
  private double strongestHeight(
      double[] intensity, int count, double[] fwhmDeg, double constantFwhm, double[] etaPerPeak) {
    double max = 0;
    for (int p = 0; p < count; p++) {
      double h = intensity[p];
      if (peakNormalisation == PeakNormalisation.UNIT_AREA) {
        double f = fwhmDeg == null ? constantFwhm : fwhmDeg[p];
        double e = shape.lorentzFraction(etaPerPeak == null ? eta : etaPerPeak[p]);
        h *= ((1 - e) * PeakShape.GAUSSIAN_AREA_HEIGHT + e * PeakShape.LORENTZIAN_AREA_HEIGHT) / f;
      }
      max = Math.max(max, h);
    }
    return max;
  }

  /**
   * Adds h exp(-a (x_i - x0)^2), a = 4 ln2 / F^2, within the Gaussian window. On an evenly spaced grid the ratio of
   * neighbouring values is itself geometric: g_{i+1} = g_i r_i and r_{i+1} = r_i q with q = exp(-2 a step^2), so two
   * multiplications per point replace the exp (relative rounding error about 1e-16 per step).
   */
  private void addGaussian(double x0, double fwhm, double h, double[] y) {
    double half = GAUSSIAN_CUTOFF_FWHM * fwhm;
    int lo = Math.max(0, (int) Math.ceil((x0 - half - grid.twoThetaMinDeg()) / step));
    int hi = Math.min(grid.points() - 1, (int) Math.floor((x0 + half - grid.twoThetaMinDeg()) / step));
    if (lo > hi) {
      return;
    }
    double a = PeakShape.FOUR_LN2 / (fwhm * fwhm);
    int c = Math.min(hi, Math.max(lo, (int) Math.rint((x0 - grid.twoThetaMinDeg()) / step)));
    double u = grid.twoThetaMinDeg() + c * step - x0;
    double q = Math.exp(-2 * a * step * step);
    double g = h * Math.exp(-a * u * u);
    y[c] += g;
    // Upwards: g_{i+1} / g_i = exp(-a (2 u_i step + step^2)).
    double r = Math.exp(-a * (2 * u * step + step * step));
    double gi = g;
    for (int i = c + 1; i <= hi; i++) {
      gi *= r;
      r *= q;
      y[i] += gi;
    }
    // Downwards: g_{i-1} / g_i = exp(-a (step^2 - 2 u_i step)).
    r = Math.exp(-a * (step * step - 2 * u * step));
    gi = g;
    for (int i = c - 1; i >= lo; i--) {
      gi *= r;
      r *= q;
      y[i] += gi;
    }
  }

  /**
   * Adds h / (1 + 4 (x_i - x0)^2 / F^2) out to where w L falls to {@link #LORENTZIAN_TAIL_FRACTION}: w is eta for a
   * cut-off at the peak's own height, the Lorentzian height over the strongest peak's height for a cut-off at the
   * strongest peak.
   *
   * @return when asked, the sum over the grid points outside the window of the omitted tail, from the midpoint rule
   *     sum_i L(u_i) = (1 / step) integral L du, exact to O(step^2 L'') and L is smooth out there; else 0
   */
  private double addLorentzian(double x0, double fwhm, double w, double h, double[] y, boolean omittedSum) {
    double halfFwhm = 0.5 * Math.sqrt(Math.max(0, w / LORENTZIAN_TAIL_FRACTION - 1));
    double half = Math.max(GAUSSIAN_CUTOFF_FWHM, halfFwhm) * fwhm;
    int last = grid.points() - 1;
    int lo = Math.max(0, (int) Math.ceil((x0 - half - grid.twoThetaMinDeg()) / step));
    int hi = Math.min(last, (int) Math.floor((x0 + half - grid.twoThetaMinDeg()) / step));
    double k = 4 / (fwhm * fwhm);
    double start = grid.twoThetaMinDeg() - x0;
    double[] x = gridDeg;
    for (int i = lo; i <= hi; i++) {
      double u = x[i] - x0;
      y[i] += h / (1 + k * u * u);
    }
    if (!omittedSum) {
      return 0;
    }
    // integral of h / (1 + k u^2) du = h / sqrt(k) atan(sqrt(k) u)
    double sk = Math.sqrt(k);
    double all = Math.atan(sk * (start + (last + 0.5) * step)) - Math.atan(sk * (start - 0.5 * step));
    double inside =
        lo > hi ? 0 : Math.atan(sk * (start + (hi + 0.5) * step)) - Math.atan(sk * (start + (lo - 0.5) * step));
    return h / (sk * step) * (all - inside);
  }
}
