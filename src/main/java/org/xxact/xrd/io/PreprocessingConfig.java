package org.xxact.xrd.io;

/**
 * Settings of the {@link PatternPreprocessor}.
 *
 * @param grid the grid to put patterns on (default {@link GridSpec#MODEL})
 * @param lorentzPolarizationCorrection whether to move intensities from the measured to the grid's wavelength through
 *     the Lorentz-polarization factor (default on; it changes nothing when the two wavelengths are equal)
 * @param kAlpha2Stripping whether to strip the K-alpha2 line from a pattern whose wavelength is a tube's weighted
 *     K-alpha mean ({@link org.xxact.xrd.KAlpha2Stripping}). Default off: the training patterns have one line per
 *     reflection, and a resolved K-alpha1 line read at the weighted mean sits up to 0.08 degree off, but on the RRUFF
 *     patterns stripping lowered the crystal-system accuracy of the classifier and of lattice indexing alike
 *     (docs/experiments/measured-indexing/plan.txt, addendum 5)
 * @param background how to remove the background (default {@link BackgroundMethod#SNIP})
 * @param backgroundHalfWindowDeg half-width in degrees of the widest clipping (SNIP) or opening (rolling ball) window;
 *     features narrower than about twice this are kept as peaks (default {@value #DEFAULT_BACKGROUND_HALF_WINDOW_DEG})
 * @param minCoverageFraction the fraction of the grid the measured range must cover before a warning is given (default
 *     {@value #DEFAULT_MIN_COVERAGE_FRACTION})
 */
public record PreprocessingConfig(
    GridSpec grid,
    boolean lorentzPolarizationCorrection,
    boolean kAlpha2Stripping,
    BackgroundMethod background,
    double backgroundHalfWindowDeg,
    double minCoverageFraction) {

  /**
   * Default background window half-width in degrees. Laboratory powder peaks are 0.05-0.3 deg wide (FWHM), nanocrystalline
   * ones up to about 1 deg; amorphous humps and air scatter vary over several degrees. A 1-degree half-window (48 points
   * on the model grid) clips the former and follows the latter.
   */
  public static final double DEFAULT_BACKGROUND_HALF_WINDOW_DEG = 1.0;

  /**
   * Default coverage below which a warning is given: with less than half of the 5-90 deg range measured, most of the
   * pattern the model reads is zeros and its predictions rest on a few peaks.
   */
  public static final double DEFAULT_MIN_COVERAGE_FRACTION = 0.5;

  /** Defaults for measured data: the model grid, LP correction, no K-alpha2 stripping, SNIP background removal. */
  public static final PreprocessingConfig DEFAULT =
      new PreprocessingConfig(
          GridSpec.MODEL,
          true,
          false,
          BackgroundMethod.SNIP,
          DEFAULT_BACKGROUND_HALF_WINDOW_DEG,
          DEFAULT_MIN_COVERAGE_FRACTION);

  public PreprocessingConfig {
    if (grid == null || background == null) {
      throw new IllegalArgumentException("grid and background method are required");
    }
    if (!(backgroundHalfWindowDeg > 0)) {
      throw new IllegalArgumentException("background half-window must be positive, got " + backgroundHalfWindowDeg);
    }
    if (!(minCoverageFraction >= 0 && minCoverageFraction <= 1)) {
      throw new IllegalArgumentException("minimum coverage must be within [0, 1], got " + minCoverageFraction);
    }
  }

  public PreprocessingConfig withGrid(GridSpec onGrid) {
    return new PreprocessingConfig(
        onGrid, lorentzPolarizationCorrection, kAlpha2Stripping, background, backgroundHalfWindowDeg,
        minCoverageFraction);
  }

  public PreprocessingConfig withLorentzPolarizationCorrection(boolean on) {
    return new PreprocessingConfig(
        grid, on, kAlpha2Stripping, background, backgroundHalfWindowDeg, minCoverageFraction);
  }

  public PreprocessingConfig withKAlpha2Stripping(boolean on) {
    return new PreprocessingConfig(
        grid, lorentzPolarizationCorrection, on, background, backgroundHalfWindowDeg, minCoverageFraction);
  }

  public PreprocessingConfig withBackground(BackgroundMethod method, double halfWindowDeg) {
    return new PreprocessingConfig(
        grid, lorentzPolarizationCorrection, kAlpha2Stripping, method, halfWindowDeg, minCoverageFraction);
  }

  /** The background window half-width in grid points (at least one). */
  int backgroundHalfWindowPoints() {
    return Math.max(1, (int) Math.round(backgroundHalfWindowDeg / grid.stepDeg()));
  }
}
