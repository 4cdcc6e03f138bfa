package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final double EXACT = 1e-12;

  @Test
  void warmsUpLinearlyThenFollowsTheCosineToTheFloor() {
    LearningRateSchedule s = new LearningRateSchedule(1e-3, 0.1, 10, 110);
    assertThat(s.rate(0)).isCloseTo(1e-4, within(EXACT));
    assertThat(s.rate(9)).isCloseTo(1e-3, within(EXACT));
    assertThat(s.rate(10)).isCloseTo(1e-3, within(EXACT));
    // Half-way through the decay the cosine is at the mid-point of peak and floor.
    assertThat(s.rate(60)).isCloseTo(0.5 * (1e-3 + 1e-4), within(EXACT));
    assertThat(s.rate(110)).isCloseTo(1e-4, within(EXACT));
    for (long step = 10; step < 110; step++) {
      assertThat(s.rate(step + 1)).isLessThanOrEqualTo(s.rate(step));
    }
  }
}
