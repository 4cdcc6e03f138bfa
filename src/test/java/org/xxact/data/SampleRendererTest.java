package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class SampleRendererTest {
  /** The background's range comes from the ends and the critical points; a dense scan must agree. */
  @Property(tries = 200)
  void cubicRangeMatchesADenseScan(
      @ForAll @DoubleRange(min = -1, max = 1) double c1,
      @ForAll @DoubleRange(min = -1, max = 1) double c2,
      @ForAll @DoubleRange(min = -1, max = 1) double c3) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int n = 20_001;
    for (int i = 0; i < n; i++) {
      double x = 2.0 * i / (n - 1) - 1;
      double v = ((c3 * x + c2) * x + c1) * x;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double[] range = SampleRenderer.cubicRange(c1, c2, c3);
    // The scan misses an interior extremum by at most |p''| (1e-4)^2 / 8 < 1e-8.
    assertThat(range[0]).isCloseTo(lo, within(1e-8)).isLessThanOrEqualTo(lo + 1e-15);
    assertThat(range[1]).isCloseTo(hi, within(1e-8)).isGreaterThanOrEqualTo(hi - 1e-15);
  }
}
