package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PatternRendererTailCutoffTest {
  private static final PatternGrid GRID = PatternGrid.MODEL;
  private static final double FWHM = 0.2;
  private static final double[] TWO_THETA = {30, 40, 50, 60};
  private static final double[] HEIGHT = {100, 0.5, 0.5, 0.5};

  private static double[] render(PatternRenderer.TailCutoff cutoff, int count) {
    PatternRenderer r = new PatternRenderer(GRID, PeakShape.LORENTZIAN, 1, PatternRenderer.PeakNormalisation.UNIT_HEIGHT,
        PatternRenderer.PatternNormalisation.MAX, cutoff);
    double[] out = new double[GRID.points()];
    r.render(TWO_THETA, HEIGHT, count, FWHM, out);
    return out;
  }

  /** Every peak over the whole grid, no window: the reference convention. */
  private static double[] wholeGrid() {
    double[] y = new double[GRID.points()];
    double max = 0;
    for (int i = 0; i < y.length; i++) {
      for (int p = 0; p < TWO_THETA.length; p++) {
        y[i] += HEIGHT[p] * PeakShape.LORENTZIAN.value(GRID.twoThetaDeg(i) - TWO_THETA[p], FWHM, 1);
      }
      max = Math.max(max, y[i]);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] /= max;
    }
    return y;
  }

  @Test
  void theStrongestPeakIsDrawnAsBeforeAndWeakTailsAreCutSooner() {
    assertThat(render(PatternRenderer.TailCutoff.STRONGEST_PEAK, 1))
        .containsExactly(render(PatternRenderer.TailCutoff.OWN_HEIGHT, 1));
    double[] own = render(PatternRenderer.TailCutoff.OWN_HEIGHT, 4);
    double[] strongest = render(PatternRenderer.TailCutoff.STRONGEST_PEAK, 4);
    // 42 degrees: 2 degrees (10 FWHM) from a peak at 1/200 of the strongest, 12 degrees from the strongest. Its own
    // cut-off reaches 50 FWHM; the strongest-peak cut-off only 0.5 sqrt(0.005 / 1e-4 - 1) = 3.5 FWHM.
    int i = (int) Math.round((42 - GRID.twoThetaMinDeg()) / GRID.stepDeg());
    assertThat(own[i]).isGreaterThan(1e-5);
    assertThat(strongest[i]).isZero();
  }

  @Test
  void bothCutOffsStayWithinTheirToleranceOfTheWholeGridReference() {
    double[] ref = wholeGrid();
    double[] own = render(PatternRenderer.TailCutoff.OWN_HEIGHT, 4);
    double[] strongest = render(PatternRenderer.TailCutoff.STRONGEST_PEAK, 4);
    for (int i = 0; i < ref.length; i++) {
      // Four cut tails, each at most LORENTZIAN_TAIL_FRACTION of the maximum where it is cut.
      assertThat(own[i]).isCloseTo(ref[i], within(4 * PatternRenderer.LORENTZIAN_TAIL_FRACTION));
      assertThat(strongest[i]).isCloseTo(ref[i], within(4 * PatternRenderer.LORENTZIAN_TAIL_FRACTION));
    }
  }
}
