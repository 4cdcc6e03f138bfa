package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TsneTest {
  private static final int CLUSTERS = 3;
  private static final int PER_CLUSTER = 50;

  @Test
  void keepsWellSeparatedClustersSeparate() {
    float[][] x = SyntheticEmbeddings.clusters(CLUSTERS, PER_CLUSTER, 10, 20.0, 3);
    Tsne.Result map = Tsne.embed(x, Tsne.Options.defaults(0));
    double[][] y = map.coordinates();
    double[][] centre = new double[CLUSTERS][2];
    for (int i = 0; i < y.length; i++) {
      centre[i / PER_CLUSTER][0] += y[i][0] / PER_CLUSTER;
      centre[i / PER_CLUSTER][1] += y[i][1] / PER_CLUSTER;
    }
    double largestRadius = 0;
    for (int i = 0; i < y.length; i++) {
      largestRadius = Math.max(largestRadius, distance(y[i], centre[i / PER_CLUSTER]));
    }
    double closestCentres = Double.POSITIVE_INFINITY;
    for (int a = 0; a < CLUSTERS; a++) {
      for (int b = a + 1; b < CLUSTERS; b++) {
        closestCentres = Math.min(closestCentres, distance(centre[a], centre[b]));
      }
    }
    // every cluster fits in a disc that no other cluster's disc overlaps
    assertThat(closestCentres).isGreaterThan(2 * largestRadius);
    assertThat(map.klDivergence()).isPositive().isLessThan(2.0);
  }

  @Test
  void isDeterministicForASeed() {
    float[][] x = SyntheticEmbeddings.gaussian(60, 4, 8);
    Tsne.Options options = new Tsne.Options(10, 300, 50, false, 5);
    assertThat(Tsne.embed(x, options).coordinates()).isDeepEqualTo(Tsne.embed(x, options).coordinates());
  }

  @Test
  void calibratedRowsHaveTheRequestedPerplexity() {
    float[][] x = SyntheticEmbeddings.gaussian(80, 3, 2);
    double[][] data = new double[80][3];
    for (int i = 0; i < 80; i++) {
      for (int j = 0; j < 3; j++) {
        data[i][j] = x[i][j];
      }
    }
    double[] conditional = Tsne.conditionalProbabilities(data, 15);
    for (int i = 0; i < 80; i++) {
      double entropy = 0;
      for (int j = 0; j < 80; j++) {
        double q = conditional[i * 80 + j];
        entropy -= q > 0 ? q * Math.log(q) : 0;
      }
      assertThat(Math.exp(entropy)).isCloseTo(15, within(15 * 2 * Tsne.ENTROPY_TOLERANCE));
    }
    double[] p = Tsne.jointProbabilities(data, 15);
    double total = 0;
    for (int i = 0; i < 80; i++) {
      for (int j = 0; j < 80; j++) {
        if (i != j) {
          total += p[i * 80 + j];
        }
      }
    }
    // joint probabilities sum to 1 (the floor on the diagonal is not counted)
    assertThat(total).isCloseTo(1, within(1e-9));
  }

  @Test
  void rejectsAPerplexityTooLargeForTheData() {
    assertThatThrownBy(() -> Tsne.embed(SyntheticEmbeddings.gaussian(20, 3, 1), Tsne.Options.defaults(0)))
        .hasMessageContaining("perplexity 30.0 must be between 1 and n - 1 = 19");
  }

  private static double distance(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
