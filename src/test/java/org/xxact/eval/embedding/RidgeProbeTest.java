package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xxact.eval.RegressionMetrics;

class RidgeProbeTest {
  /** y = 2 x0 - 3 x1 + 0.5 x2 / 1000 + 4 with noise of standard deviation 0.01. */
  private static double[] target(float[][] x, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 2 * x[i][0] - 3 * x[i][1] + 0.5 * x[i][2] / 1000 + 4 + 0.01 * r.nextGaussian();
    }
    return y;
  }

  /** Features of very different scales and one that never varies, as embeddings can have. */
  private static float[][] features(int n, long seed) {
    float[][] x = SyntheticEmbeddings.gaussian(n, 6, seed);
    for (float[] row : x) {
      row[2] *= 1000;
      row[5] = 7;
    }
    return x;
  }

  @Test
  void recoversAKnownLinearRelation() {
    float[][] train = features(400, 1);
    float[][] test = features(200, 2);
    RidgeProbe probe = RidgeProbe.fit(train, target(train, 3), 0);
    RegressionMetrics m = RegressionMetrics.of(probe.predict(test), target(test, 4));
    // the noise alone gives an MAE of 0.01 * sqrt(2 / pi) = 0.008
    assertThat(m.mae()).isLessThan(0.012);
    assertThat(m.r2()).isGreaterThan(0.9999);
    assertThat(probe.validationMse()).hasSize(RidgeProbe.DEFAULT_PENALTIES.length);
    assertThat(probe.penalty()).isLessThanOrEqualTo(1e-2);
  }

  @Test
  void crossValidationPrefersAStrongPenaltyForPureNoise() {
    float[][] train = SyntheticEmbeddings.gaussian(60, 40, 5);
    double[] y = new double[60];
    java.util.Random r = new java.util.Random(6);
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextGaussian();
    }
    RidgeProbe probe = RidgeProbe.fit(train, y, 0);
    assertThat(probe.penalty()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void isDeterministicForASeed() {
    float[][] train = features(300, 7);
    double[] y = target(train, 8);
    float[][] test = features(20, 9);
    assertThat(RidgeProbe.fit(train, y, 42).predict(test)).containsExactly(RidgeProbe.fit(train, y, 42).predict(test));
  }
}
