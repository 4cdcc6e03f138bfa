package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xxact.crystal.InputException;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.KAlpha2Stripping;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.XrdCalculator;

/**
 * Puts a {@link MeasuredPattern} on the model's grid ({@link GridSpec}), so that a pattern measured with any wavelength
 * on any instrument looks like the simulated Cu K-alpha patterns the model was trained on.
 *
 * <ol>
 *   <li><b>Wavelength.</b> The file's stated wavelength, else the user's; a pattern with neither is an error, never a
 *       silent Cu K-alpha (a wrong wavelength moves every peak). A user value that disagrees with the file's by more than
 *       {@value #WAVELENGTH_AGREEMENT_ANGSTROM} angstrom gives a warning and the file's value is used.
 *   <li><b>K-alpha2 stripping</b> (configurable, off by default: on the RRUFF patterns it lowered the crystal-system
 *       accuracy, docs/experiments/measured-indexing/plan.txt, addendum 5). When the wavelength is a tube's weighted K-alpha mean
 *       (CuKa, or a file stating both lines and their ratio), the K-alpha2 line is removed from the measured points
 *       ({@link KAlpha2Stripping}, Rachinger 1948) and the pattern is taken at K-alpha1 from then on. The training
 *       patterns have one line per reflection at the grid's wavelength; a measured pattern has a pair, resolved above
 *       about 40 degrees, whose K-alpha1 maximum the weighted mean would place up to 0.08 degree off. A pattern already
 *       stripped by the instrument's software is read with the K-alpha1 wavelength (CuKa1) and left as it is.
 *   <li><b>Angles through d-spacing.</b> Each measured angle becomes the angle at which the same d-spacing diffracts at
 *       the grid's wavelength (Bragg's law, {@link BraggGeometry#convertTwoThetaDeg}), so a Mo K-alpha or synchrotron
 *       pattern lands where the Cu K-alpha pattern would. Points whose d-spacing the grid's wavelength cannot reach
 *       (sin theta above 1) are dropped. Intensities move with their points, so a peak keeps its height and its width
 *       changes with the angular scale, as peaks of fixed height are what the simulated training patterns have.
 *   <li><b>Lorentz-polarization.</b> The integrated intensity of a reflection is |F|^2 m LP(theta) with LP = (1 +
 *       cos^2 2theta) / (sin^2 theta cos theta) (unpolarised beam, no monochromator; {@link
 *       XrdCalculator#lorentzPolarization}, the factor of pymatgen and of the simulated patterns). The same reflection is at a different angle at another wavelength, so its LP differs,
 *       and the relative intensities of a Mo pattern are not those of the Cu pattern. Multiplying each point by
 *       LP(grid angle) / LP(measured angle) turns one into the other (applied point by point, as LP varies little across
 *       a peak). Absorption and the Debye-Waller factor also depend on the angle but on the sample too, and are left
 *       alone.
 *   <li><b>Resampling.</b> The measured points, joined by straight lines (linear interpolation), are averaged over each
 *       grid cell (one grid step wide, centred on the grid point). Where the measured step is coarser than the grid this
 *       is linear interpolation; where it is finer (0.01 deg scans on the 0.02 deg model grid) every measured point
 *       counts, instead of the few that fall on grid points, which keeps noise down and narrow peaks in. Grid points
 *       outside the measured range or in a gap ({@link MeasuredPattern#gaps()}) are zero.
 *   <li><b>Background</b> ({@link BackgroundRemoval}, configurable, SNIP by default) is removed from each measured
 *       stretch separately, so that the unmeasured zeros beside it do not drag it down. Negative values, from noise
 *       around a subtracted background, are set to zero first, as a diffracted intensity cannot be negative.
 *   <li><b>Normalisation</b> to a largest value of 1, as the training patterns are.
 * </ol>
 *
 * A measured range that covers less than {@link PreprocessingConfig#minCoverageFraction()} of the grid gives a warning
 * in the result.
 */
public final class PatternPreprocessor {
  /**
   * Largest difference in angstrom between a user-given and a file-stated wavelength that is not reported: below the
   * 0.0013 angstrom between Cu K-alpha1 and the weighted K-alpha mean, which moves a peak at 60 deg by 0.05 deg.
   */
  public static final double WAVELENGTH_AGREEMENT_ANGSTROM = 5e-4;

  private final PreprocessingConfig config;

  public PatternPreprocessor(PreprocessingConfig config) {
    this.config = config;
  }

