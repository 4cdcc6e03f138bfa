package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
  /** Hand-computed values are exact fractions; only the last bits of a double differ. */
  private static final double EXACT = 1e-12;

  @Test
  void handComputedExample() {
    // errors 0, -1, 1, -2; labels' mean 3, total sum of squares 4 + 0 + 1 + 9 = 14, residual 6
    RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 6});
    assertThat(m.mae()).isCloseTo(1.0, within(EXACT));
    assertThat(m.rmse()).isCloseTo(Math.sqrt(1.5), within(EXACT));
    assertThat(m.r2()).isCloseTo(1 - 6.0 / 14.0, within(EXACT));
    assertThat(m.n()).isEqualTo(4);
  }

  @Test
  void predictedStandardDeviationsAreScoredForCalibration() {
    // errors 0, -1, 1, -2 against sd 0.5, 0.5, 1, 2: within 1 sd samples 1, 3, 4; within 2 sd all four
    double[] predicted = {1, 2, 3, 4};
    double[] actual = {1, 3, 2, 6};
    RegressionMetrics m = RegressionMetrics.of(predicted, actual, new boolean[] {true, true, true, true},
        new double[] {0.5, 0.5, 1, 2});
    assertThat(m.within1Sd()).isCloseTo(0.75, within(EXACT));
    assertThat(m.within2Sd()).isCloseTo(1.0, within(EXACT));
    assertThat(m.meanSd()).isCloseTo(1.0, within(EXACT));
    assertThat(m.mae()).isEqualTo(RegressionMetrics.of(predicted, actual).mae());
    // an unlabelled sample counts in neither
    RegressionMetrics masked = RegressionMetrics.of(predicted, actual, new boolean[] {true, false, true, true},
        new double[] {0.5, 0.5, 1, 2});
    assertThat(masked.within1Sd()).isCloseTo(1.0, within(EXACT));
    assertThat(masked.meanSd()).isCloseTo(3.5 / 3, within(EXACT));
    assertThat(RegressionMetrics.of(predicted, actual).within1Sd()).isNull();
    assertThat(RegressionMetrics.of(predicted, actual).values()).doesNotContainKey("within_1sd");
  }

  @Test
  void perfectPredictionHasR2OneAndConstantMeanPredictionR2Zero() {
    double[] y = {0.5, -1.0, 2.0, 3.5};
    RegressionMetrics perfect = RegressionMetrics.of(y.clone(), y);
    assertThat(perfect.mae()).isZero();
    assertThat(perfect.rmse()).isZero();
    assertThat(perfect.r2()).isEqualTo(1.0);
    double mean = (0.5 - 1.0 + 2.0 + 3.5) / 4;
    RegressionMetrics constant = RegressionMetrics.of(new double[] {mean, mean, mean, mean}, y);
    assertThat(constant.r2()).isCloseTo(0.0, within(EXACT));
    RegressionMetrics worse = RegressionMetrics.of(new double[] {10, 10, 10, 10}, y);
    assertThat(worse.r2()).isNegative();
  }

  @Test
  void r2OfConstantLabelsIsUndefined() {
    assertThat(RegressionMetrics.of(new double[] {1, 2}, new double[] {3, 3}).r2()).isNaN();
  }

  @Test
  void maskedSamplesAreIgnoredEvenWhenTheirLabelIsNaN() {
    RegressionMetrics m =
        RegressionMetrics.of(
            new double[] {1, 100, 3, 4}, new double[] {1, Double.NaN, 2, 6}, new boolean[] {true, false, true, true});
    // errors 0, 1, -2 over labels 1, 2, 6 (mean 3, total 4 + 1 + 9 = 14, residual 5)
    assertThat(m.n()).isEqualTo(3);
    assertThat(m.mae()).isCloseTo(1.0, within(EXACT));
    assertThat(m.rmse()).isCloseTo(Math.sqrt(5.0 / 3.0), within(EXACT));
    assertThat(m.r2()).isCloseTo(1 - 5.0 / 14.0, within(EXACT));
  }

  @Test
  void nanPredictionPropagatesInsteadOfVanishing() {
    RegressionMetrics m = RegressionMetrics.of(new double[] {Double.NaN, 1}, new double[] {0, 1});
    assertThat(m.mae()).isNaN();
    assertThat(m.r2()).isNaN();
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1}, new double[] {1, 2}))
        .hasMessageContaining("1 predictions for 2 labels");
    assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1}, new double[] {1}, new boolean[] {false}))
        .hasMessageContaining("no labelled sample");
    assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1}, new double[] {Double.NaN}))
        .hasMessageContaining("marked as known");
  }
}
