package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.xrd.PatternRenderer.PatternNormalisation;
import org.xxact.xrd.PatternRenderer.PeakNormalisation;

class PatternRendererTest {
  static final PatternGrid FINE = new PatternGrid(20, 80, 60001);

  static int argMaxIn(double[] y, PatternGrid grid, double fromDeg, double toDeg) {
    int best = -1;
    for (int i = 0; i < y.length; i++) {
      double x = grid.twoThetaDeg(i);
      if (x >= fromDeg && x <= toDeg && (best < 0 || y[i] > y[best])) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void gridIncludesBothEnds() {
    PatternGrid g = new PatternGrid(5, 90, 4096);
    double[] x = g.twoThetasDeg();
    assertThat(x[0]).isEqualTo(5.0);
    assertThat(x[4095]).isEqualTo(90.0);
    assertThat(g.twoThetaDeg(4095)).isEqualTo(90.0);
    assertThat(x[1] - x[0]).isCloseTo(85.0 / 4095, within(1e-12));
  }

  @Test
  void unitHeightPeakHasHalfMaximumAtHalfWidth() {
    for (PeakShape shape : PeakShape.values()) {
      PatternRenderer r =
          new PatternRenderer(FINE, shape, 0.5, PeakNormalisation.UNIT_HEIGHT, PatternNormalisation.NONE);
      double[] y = new double[FINE.points()];
      r.render(new double[] {50.0}, new double[] {3.0}, 1, 0.2, y);
      // 50.0 and 50.1 are grid points (step 0.001).
      assertThat(y[30000]).as(shape.label()).isCloseTo(3.0, within(1e-12));
      assertThat(y[30100]).as(shape.label()).isCloseTo(1.5, within(1e-9));
      assertThat(y[29900]).as(shape.label()).isCloseTo(1.5, within(1e-9));
    }
  }

  @Test
  void unitAreaPeakIntegratesToItsIntensity() {
    for (PeakShape shape : List.of(PeakShape.GAUSSIAN, PeakShape.PSEUDO_VOIGT)) {
      PatternRenderer r = new PatternRenderer(FINE, shape, 0.2, PeakNormalisation.UNIT_AREA, PatternNormalisation.NONE);
      double[] y = new double[FINE.points()];
      r.render(new double[] {50.0}, new double[] {2.0}, 1, 0.3, y);
      double area = 0;
      for (double v : y) {
        area += v * FINE.stepDeg();
      }
      // The pseudo-Voigt's Lorentzian part (weight 0.2) keeps (2 / pi) atan(2 c) of its area within its window of
      // c = 0.5 sqrt(0.2 / 1e-4 - 1) FWHM.
      double c = 0.5 * Math.sqrt(0.2 / PatternRenderer.LORENTZIAN_TAIL_FRACTION - 1);
      double lost = shape == PeakShape.GAUSSIAN ? 0 : 0.2 * (1 - 2 / Math.PI * Math.atan(2 * c));
      assertThat(area).as(shape.label()).isCloseTo(2.0 * (1 - lost), within(1e-6));
    }
  }

  @Test
  void normalisationsMatchWholeGridEvaluation() {
    double[] tt = {30, 45, 60};
    double[] in = {100, 50, 25};
    PatternGrid grid = new PatternGrid(20, 80, 3001);
    for (PatternNormalisation norm : PatternNormalisation.values()) {
      double[] expected = new double[grid.points()];
      for (int i = 0; i < grid.points(); i++) {
        for (int p = 0; p < 3; p++) {
          expected[i] += in[p] * PeakShape.LORENTZIAN.value(grid.twoThetaDeg(i) - tt[p], 0.1, 1);
        }
      }
      double scale = switch (norm) {
        case MAX -> java.util.Arrays.stream(expected).max().orElseThrow();
        case SUM -> java.util.Arrays.stream(expected).sum();
        case NONE -> 1;
      };
      double[] y = new double[grid.points()];
      new PatternRenderer(grid, PeakShape.LORENTZIAN, 1, PeakNormalisation.UNIT_HEIGHT, norm).render(tt, in, 3, 0.1, y);
      // Each peak loses at most LORENTZIAN_TAIL_FRACTION of its height at any point.
      double bound = PatternRenderer.LORENTZIAN_TAIL_FRACTION * (100 + 50 + 25) / scale;
      for (int i = 0; i < grid.points(); i++) {
        assertThat(y[i]).as(norm + " at " + i).isCloseTo(expected[i] / scale, within(bound));
      }
    }
  }

  @Test
  void floatAndDoubleBuffersAgree() {
    double[] tt = {21.3, 33.7, 33.8, 79.9};
    double[] in = {10, 100, 40, 5};
    double[] fwhm = {0.05, 0.1, 0.12, 0.3};
    double[] eta = {0.1, 0.5, 0.9, 0.3};
    PatternGrid grid = PatternGrid.MODEL;
    PatternRenderer r = new PatternRenderer(grid, PeakShape.PSEUDO_VOIGT);
    double[] yd = new double[grid.points()];
    float[] yf = new float[grid.points()];
    r.render(tt, in, 4, fwhm, eta, yd);
    r.render(tt, in, 4, fwhm, eta, yf);
    for (int i = 0; i < grid.points(); i++) {
      assertThat((double) yf[i]).isCloseTo(yd[i], within(1e-7));
    }
  }

  @Test
  void peaksBeyondTheGridContributeOnlyTheirTails() {
    PatternGrid grid = new PatternGrid(10, 20, 1001);
    double[] y = new double[grid.points()];
    new PatternRenderer(grid, PeakShape.LORENTZIAN, 1, PeakNormalisation.UNIT_HEIGHT, PatternNormalisation.NONE)
        .render(new double[] {9.0, 1e6}, new double[] {1, 1}, 2, 1.0, y);
    // L(1 degree) for F = 1: 1 / (1 + 4) = 0.2 at the first point; the far peak adds nothing.
    assertThat(y[0]).isCloseTo(0.2, within(1e-12));
    new PatternRenderer(grid, PeakShape.GAUSSIAN).render(new double[0], new double[0], 0, 0.1, y);
    assertThat(y).containsOnly(0.0);
  }

  @Test
  void doubletPutsTheKAlpha2LineWhereBraggsLawSays() {
    // A single line at 2theta = 70 for Cu K-alpha (weighted 1.54184 A) has d = 1.54184 / (2 sin 35 deg) = 1.34405 A.
    DiffractionPattern p =
        new DiffractionPattern(1.54184, 20, 80, List.of(new DiffractionPeak(70.0, 100, 1.34405, List.of())));
    PatternRenderer r = new PatternRenderer(FINE, PeakShape.GAUSSIAN);
    double[] y = r.render(p, Broadening.constant(0.02), Radiation.CU_KA);
    double d = 1.54184 / (2 * Math.sin(Math.toRadians(35)));
    double ka1 = Math.toDegrees(2 * Math.asin(1.54056 / (2 * d)));
    double ka2 = Math.toDegrees(2 * Math.asin(1.54439 / (2 * d)));
    // Differentiating Bragg's law: delta(2theta) = 2 tan(theta) delta(lambda) / lambda = 0.1993 degrees.
    assertThat(ka2 - ka1).isCloseTo(0.1993, within(1e-4));
    int i1 = argMaxIn(y, FINE, ka1 - 0.05, ka1 + 0.05);
    int i2 = argMaxIn(y, FINE, ka2 - 0.05, ka2 + 0.05);
    assertThat(FINE.twoThetaDeg(i1)).isCloseTo(ka1, within(FINE.stepDeg()));
    assertThat(FINE.twoThetaDeg(i2)).isCloseTo(ka2, within(FINE.stepDeg()));
    assertThat(y[i1]).isCloseTo(1.0, within(1e-3));
    assertThat(y[i2] / y[i1]).isCloseTo(0.5, within(2e-3));
  }

  @Test
  void scherrerAndCagliotiWidthsFollowTheirFormulas() {
    // Scherrer: 0.9 * 1.54184 / (100 A * cos 15 deg) rad = 0.82313 degrees at 2theta = 30.
    double expected = Math.toDegrees(0.9 * 1.54184 / (100 * Math.cos(Math.toRadians(15))));
    assertThat(Broadening.constant(0).withCrystalliteSize(100).fwhmDeg(30, 1.54184)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.8231, within(1e-4));
    // Caglioti at 2theta = 90: tan 45 = 1, so FWHM = sqrt(U + V + W).
    assertThat(Broadening.caglioti(0.04, -0.02, 0.01).fwhmDeg(90, 1.54184)).isCloseTo(0.1732051, within(1e-7));
    // Quadrature sum.
    assertThat(Broadening.constant(0.3).withCrystalliteSize(100).fwhmDeg(30, 1.54184))
        .isCloseTo(Math.hypot(0.3, expected), within(1e-12));
    assertThatThrownBy(() -> Broadening.caglioti(0, -1, 0).fwhmDeg(40, 1.54)).hasMessageContaining("not positive");
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new PatternGrid(10, 10, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PatternGrid(10, 20, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PatternRenderer(FINE, PeakShape.PSEUDO_VOIGT, 1.5, PeakNormalisation.UNIT_HEIGHT,
        PatternNormalisation.MAX)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeakShape.parse("triangle")).hasMessageContaining("gaussian");
    assertThat(PeakShape.parse("Pseudo-Voigt")).isEqualTo(PeakShape.PSEUDO_VOIGT);
    assertThatThrownBy(() -> KAlphaDoublet.split(new double[1], new double[1], 1, 1.0, Radiation.ofWavelength(1.0),
        new double[2], new double[2])).hasMessageContaining("no K-alpha doublet");
  }
}
