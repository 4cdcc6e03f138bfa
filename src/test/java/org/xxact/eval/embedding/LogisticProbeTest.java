package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xxact.eval.ClassificationMetrics;

class LogisticProbeTest {
  @Test
  void separatesSeparableClasses() {
    float[][] train = SyntheticEmbeddings.clusters(4, 60, 8, 6.0, 1);
    float[][] test = SyntheticEmbeddings.clusters(4, 30, 8, 6.0, 2);
    LogisticProbe probe = LogisticProbe.fit(train, SyntheticEmbeddings.clusterLabels(4, 60), 4, 0);
    int[] testLabels = SyntheticEmbeddings.clusterLabels(4, 30);
    ClassificationMetrics m = ClassificationMetrics.of(probe.predict(test), testLabels, 4, null);
    assertThat(m.accuracy()).isEqualTo(1.0);
    assertThat(probe.validationLogLoss()).hasSize(LogisticProbe.DEFAULT_PENALTIES.length);
    for (double[] p : probe.probabilities(test)) {
      assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void learnsALinearBoundaryBetweenOverlappingClasses() {
    // class = sign of x0 + x1: a linear rule the probe must find; 5 % of labels flipped as noise
    float[][] x = SyntheticEmbeddings.gaussian(1000, 5, 3);
    int[] y = new int[x.length];
    java.util.Random r = new java.util.Random(4);
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i][0] + x[i][1] > 0) ^ (r.nextDouble() < 0.05) ? 1 : 0;
    }
    float[][] train = Arrays.copyOf(x, 800);
    float[][] test = Arrays.copyOfRange(x, 800, 1000);
    LogisticProbe probe = LogisticProbe.fit(train, Arrays.copyOf(y, 800), 2, 0);
    double accuracy =
        ClassificationMetrics.of(probe.predict(test), Arrays.copyOfRange(y, 800, 1000), 2, null).accuracy();
    // the Bayes rate is 0.95; a few points near the boundary may go either way
    assertThat(accuracy).isGreaterThan(0.9);
  }

  @Test
  void isDeterministicForASeed() {
    float[][] train = SyntheticEmbeddings.clusters(3, 40, 5, 2.0, 5);
    int[] y = SyntheticEmbeddings.clusterLabels(3, 40);
    double[][] a = LogisticProbe.fit(train, y, 3, 9).probabilities(train);
    double[][] b = LogisticProbe.fit(train, y, 3, 9).probabilities(train);
    assertThat(a).isDeepEqualTo(b);
  }
}
