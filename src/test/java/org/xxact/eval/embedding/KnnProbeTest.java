package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xxact.eval.embedding.KnnProbe.Distance;

class KnnProbeTest {
  private static final float[][] LINE = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {10, 0}};

  @Test
  void neighboursAreNearestFirstWithTiesToTheLowerIndex() {
    KnnProbe knn = KnnProbe.of(LINE, Distance.EUCLIDEAN);
    // 1.5 is equally far from 1 and 2: the lower index comes first
    assertThat(knn.neighbours(new float[][] {{1.5f, 0}}, 3)[0]).containsExactly(1, 2, 0);
    assertThat(knn.neighbours(new float[][] {{9, 0}}, 2)[0]).containsExactly(4, 3);
  }

  @Test
  void regressionIsTheMeanOfTheNeighbours() {
    KnnProbe knn = KnnProbe.of(LINE, Distance.EUCLIDEAN);
    double[] values = {1, 2, 3, 4, 100};
    assertThat(knn.regress(new float[][] {{0.2f, 0}, {2.9f, 0}}, values, 2)).containsExactly(1.5, 3.5);
  }

  @Test
  void classificationIsAMajorityVoteWithTiesToTheNearestClass() {
    KnnProbe knn = KnnProbe.of(LINE, Distance.EUCLIDEAN);
    int[] labels = {0, 0, 1, 1, 1};
    assertThat(knn.classify(new float[][] {{0.4f, 0}}, labels, 2, 3)).containsExactly(0);
    // neighbours of 2.4: index 2 (class 1), 3 (class 1), 1 (class 0)
    assertThat(knn.classify(new float[][] {{2.4f, 0}}, labels, 2, 3)).containsExactly(1);
    // two votes each; the nearest neighbour (index 1, class 0) decides
    assertThat(knn.classify(new float[][] {{1.4f, 0}}, labels, 2, 4)).containsExactly(0);
  }

  @Test
  void cosineIgnoresLengthEuclideanDoesNot() {
    float[][] train = {{1, 0}, {0, 1}, {10, 10}};
    float[][] query = {{5, 0.1f}};
    assertThat(KnnProbe.of(train, Distance.COSINE).neighbours(query, 1)[0]).containsExactly(0);
    assertThat(KnnProbe.of(train, Distance.EUCLIDEAN).neighbours(query, 1)[0]).containsExactly(0);
    float[][] far = {{9, 9.5f}};
    assertThat(KnnProbe.of(new float[][] {{1, 1}, {9, 0}}, Distance.COSINE).neighbours(far, 1)[0]).containsExactly(0);
    assertThat(KnnProbe.of(new float[][] {{1, 1}, {9, 0}}, Distance.EUCLIDEAN).neighbours(far, 1)[0])
        .containsExactly(1);
  }

  @Test
  void separatesClustersOfSyntheticEmbeddings() {
    float[][] train = SyntheticEmbeddings.clusters(3, 40, 6, 5.0, 1);
    float[][] test = SyntheticEmbeddings.clusters(3, 20, 6, 5.0, 2);
    int[] predicted = KnnProbe.of(train, Distance.COSINE).classify(test, SyntheticEmbeddings.clusterLabels(3, 40), 3, 5);
    assertThat(predicted).containsExactly(SyntheticEmbeddings.clusterLabels(3, 20));
  }

  @Test
  void rejectsAKLargerThanTheTrainingSet() {
    assertThatThrownBy(() -> KnnProbe.of(LINE, Distance.EUCLIDEAN).neighbours(LINE, 6))
        .hasMessageContaining("k = 6 with 5 training samples");
  }
}
