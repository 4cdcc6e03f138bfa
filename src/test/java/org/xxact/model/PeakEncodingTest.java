package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;

/** What the peak tokens of a pattern carry: the positions and relative intensities of its strongest reflections. */
class PeakEncodingTest {
  private static final int GRID = 2048;
  private static final int TOKENS = 4;
  /** Rock salt (a = 5.64 angstrom): the 111, 200, 220, 311 and 222 reflections with their relative intensities. */
  private static final double A_ANGSTROM = 5.64;
  private static final int[] H2K2L2 = {3, 4, 8, 11, 12};
  private static final double[] RELATIVE_INTENSITY = {0.05, 1.0, 0.55, 0.02, 0.15};

  private static ModelConfig config(boolean sqrtIntensity) {
    return new ModelConfig(
        Modality.XRD, 32, 4, 64, 1, 1, 1, 0.0, 118, 5000.0, GRID, 5.0, 90.0, sqrtIntensity, 32, PoolingKind.MEAN,
        true, 16, 1e-5, 0.5, XrdStem.CONV, 0, RegressionLikelihood.LAPLACE, 0, TOKENS);
  }

  private static double twoThetaDeg(int h2k2l2) {
    return BraggGeometry.twoThetaDeg(A_ANGSTROM / Math.sqrt(h2k2l2), Radiation.CU_KA.wavelengthAngstrom());
  }

  private static float[] pattern(boolean sqrt) {
    double[] positions = new double[H2K2L2.length];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = twoThetaDeg(H2K2L2[i]);
    }
    float[] y = new float[GRID];
    new PatternRenderer(new PatternGrid(5, 90, GRID), PeakShape.GAUSSIAN)
        .render(positions, RELATIVE_INTENSITY, positions.length, 0.15, y);
    if (sqrt) {
      for (int i = 0; i < y.length; i++) {
        y[i] = (float) Math.sqrt(y[i]);
      }
    }
    return y;
  }

  /** 2-theta of a token, from the lowest-frequency sinusoid of ln(q^2) (one period spans the whole grid). */
  private static double decodedTwoThetaDeg(float[] features, int token) {
    double logQ2 = Math.atan2(features[token * PeakEncoding.FEATURES], features[token * PeakEncoding.FEATURES + 1]);
    return BraggGeometry.twoThetaDeg(Math.exp(-logQ2 / 2), Radiation.CU_KA.wavelengthAngstrom());
  }

  @Test
  void tokensHoldTheStrongestReflectionsAtTheirPositionsWithTheirIntensities() {
    float[] features = new float[2 + TOKENS * PeakEncoding.FEATURES];
    new PeakEncoding(config(false)).encode(pattern(false), 0, features, 2);
    float[] tokens = Arrays.copyOfRange(features, 2, features.length);
    // Strongest first: 200, 220, 222, 111; the 311 reflection (2 %) is the fifth and finds no token.
    int[] expectedOrder = {1, 2, 4, 0};
    for (int t = 0; t < TOKENS; t++) {
      int reflection = expectedOrder[t];
      int presence = t * PeakEncoding.FEATURES + 4 * PeakEncoding.FREQUENCIES;
      assertThat(decodedTwoThetaDeg(tokens, t))
          .as("token %d", t)
          .isCloseTo(twoThetaDeg(H2K2L2[reflection]), within(0.01));
      assertThat(tokens[presence]).isEqualTo(1f);
      assertThat((double) tokens[presence + 1])
          .as("sqrt of the relative intensity of token %d", t)
          .isCloseTo(Math.sqrt(RELATIVE_INTENSITY[reflection]), within(0.02));
    }
    assertThat(features[0]).isZero();
    assertThat(features[1]).isZero();
  }

  @Test
  void squareRootInputGivesTheSameTokensAndMissingPeaksAreZeroRows() {
    float[] plain = new float[TOKENS * PeakEncoding.FEATURES];
    float[] fromSqrt = new float[TOKENS * PeakEncoding.FEATURES];
    new PeakEncoding(config(false)).encode(pattern(false), 0, plain, 0);
    new PeakEncoding(config(true)).encode(pattern(true), 0, fromSqrt, 0);
    for (int t = 0; t < TOKENS; t++) {
      // The parabola through square roots puts the vertex a little elsewhere: a few hundredths of a 0.042 degree step.
      assertThat(decodedTwoThetaDeg(fromSqrt, t))
          .as("token %d", t)
          .isCloseTo(decodedTwoThetaDeg(plain, t), within(1e-3));
      for (int k = 4 * PeakEncoding.FREQUENCIES; k < PeakEncoding.FEATURES; k++) {
        int i = t * PeakEncoding.FEATURES + k;
        assertThat(fromSqrt[i]).as("token %d feature %d", t, k).isCloseTo(plain[i], within(1e-4f));
      }
    }

    float[] onePeak = new float[GRID];
    onePeak[700] = 1f;
    float[] single = new float[TOKENS * PeakEncoding.FEATURES];
    new PeakEncoding(config(false)).encode(onePeak, 0, single, 0);
    assertThat(single[4 * PeakEncoding.FREQUENCIES]).isEqualTo(1f);
    for (int k = PeakEncoding.FEATURES; k < single.length; k++) {
      assertThat(single[k]).as("feature %d", k).isZero();
    }
    float[] empty = new float[TOKENS * PeakEncoding.FEATURES];
    new PeakEncoding(config(false)).encode(new float[GRID], 0, empty, 0);
    assertThat(empty).containsOnly(0f);
  }
}
