package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {
  @Test
  void recoversTheDominantAxisOfSyntheticData() {
    // points spread with std 10 along u = (1, 2, 0, -1, 0.5) / |.| plus unit noise in every dimension
    double[] u = {1, 2, 0, -1, 0.5};
    double norm = Math.sqrt(1 + 4 + 0 + 1 + 0.25);
    for (int j = 0; j < u.length; j++) {
      u[j] /= norm;
    }
    Random r = new Random(11);
    float[][] x = new float[2000][5];
    for (float[] row : x) {
      double t = 10 * r.nextGaussian();
      for (int j = 0; j < 5; j++) {
        row[j] = (float) (3 + t * u[j] + r.nextGaussian());
      }
    }
    Pca pca = Pca.fit(x, 2);
    double[] first = pca.components()[0];
    double cosine = 0;
    for (int j = 0; j < 5; j++) {
      cosine += first[j] * u[j];
    }
    // sampling error of the direction with 2000 points is about 1 / (10 sqrt 2000), far below 0.005
    assertThat(cosine).isCloseTo(1.0, within(0.005));
    // variance 100 + 1 along u, 1 across; total 105
    assertThat(pca.explainedVariance()[0]).isCloseTo(101, within(8.0));
    assertThat(pca.explainedVariance()[1]).isCloseTo(1, within(0.15));
    assertThat(pca.explainedVarianceRatio()[0]).isCloseTo(101.0 / 105.0, within(0.01));
    double[] second = pca.components()[1];
    double dot = 0;
    for (int j = 0; j < 5; j++) {
      dot += first[j] * second[j];
    }
    assertThat(dot).isCloseTo(0, within(1e-12));
    // projections are centred and their variance is the component's
    double[][] projected = pca.project(x);
    double mean = 0;
    double squares = 0;
    for (double[] p : projected) {
      mean += p[0];
      squares += p[0] * p[0];
    }
    assertThat(mean / x.length).isCloseTo(0, within(1e-4));
    assertThat(squares / (x.length - 1)).isCloseTo(pca.explainedVariance()[0], within(1e-3));
  }

  @Test
  void signConventionMakesTheLargestLoadingPositive() {
    float[][] x = {{0, 0}, {-1, -3}, {1, 3}, {-2, -6.1f}, {2, 6}};
    double[] c = Pca.fit(x, 1).components()[0];
    assertThat(c[1]).isPositive();
    assertThat(Math.abs(c[1])).isGreaterThan(Math.abs(c[0]));
  }
}
