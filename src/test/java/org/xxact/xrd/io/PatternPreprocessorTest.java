package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.Radiation;

class PatternPreprocessorTest {
  private static final Radiation MO_KA = Radiation.parse("MoKa");
  private static final double CU = Radiation.CU_KA.wavelengthAngstrom();

  /** Peak positions on the grid must match the Cu K-alpha positions this closely (the task's requirement). */
  private static final double POSITION_TOLERANCE_DEG = 0.02;

  /** d-spacings (angstrom) of the test peaks: all diffract within 5-90 deg at Cu K-alpha and within 3-45 deg at Mo. */
  private static final double[] D = {7.0, 4.2, 3.1, 2.45, 2.0, 1.7, 1.45, 1.25, 1.1};

  private static final double[] HEIGHTS = {300, 1000, 650, 800, 400, 500, 350, 450, 300};

  private static MeasuredPattern measured(double[] x, double[] y, Radiation stated) {
    PatternAssembler a = new PatternAssembler("synthetic.xy");
    if (stated != null) {
      a.statedWavelength(0, stated.wavelengthAngstrom(), Double.NaN, Double.NaN);
    }
    return a.build(x, y, null, null);
  }

  private static PreprocessingConfig noBackground() {
    return PreprocessingConfig.DEFAULT.withBackground(BackgroundMethod.NONE, 1.0);
  }

