package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeakCountTest {
  /** A 2048-point pattern with Gaussian peaks of 1.5 points standard deviation at the given points and heights. */
  static float[] gaussians(double[] centres, double[] heights) {
    float[] y = new float[2048];
    for (int i = 0; i < y.length; i++) {
      for (int k = 0; k < centres.length; k++) {
        double u = (i - centres[k]) / 1.5;
        y[i] += (float) (heights[k] * Math.exp(-0.5 * u * u));
      }
    }
    return y;
  }

  @Test
  void countsSeparatePeaksAboveTheThresholdOnly() {
    float[] y = gaussians(new double[] {100, 400, 900, 1500}, new double[] {1.0, 0.3, 0.06, 0.04});
    assertThat(PeakCount.count(y)).isEqualTo(3);
    assertThat(PeakCount.count(y, 0.035, 3)).isEqualTo(4);
    assertThat(PeakCount.count(y, 0.5, 3)).isEqualTo(1);
  }

  @Test
  void reflectionsCloserThanTheWindowCountOnceAndAFlatTopOnce() {
    float[] merged = gaussians(new double[] {500, 502}, new double[] {1.0, 0.9});
    assertThat(PeakCount.count(merged)).isEqualTo(1);
    float[] resolved = gaussians(new double[] {500, 520}, new double[] {1.0, 0.9});
    assertThat(PeakCount.count(resolved)).isEqualTo(2);
    float[] flat = new float[50];
    flat[20] = 1;
    flat[21] = 1;
    flat[22] = 1;
    assertThat(PeakCount.count(flat)).isEqualTo(1);
  }

  @Test
  void anEmptyPatternHasNoPeaksAndBadSettingsAreRejected() {
    assertThat(PeakCount.count(new float[100])).isZero();
    assertThatThrownBy(() -> PeakCount.count(new float[10], 0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeakCount.count(new float[10], 0.05, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