  /** A preprocessor with {@link PreprocessingConfig#DEFAULT}. */
  public PatternPreprocessor() {
    this(PreprocessingConfig.DEFAULT);
  }

  /**
   * Puts a pattern on the grid.
   *
   * @param pattern the measured pattern
   * @param userRadiation the wavelength the user gave, or null; used only when the file states none
   * @throws InputException when no wavelength is known, or nothing of the pattern falls on the grid
   */
  public PreprocessedPattern preprocess(MeasuredPattern pattern, Radiation userRadiation) {
    List<String> warnings = new ArrayList<>();
    Radiation measured;
    PreprocessedPattern.WavelengthOrigin origin;
    if (pattern.statedRadiation().isPresent()) {
      measured = pattern.statedRadiation().get();
      origin = PreprocessedPattern.WavelengthOrigin.FILE;
      if (userRadiation != null
          && Math.abs(userRadiation.wavelengthAngstrom() - measured.wavelengthAngstrom())
              > WAVELENGTH_AGREEMENT_ANGSTROM) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "the file states %.6f angstrom; the given %.6f angstrom (%s) is not used",
                measured.wavelengthAngstrom(),
                userRadiation.wavelengthAngstrom(),
                userRadiation.name()));
      }
    } else if (userRadiation != null) {
      measured = userRadiation;
      origin = PreprocessedPattern.WavelengthOrigin.USER;
    } else {
      throw new InputException(
          pattern.source(), 0, "states no wavelength; pass --wavelength (CuKa, MoKa, ... or a value in angstrom)");
    }
    GridSpec grid = config.grid();
    double fromAngstrom = measured.wavelengthAngstrom();
    double toAngstrom = grid.radiation().wavelengthAngstrom();
    double[] intensity = pattern.intensity();
    double kAlpha2Ratio = measured.kAlpha2Ratio();
    if (config.kAlpha2Stripping() && kAlpha2Ratio > 0) {
      double maxStepDeg = MeasuredPattern.GAP_FACTOR * pattern.medianStepDeg();
      intensity = KAlpha2Stripping.strip(pattern.twoThetaDeg(), intensity, measured, kAlpha2Ratio, maxStepDeg);
      fromAngstrom = measured.kAlpha1Angstrom();
    }

    double[] x = new double[pattern.size()];
    double[] y = new double[pattern.size()];
    int n = 0;
    for (int i = 0; i < pattern.size(); i++) {
      double measuredDeg = pattern.twoThetaDeg()[i];
      double gridDeg = BraggGeometry.convertTwoThetaDeg(measuredDeg, fromAngstrom, toAngstrom);
      if (Double.isNaN(gridDeg)) {
        continue;
      }
      double v = intensity[i];
      if (config.lorentzPolarizationCorrection()) {
        v *= lorentzPolarization(gridDeg) / lorentzPolarization(measuredDeg);
      }
      x[n] = gridDeg;
      y[n] = Math.max(0.0, v);
      n++;
    }
    if (n < pattern.size()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%d points above %.2f deg have d-spacings below %.4f angstrom, which %.5f angstrom cannot reach; dropped",
              pattern.size() - n,
              pattern.twoThetaDeg()[n],
              toAngstrom / 2,
              toAngstrom));
    }
    if (n < 2) {
      throw new InputException(pattern.source(), 0, "no measured point converts to the grid's wavelength");
    }
    x = Arrays.copyOf(x, n);
    y = Arrays.copyOf(y, n);
    List<double[]> segments = measuredSegments(pattern, x, fromAngstrom, toAngstrom);

    double[] onGrid = new double[grid.points()];
    boolean[] covered = new boolean[grid.points()];
    double[] cumulative = cumulativeIntegral(x, y);
    for (int i = 0; i < grid.points(); i++) {
      double g = grid.twoThetaDeg(i);
      for (double[] s : segments) {
        if (g >= s[0] && g <= s[1]) {
          double a = Math.max(s[0], g - 0.5 * grid.stepDeg());
          double b = Math.min(s[1], g + 0.5 * grid.stepDeg());
          onGrid[i] =
              b > a
                  ? (integral(x, y, cumulative, b) - integral(x, y, cumulative, a)) / (b - a)
                  : interpolate(x, y, g);
          covered[i] = true;
          break;
        }
      }
    }
    int coveredPoints = 0;
    for (boolean c : covered) {
      coveredPoints += c ? 1 : 0;
    }
    double coverage = (double) coveredPoints / grid.points();
    String gridRange =
        String.format(
            Locale.ROOT,
            "%.0f-%.0f deg at %.5f angstrom",
            grid.twoThetaMinDeg(),
            grid.twoThetaMaxDeg(),
            toAngstrom);
    if (coveredPoints == 0) {
      throw new InputException(
          pattern.source(),
          0,
          String.format(
              Locale.ROOT,
              "the measured range %.2f-%.2f deg converts to %.2f-%.2f deg, outside the grid's %s",
              pattern.minTwoThetaDeg(),
              pattern.maxTwoThetaDeg(),
              x[0],
              x[n - 1],
              gridRange));
    }
    if (coverage < config.minCoverageFraction()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "the measured range covers %.0f%% of the model's %s (less than %.0f%%): predictions rest on few peaks",
              100 * coverage,
              gridRange,
              100 * config.minCoverageFraction()));
    }
    removeBackground(onGrid, covered);
    double max = 0;
    for (double v : onGrid) {
      max = Math.max(max, v);
    }
    if (!(max > 0)) {
      throw new InputException(
          pattern.source(), 0, "nothing is left above the background on the grid: the pattern holds no peaks there");
    }
    for (int i = 0; i < onGrid.length; i++) {
      onGrid[i] /= max;
    }
    return new PreprocessedPattern(pattern.source(), grid, onGrid, measured, origin, coverage, warnings);
  }

  /** The Lorentz-polarization factor of {@link XrdCalculator} at a diffraction angle 2-theta in degrees. */
  static double lorentzPolarization(double twoThetaDeg) {
    return XrdCalculator.lorentzPolarization(Math.toRadians(twoThetaDeg) / 2);
  }

  /** The measured stretches at the grid's wavelength: [start, end] pairs between gaps. */
  private static List<double[]> measuredSegments(
      MeasuredPattern pattern, double[] x, double fromAngstrom, double toAngstrom) {
    List<double[]> out = new ArrayList<>();
    double start = x[0];
    for (MeasuredPattern.Gap gap : pattern.gaps()) {
      double from = BraggGeometry.convertTwoThetaDeg(gap.fromDeg(), fromAngstrom, toAngstrom);
      double to = BraggGeometry.convertTwoThetaDeg(gap.toDeg(), fromAngstrom, toAngstrom);
      if (Double.isNaN(from)) {
        break;
      }
      out.add(new double[] {start, from});
      if (Double.isNaN(to)) {
        return out;
      }
      start = to;
    }
    out.add(new double[] {start, x[x.length - 1]});
    return out;
  }

  private void removeBackground(double[] y, boolean[] covered) {
    if (config.background() == BackgroundMethod.NONE) {
      return;
    }
    int window = config.backgroundHalfWindowPoints();
    int i = 0;
    while (i < y.length) {
      if (!covered[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j < y.length && covered[j]) {
        j++;
      }
      double[] run = Arrays.copyOfRange(y, i, j);
      double[] background =
          config.background() == BackgroundMethod.SNIP
              ? BackgroundRemoval.snip(run, window)
              : BackgroundRemoval.rollingBall(run, window);
      for (int k = i; k < j; k++) {
        y[k] = Math.max(0.0, run[k - i] - background[k - i]);
      }
      i = j;
    }
  }

  private static double[] cumulativeIntegral(double[] x, double[] y) {
    double[] c = new double[x.length];
    for (int i = 1; i < x.length; i++) {
      c[i] = c[i - 1] + 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
    }
    return c;
  }

  /** Integral of the piecewise-linear curve from x[0] to t (t within the data). */
  private static double integral(double[] x, double[] y, double[] cumulative, double t) {
    int k = segmentIndex(x, t);
    double yt = interpolate(x, y, t);
    return cumulative[k] + 0.5 * (y[k] + yt) * (t - x[k]);
  }

  private static double interpolate(double[] x, double[] y, double t) {
    int k = segmentIndex(x, t);
    double f = (t - x[k]) / (x[k + 1] - x[k]);
    return y[k] + f * (y[k + 1] - y[k]);
  }

  /** The k with x[k] <= t <= x[k+1], clamped to the data. */
  private static int segmentIndex(double[] x, double t) {
    int k = Arrays.binarySearch(x, t);
    if (k < 0) {
      k = -k - 2;
    }
    return Math.max(0, Math.min(x.length - 2, k));
  }
}
