package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KAlpha2StrippingTest {
  private static final Radiation CU = Radiation.CU_KA;

  /** d-spacings from 7 to 1.1 angstrom: merged doublets at low angle, resolved ones (0.25 degree apart) near 88. */
  private static final double[] D = {7.0, 4.2, 3.1, 2.45, 2.0, 1.7, 1.45, 1.25, 1.1};

  private static final double[] HEIGHTS = {300, 1000, 650, 800, 400, 500, 350, 450, 300};

  private static final double FWHM_DEG = 0.1;

  private static double[] angles() {
    double[] x = new double[8501];
    for (int i = 0; i < x.length; i++) {
      x[i] = 5 + 0.01 * i;
    }
    return x;
  }

  /** Gaussian lines of the test d-spacings at one wavelength, each {@code scale} times its height. */
  private static double[] lines(double[] x, double wavelengthAngstrom, double scale) {
    double[] y = new double[x.length];
    for (int k = 0; k < D.length; k++) {
      double centre = BraggGeometry.twoThetaDeg(D[k], wavelengthAngstrom);
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - centre;
        y[i] += scale * HEIGHTS[k] * Math.exp(-4 * Math.log(2) * d * d / (FWHM_DEG * FWHM_DEG));
      }
    }
    return y;
  }

  @Test
  void strippingATubePatternLeavesItsKAlpha1Lines() {
    double[] x = angles();
    double[] kAlpha1 = lines(x, CU.kAlpha1Angstrom(), 1);
    double[] kAlpha2 = lines(x, CU.kAlpha2Angstrom(), 0.5);
    double[] measured = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      measured[i] = kAlpha1[i] + kAlpha2[i];
    }
    double[] stripped = KAlpha2Stripping.strip(x, measured, CU, 0.5, 0.05);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(stripped[i] - kAlpha1[i]));
    }
    // Linear interpolation between 0.01-degree points is the only approximation: well under 1 % of the strongest line.
    assertThat(worst).isLessThan(0.005 * 1000);
    double left = 0;
    for (int i = 0; i < x.length; i++) {
      left = Math.max(left, kAlpha2[i] - Math.abs(measured[i] - stripped[i] - kAlpha2[i]));
    }
    assertThat(left).as("the K-alpha2 component removed").isGreaterThan(0.99 * 500);
  }

  @Test
  void aStepWiderThanTheLimitIsNotInterpolatedAcross() {
    // 40.00-40.30 and 44.00-44.30 degrees in 0.01 steps, nothing between: a gap in the scan.
    double[] x = new double[62];
    for (int i = 0; i < 31; i++) {
      x[i] = 40 + 0.01 * i;
      x[31 + i] = 44 + 0.01 * i;
    }
    double[] y = new double[x.length];
    java.util.Arrays.fill(y, 100);
    double[] stripped = KAlpha2Stripping.strip(x, y, CU, 0.5, 0.05);
    // The K-alpha1 angle behind a K-alpha2 line is 0.104 degree lower at 40 degrees and 0.115 lower at 44: below the
    // first point, or inside the gap, nothing is subtracted; among stripped points, half of their value is.
    assertThat(stripped[5]).as("40.05").isEqualTo(100);
    assertThat(stripped[20]).as("40.20").isCloseTo(50, within(1e-9));
    assertThat(stripped[31]).as("44.00").isEqualTo(100);
    assertThat(stripped[51]).as("44.20").isCloseTo(50, within(1e-9));
  }

  @Test
  void theWeightedMeanGivesTheIntensityRatio() {
    assertThat(CU.kAlpha2Ratio()).isCloseTo(0.502, within(0.001));
    assertThat(Radiation.parse("MoKa").kAlpha2Ratio()).isCloseTo(0.5, within(0.01));
    assertThat(Radiation.parse("CuKa1").kAlpha2Ratio()).isZero();
    assertThat(Radiation.ofWavelength(0.7).kAlpha2Ratio()).isZero();
  }

  @Test
  void aSourceWithoutADoubletIsRefused() {
    double[] x = {10, 10.01, 10.02};
    assertThatThrownBy(() -> KAlpha2Stripping.strip(x, new double[3], Radiation.ofWavelength(0.7), 0.5, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no K-alpha doublet");
  }
}
