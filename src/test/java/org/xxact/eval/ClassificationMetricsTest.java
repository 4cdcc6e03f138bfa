package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  /** Hand-computed values are exact fractions; only the last bits of a double differ. */
  private static final double EXACT = 1e-12;

  @Test
  void macroF1LeavesOutAClassThatIsNeitherLabelNorPrediction() {
    // class 3 never occurs; class 2 is a label that is never predicted
    int[] actual = {0, 0, 1, 1, 1, 2};
    int[] predicted = {0, 1, 1, 1, 0, 0};
    ConfusionMatrix cm = ConfusionMatrix.of(predicted, actual, 4, null);
    assertThat(cm.counts()).isDeepEqualTo(new int[][] {{1, 1, 0, 0}, {1, 2, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}});
    // F1 = 2TP / (2TP + FP + FN): class 0: 2 / (2 + 2 + 1); class 1: 4 / (4 + 1 + 1); class 2: 0 / 1; class 3: 0/0
    assertThat(cm.f1(0)).isCloseTo(0.4, within(EXACT));
    assertThat(cm.f1(1)).isCloseTo(2.0 / 3.0, within(EXACT));
    assertThat(cm.f1(2)).isZero();
    assertThat(cm.f1(3)).isNaN();
    ClassificationMetrics m = ClassificationMetrics.of(cm);
    assertThat(m.accuracy()).isCloseTo(0.5, within(EXACT));
    assertThat(m.macroF1()).isCloseTo((0.4 + 2.0 / 3.0 + 0.0) / 3.0, within(EXACT));
    assertThat(m.n()).isEqualTo(6);
    assertThat(m.rocAuc()).isNull();
  }

  @Test
  void aClassPredictedButNeverTheLabelCountsAsZero() {
    ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 0}, 2, null);
    // class 0: 2 / (2 + 0 + 1); class 1: 0 / (0 + 1 + 0)
    assertThat(m.macroF1()).isCloseTo((2.0 / 3.0) / 2.0, within(EXACT));
  }

  @Test
  void rowNormalisedRowsAreRecallFractions() {
    ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 1}, 3, null);
    assertThat(cm.rowNormalised()).isDeepEqualTo(new double[][] {{0.5, 0.5, 0}, {0, 1, 0}, {0, 0, 0}});
  }

  @Test
  void maskedSamplesAreNotCounted() {
    ConfusionMatrix cm =
        ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, -1, 1}, 2, new boolean[] {true, false, true});
    assertThat(cm.total()).isEqualTo(2);
    assertThat(cm.accuracy()).isEqualTo(1.0);
  }

  @Test
  void rocAucCountsTiesAsOneHalf() {
    // positive scores 0.35, 0.8, 0.4; negative 0.1, 0.4. Pairs won: 0.35: 1 + 0; 0.8: 1 + 1; 0.4: 1 + 1/2 -> 4.5 of 6
    double[] score = {0.1, 0.4, 0.35, 0.8, 0.4};
    int[] actual = {0, 0, 1, 1, 1};
    assertThat(ClassificationMetrics.rocAuc(score, actual, null)).isCloseTo(0.75, within(EXACT));
    assertThat(ClassificationMetrics.rocAuc(new double[] {1, 1, 1, 1}, new int[] {0, 1, 0, 1}, null)).isEqualTo(0.5);
    assertThat(ClassificationMetrics.rocAuc(new double[] {1, 2, 3}, new int[] {0, 0, 1}, null)).isEqualTo(1.0);
    assertThat(ClassificationMetrics.rocAuc(new double[] {3, 2, 1}, new int[] {0, 0, 1}, null)).isEqualTo(0.0);
    assertThat(ClassificationMetrics.rocAuc(new double[] {1, 2}, new int[] {1, 1}, null)).isNaN();
  }

  @Test
  void rocAucIsTheSameForLogitsAndProbabilities() {
    double[][] logits = {{0.0, -1.0}, {0.5, 0.75}, {2.0, 1.0}, {-1.0, 1.5}, {0.0, 1.0}};
    double[][] probabilities = new double[logits.length][2];
    for (int i = 0; i < logits.length; i++) {
      double e0 = Math.exp(logits[i][0]);
      double e1 = Math.exp(logits[i][1]);
      probabilities[i] = new double[] {e0 / (e0 + e1), e1 / (e0 + e1)};
    }
    int[] actual = {0, 1, 0, 1, 0};
    ClassificationMetrics fromLogits = ClassificationMetrics.ofScores(logits, actual, null);
    ClassificationMetrics fromProbabilities = ClassificationMetrics.ofScores(probabilities, actual, null);
    // margins -1, 0.25, -1, 2.5, 1: positives 0.25 and 2.5 against negatives -1, -1, 1 win 2 and 3 of 6 pairs
    assertThat(fromLogits.rocAuc()).isCloseTo(5.0 / 6.0, within(EXACT));
    assertThat(fromProbabilities.rocAuc()).isCloseTo(fromLogits.rocAuc(), within(EXACT));
    assertThat(fromLogits.accuracy()).isCloseTo(0.8, within(EXACT));
  }

  @Test
  void topKAccuracy() {
    double[][] scores = {{0.1, 0.5, 0.4}, {0.7, 0.2, 0.1}, {0.3, 0.3, 0.4}, {0.2, 0.3, 0.5}};
    int[] actual = {2, 0, 0, 0};
    // true class rank: 2nd, 1st, tied 2nd, 3rd
    assertThat(ClassificationMetrics.topKAccuracy(scores, actual, null, 1)).isCloseTo(0.25, within(EXACT));
    assertThat(ClassificationMetrics.topKAccuracy(scores, actual, null, 2)).isCloseTo(0.75, within(EXACT));
    assertThat(ClassificationMetrics.topKAccuracy(scores, actual, null, 3)).isEqualTo(1.0);
    assertThat(ClassificationMetrics.argmax(scores)).containsExactly(1, 0, 2, 2);
  }

  @Test
  void rejectsLabelsOutsideTheClassRange() {
    assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0}, new int[] {3}, 3, null))
        .hasMessageContaining("label 0 is class 3, outside 0..2");
    assertThatThrownBy(() -> ClassificationMetrics.rocAuc(new double[] {0}, new int[] {2}, null))
        .hasMessageContaining("not 0 or 1");
  }
}
