package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.xxact.crystal.Structure;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.DiffractionPeak;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.TestStructures;
import org.xxact.xrd.XrdCalculator;

/**
 * A pattern simulated for Mo K-alpha, written as .xy, read with the wavelength given as MoKa and put on the Cu K-alpha
 * grid has its peaks where the Cu K-alpha simulation has them, with the same relative intensities after the
 * Lorentz-polarization correction.
 */
class SimulatedRoundTripTest {
  private static final Radiation MO_KA = Radiation.parse("MoKa");

  /** Peaks must land within this of the Cu K-alpha simulation's positions (the task's requirement). */
  private static final double POSITION_TOLERANCE_DEG = 0.02;

  /** Relative intensities must agree to this fraction for peaks above {@link #COMPARED_ABOVE} of the strongest. */
  private static final double INTENSITY_TOLERANCE = 0.05;

  private static final double COMPARED_ABOVE = 10.0;

  /**
   * Mo K-alpha peak width in degrees: wide enough that the 0.01-degree Mo scan samples each peak finely (linear
   * interpolation then lowers a peak top by about 1 %), narrow enough that no two rutile peaks overlap on the Cu grid.
   */
  private static final double MO_FWHM_DEG = 0.08;

  @Test
  void aMoSimulationLandsOnTheCuSimulation() {
    Structure s = TestStructures.rutile();
    DiffractionPattern mo = XrdCalculator.builder().radiation(MO_KA).twoThetaRangeDeg(2, 40).build().calculate(s);
    DiffractionPattern cu =
        XrdCalculator.builder().radiation(Radiation.CU_KA).twoThetaRangeDeg(5, 90).build().calculate(s);
    PatternGrid moScan = new PatternGrid(2, 40, 3801);
    double[] moY = new double[moScan.points()];
    new PatternRenderer(moScan, PeakShape.GAUSSIAN)
        .render(mo.twoThetasDeg(), mo.intensities(), mo.size(), MO_FWHM_DEG, moY);
    byte[] xy = SyntheticPatterns.xy(moScan.twoThetasDeg(), moY);

    MeasuredPattern read = MeasuredPatternReader.read(xy, "rutile_MoKa.xy");
    PreprocessingConfig simulated = PreprocessingConfig.DEFAULT.withBackground(BackgroundMethod.NONE, 1.0);
    PreprocessedPattern onGrid = new PatternPreprocessor(simulated).preprocess(read, MO_KA);
    double[][] maxima = SyntheticPatterns.maxima(GridSpec.MODEL.twoThetasDeg(), onGrid.intensity(), 1e-3);

    int compared = 0;
    for (DiffractionPeak peak : cu.peaks()) {
      if (peak.intensity() <= COMPARED_ABOVE) {
        continue;
      }
      double[] nearest = maxima[0];
      for (double[] m : maxima) {
        if (Math.abs(m[0] - peak.twoThetaDeg()) < Math.abs(nearest[0] - peak.twoThetaDeg())) {
          nearest = m;
        }
      }
      assertThat(nearest[0]).as("Cu peak at %s", peak.twoThetaDeg())
          .isCloseTo(peak.twoThetaDeg(), within(POSITION_TOLERANCE_DEG));
      double expected = peak.intensity() / XrdCalculator.SCALED_MAXIMUM;
      assertThat(nearest[1]).as("Cu peak at %s", peak.twoThetaDeg())
          .isCloseTo(expected, within(INTENSITY_TOLERANCE * expected));
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(6);
  }
}
