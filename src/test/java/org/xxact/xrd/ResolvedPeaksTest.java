package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedPeaksTest {
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
    assertThat(ResolvedPeaks.count(y)).isEqualTo(3);
    assertThat(ResolvedPeaks.count(y, 0.035, 3)).isEqualTo(4);
    assertThat(ResolvedPeaks.count(y, 0.5, 3)).isEqualTo(1);
  }

  @Test
  void findLocatesEachPeakToASmallFractionOfAGridStepWithinASlice() {
    double[] centres = {100.3, 400.5, 900.82};
    double[] heights = {1.0, 0.3, 0.06};
    float[] y = gaussians(centres, heights);
    float[] padded = new float[y.length + 10];
    System.arraycopy(y, 0, padded, 7, y.length);
    padded[3] = 50f;
    List<ResolvedPeaks.Peak> peaks = ResolvedPeaks.find(padded, 7, y.length, 0.05, 3);
    assertThat(peaks).hasSize(3);
    for (int k = 0; k < centres.length; k++) {
      assertThat(peaks.get(k).gridIndex()).as("peak %d", k).isCloseTo(centres[k], within(0.05));
      assertThat((double) peaks.get(k).height()).as("peak %d", k).isCloseTo(heights[k], within(0.1 * heights[k]));
    }
  }

  @Test
  void reflectionsCloserThanTheWindowCountOnceAndAFlatTopOnce() {
    float[] merged = gaussians(new double[] {500, 502}, new double[] {1.0, 0.9});
    assertThat(ResolvedPeaks.count(merged)).isEqualTo(1);
    float[] resolved = gaussians(new double[] {500, 520}, new double[] {1.0, 0.9});
    assertThat(ResolvedPeaks.count(resolved)).isEqualTo(2);
    float[] flat = new float[50];
    flat[20] = 1;
    flat[21] = 1;
    flat[22] = 1;
    assertThat(ResolvedPeaks.count(flat)).isEqualTo(1);
  }

  @Test
  void anEmptyPatternHasNoPeaksAndBadSettingsAreRejected() {
    assertThat(ResolvedPeaks.count(new float[100])).isZero();
    assertThatThrownBy(() -> ResolvedPeaks.count(new float[10], 0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResolvedPeaks.count(new float[10], 0.05, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