  @Test
  void aMoPatternLandsAtTheCuPositions() {
    double[] x = SyntheticPatterns.angles(2.0, 0.01, 4401);
    double[] y = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.06, MO_KA.wavelengthAngstrom());
    MeasuredPattern p = MeasuredPatternReader.read(SyntheticPatterns.xy(x, y), "mo.xy");
    PreprocessedPattern out = new PatternPreprocessor(noBackground()).preprocess(p, MO_KA);
    assertThat(out.wavelengthOrigin()).isEqualTo(PreprocessedPattern.WavelengthOrigin.USER);
    double[][] maxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 0.05);
    assertThat(maxima.length).isEqualTo(D.length);
    for (int k = 0; k < D.length; k++) {
      assertThat(maxima[k][0])
          .as("peak d = %s", D[k])
          .isCloseTo(BraggGeometry.twoThetaDeg(D[k], CU), within(POSITION_TOLERANCE_DEG));
    }
  }

  @Test
  void theLorentzPolarizationCorrectionGivesTheCuRelativeIntensities() {
    double[] x = SyntheticPatterns.angles(2.0, 0.01, 4401);
    double[] mo = new double[D.length];
    for (int k = 0; k < D.length; k++) {
      double twoThetaMo = BraggGeometry.twoThetaDeg(D[k], MO_KA.wavelengthAngstrom());
      mo[k] = HEIGHTS[k] * PatternPreprocessor.lorentzPolarization(twoThetaMo);
    }
    double[] y = SyntheticPatterns.peaks(x, D, mo, 0.06, MO_KA.wavelengthAngstrom());
    PreprocessedPattern out = new PatternPreprocessor(noBackground()).preprocess(measured(x, y, MO_KA), null);
    assertThat(out.wavelengthOrigin()).isEqualTo(PreprocessedPattern.WavelengthOrigin.FILE);
    double[][] maxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 1e-4);
    assertThat(maxima.length).isEqualTo(D.length);
    double[] cu = new double[D.length];
    double cuMax = 0;
    for (int k = 0; k < D.length; k++) {
      cu[k] = HEIGHTS[k] * PatternPreprocessor.lorentzPolarization(BraggGeometry.twoThetaDeg(D[k], CU));
      cuMax = Math.max(cuMax, cu[k]);
    }
    for (int k = 0; k < D.length; k++) {
      assertThat(maxima[k][1]).as("peak d = %s", D[k]).isCloseTo(cu[k] / cuMax, within(0.01));
    }
  }

  @Test
  void aCuPatternStaysWhereItIsAndIsNormalised() {
    double[] x = SyntheticPatterns.angles(5.0, 0.02, 4251);
    double[] y = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.1, CU);
    PreprocessedPattern out = new PatternPreprocessor(noBackground()).preprocess(measured(x, y, null), Radiation.CU_KA);
    double[][] maxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 0.05);
    for (int k = 0; k < D.length; k++) {
      assertThat(maxima[k][0]).isCloseTo(BraggGeometry.twoThetaDeg(D[k], CU), within(0.002));
      assertThat(maxima[k][1]).isCloseTo(HEIGHTS[k] / 1000.0, within(0.01));
    }
    assertThat(out.coverageFraction()).isCloseTo(1.0, within(0.001));
    assertThat(out.warnings()).isEmpty();
  }

  @Test
  void aCuTubeDoubletIsStrippedToOneLineAtTheGridPosition() {
    double[] x = SyntheticPatterns.angles(5.0, 0.01, 8501);
    double[] kAlpha1 = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.1, Radiation.CU_KA.kAlpha1Angstrom());
    double[] halfHeights = java.util.Arrays.stream(HEIGHTS).map(h -> 0.5 * h).toArray();
    double[] kAlpha2 = SyntheticPatterns.peaks(x, D, halfHeights, 0.1, Radiation.CU_KA.kAlpha2Angstrom());
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = kAlpha1[i] + kAlpha2[i];
    }
    PreprocessingConfig stripped = noBackground().withKAlpha2Stripping(true);
    PreprocessedPattern out = new PatternPreprocessor(stripped).preprocess(measured(x, y, null), Radiation.CU_KA);
    double[][] maxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 0.05);
    assertThat(maxima.length).as("one maximum per reflection").isEqualTo(D.length);
    for (int k = 0; k < D.length; k++) {
      assertThat(maxima[k][0]).as("peak d = %s", D[k])
          .isCloseTo(BraggGeometry.twoThetaDeg(D[k], CU), within(POSITION_TOLERANCE_DEG));
    }
    // Kept, the pair at d = 1.1 angstrom is resolved: its K-alpha1 maximum is 0.08 degree below where the grid's
    // weighted mean puts the reflection, and the K-alpha2 line is a maximum of its own.
    PreprocessedPattern kept =
        new PatternPreprocessor(stripped.withKAlpha2Stripping(false)).preprocess(measured(x, y, null), Radiation.CU_KA);
    double[][] keptMaxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), kept.intensity(), 0.05);
    assertThat(keptMaxima.length).isGreaterThan(D.length);
    double last = BraggGeometry.twoThetaDeg(D[D.length - 1], CU);
    assertThat(java.util.Arrays.stream(keptMaxima).mapToDouble(m -> Math.abs(m[0] - last)).min().orElseThrow())
        .isGreaterThan(0.05);
  }

  @Test
  void resamplingIsExactForStraightLinesAndZeroOutsideTheMeasuredRange() {
    double[] x = SyntheticPatterns.angles(20.0, 0.0137, 2000);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 10 + 2 * x[i];
    }
    PreprocessingConfig cfg = noBackground().withLorentzPolarizationCorrection(false);
    PreprocessedPattern out = new PatternPreprocessor(cfg).preprocess(measured(x, y, null), Radiation.CU_KA);
    double[] grid = GridSpec.MODEL.twoThetasDeg();
    int mid = (int) ((30 - 5) / GridSpec.MODEL.stepDeg());
    double scale = (10 + 2 * grid[mid]) / out.intensity()[mid];
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] < x[0] || grid[i] > x[x.length - 1]) {
        assertThat(out.intensity()[i]).isZero();
      } else if (grid[i] > x[0] + GridSpec.MODEL.stepDeg() && grid[i] < x[x.length - 1] - GridSpec.MODEL.stepDeg()) {
        assertThat(out.intensity()[i] * scale).isCloseTo(10 + 2 * grid[i], within(1e-9));
      }
    }
    assertThat(out.coverageFraction()).isCloseTo((x[x.length - 1] - x[0]) / 85.0, within(0.001));
  }

  @Test
  void gapsStayEmptyOnTheGrid() {
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i < 1500 ? 10 + 0.01 * i : 40 + 0.01 * i;
    }
    double[] y = new double[x.length];
    java.util.Arrays.fill(y, 100);
    PreprocessedPattern out =
        new PatternPreprocessor(noBackground()).preprocess(measured(x, y, Radiation.CU_KA), null);
    double[] grid = GridSpec.MODEL.twoThetasDeg();
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] > 25.0 && grid[i] < 55.0) {
        assertThat(out.intensity()[i]).as("grid %s", grid[i]).isZero();
      }
    }
    assertThat(out.intensity()[(int) ((20 - 5) / GridSpec.MODEL.stepDeg())]).isGreaterThan(0.5);
  }

  @Test
  void littleCoverageGivesAWarningAndNoneAnError() {
    double[] x = SyntheticPatterns.angles(20.0, 0.02, 1000);
    double[] y = SyntheticPatterns.peaks(x, new double[] {3.0}, new double[] {100}, 0.1, CU);
    for (int i = 0; i < y.length; i++) {
      y[i] += 1;
    }
    PreprocessedPattern out = new PatternPreprocessor().preprocess(measured(x, y, Radiation.CU_KA), null);
    assertThat(out.coverageFraction()).isCloseTo(20.0 / 85.0, within(0.002));
    assertThat(out.warnings())
        .containsExactly("the measured range covers 24% of the model's 5-90 deg at 1.54184 angstrom (less than 50%): "
            + "predictions rest on few peaks");
    double[] far = SyntheticPatterns.angles(120.0, 0.02, 1000);
    assertThatThrownBy(() -> new PatternPreprocessor().preprocess(measured(far, y, Radiation.CU_KA), null))
        .isInstanceOf(InputException.class)
        .hasMessage("synthetic.xy: the measured range 120.00-139.98 deg converts to 120.00-139.98 deg, "
            + "outside the grid's 5-90 deg at 1.54184 angstrom");
  }

  @Test
  void theFileWavelengthWinsOverAConflictingUserOne() {
    double[] x = SyntheticPatterns.angles(10.0, 0.02, 3000);
    double[] y = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.1, CU);
    PreprocessedPattern out = new PatternPreprocessor().preprocess(measured(x, y, Radiation.CU_KA), MO_KA);
    assertThat(out.measuredRadiation().wavelengthAngstrom()).isEqualTo(CU);
    assertThat(out.warnings()).containsExactly("the file states 1.541840 angstrom; the given 0.710730 angstrom (MoKa) is not used");
  }

  @Test
  void shortWavelengthPointsBeyondTheGridsReachAreDropped() {
    double[] x = SyntheticPatterns.angles(20.0, 0.05, 2000);
    double[] y = SyntheticPatterns.peaks(x, new double[] {2.0}, new double[] {100}, 0.1, MO_KA.wavelengthAngstrom());
    for (int i = 0; i < y.length; i++) {
      y[i] += 1;
    }
    PreprocessedPattern out = new PatternPreprocessor(noBackground()).preprocess(measured(x, y, MO_KA), null);
    assertThat(out.warnings())
        .anyMatch(w -> w.matches("\\d+ points above 5\\d\\.\\d\\d deg have d-spacings below 0.7709 angstrom, .*dropped"));
  }

  @Test
  void negativeIntensitiesAreZeroOnTheGrid() {
    double[] x = SyntheticPatterns.angles(5.0, 0.02, 4251);
    double[] y = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.1, CU);
    for (int i = 0; i < y.length; i++) {
      y[i] += (i % 2 == 0 ? -5 : 5);
    }
    PreprocessedPattern out = new PatternPreprocessor().preprocess(measured(x, y, Radiation.CU_KA), null);
    for (double v : out.intensity()) {
      assertThat(v).isBetween(0.0, 1.0);
    }
  }

  @Test
  void snipRemovesASmoothBackgroundAndKeepsThePeaks() {
    double[] x = SyntheticPatterns.angles(5.0, 0.02, 4251);
    double[] peaks = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.12, CU);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = x[i];
      y[i] = peaks[i] + 800 - 25 * t + 0.35 * t * t - 0.0016 * t * t * t;
    }
    PreprocessingConfig noLp = PreprocessingConfig.DEFAULT.withLorentzPolarizationCorrection(false);
    PreprocessedPattern out = new PatternPreprocessor(noLp).preprocess(measured(x, y, Radiation.CU_KA), null);
    PreprocessedPattern truth =
        new PatternPreprocessor(noLp.withBackground(BackgroundMethod.NONE, 1.0))
            .preprocess(measured(x, peaks, Radiation.CU_KA), null);
    double[][] found = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 0.05);
    assertThat(found.length).isEqualTo(D.length);
    for (int k = 0; k < D.length; k++) {
      assertThat(found[k][1]).as("peak d = %s", D[k]).isCloseTo(HEIGHTS[k] / 1000.0, within(0.03));
    }
    double worst = 0;
    for (int i = 0; i < out.intensity().length; i++) {
      worst = Math.max(worst, Math.abs(out.intensity()[i] - truth.intensity()[i]));
    }
    assertThat(worst).isLessThan(0.03);
  }

  @Test
  void rollingBallAlsoRemovesIt() {
    double[] x = SyntheticPatterns.angles(5.0, 0.02, 4251);
    double[] peaks = SyntheticPatterns.peaks(x, D, HEIGHTS, 0.12, CU);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = peaks[i] + 300 + 150 * Math.exp(-x[i] / 15);
    }
    PreprocessingConfig cfg =
        PreprocessingConfig.DEFAULT.withLorentzPolarizationCorrection(false).withBackground(BackgroundMethod.ROLLING_BALL, 1.0);
    PreprocessedPattern out = new PatternPreprocessor(cfg).preprocess(measured(x, y, Radiation.CU_KA), null);
    double[][] found = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), out.intensity(), 0.05);
    assertThat(found.length).isEqualTo(D.length);
    for (int k = 0; k < D.length; k++) {
      assertThat(found[k][1]).as("peak d = %s", D[k]).isCloseTo(HEIGHTS[k] / 1000.0, within(0.03));
    }
  }

  @Test
  void lorentzPolarizationIsTheCalculatorsFactor() {
    double twoTheta = Math.toRadians(40);
    double theta = twoTheta / 2;
    double expected = (1 + Math.pow(Math.cos(twoTheta), 2)) / (Math.pow(Math.sin(theta), 2) * Math.cos(theta));
    assertThat(PatternPreprocessor.lorentzPolarization(40)).isCloseTo(expected, within(1e-12));
  }
}
