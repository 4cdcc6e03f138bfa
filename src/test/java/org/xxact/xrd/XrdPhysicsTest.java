package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.Structure;

/** Textbook facts that a powder pattern must reproduce, each checkable by hand. */
class XrdPhysicsTest {
  /** Positions computed by hand to this many degrees. */
  static final double HAND_TOL_DEG = 1e-9;

  static Structure nacl() {
    List<Site> sites = new ArrayList<>();
    double[][] fcc = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
    for (double[] t : fcc) {
      sites.add(Site.of(Species.of("Na"), t[0], t[1], t[2]));
      sites.add(Site.of(Species.of("Cl"), t[0] + 0.5, t[1], t[2]));
    }
    return new Structure(Lattice.fromParameters(5.6402, 5.6402, 5.6402, 90, 90, 90), sites);
  }

  static Structure copperFcc() {
    List<Site> sites = new ArrayList<>();
    for (double[] t : new double[][] {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}}) {
      sites.add(Site.of(Species.of("Cu"), t[0], t[1], t[2]));
    }
    return new Structure(Lattice.fromParameters(3.615, 3.615, 3.615, 90, 90, 90), sites);
  }

  static Structure ironBcc() {
    return new Structure(
        Lattice.fromParameters(2.8665, 2.8665, 2.8665, 90, 90, 90),
        List.of(Site.of(Species.of("Fe"), 0, 0, 0), Site.of(Species.of("Fe"), 0.5, 0.5, 0.5)));
  }

  /** A made-up triclinic cell without an inversion centre. */
  static Structure triclinic(double sign) {
    double[][] xyz = {{0.11, 0.23, 0.37}, {0.41, 0.52, 0.87}, {0.71, 0.83, 0.29}, {0.05, 0.61, 0.77}};
    String[] el = {"K", "Al", "Si", "O"};
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < xyz.length; i++) {
      sites.add(Site.of(Species.of(el[i]), sign * xyz[i][0], sign * xyz[i][1], sign * xyz[i][2]));
    }
    return new Structure(Lattice.fromParameters(5.13, 6.27, 7.21, 78.3, 95.1, 104.6), sites);
  }

  static XrdCalculator cuKa5to90() {
    return XrdCalculator.builder().twoThetaRangeDeg(5, 90).build();
  }

  @Test
  void naclStrongestPeakIs200At31_73Degrees() {
    DiffractionPattern p = cuKa5to90().calculate(nacl());
    DiffractionPeak strongest =
        p.peaks().stream().max(java.util.Comparator.comparingDouble(DiffractionPeak::intensity)).orElseThrow();
    // d(200) = a / 2 = 2.8201 A; 2theta = 2 asin(1.54184 / (2 * 2.8201)) = 31.7267 degrees.
    assertThat(strongest.twoThetaDeg()).isCloseTo(31.73, within(0.005));
    assertThat(strongest.dSpacingAngstrom()).isCloseTo(5.6402 / 2, within(1e-12));
    assertThat(strongest.families()).containsExactly(new HklFamily(new int[] {2, 0, 0}, 6));
  }

  @Test
  void fccShowsOnlyUnmixedIndices() {
    // Face-centred: F = 0 unless h, k, l are all even or all odd: 111, 200, 220, 311, 222 (Cu to 90 degrees).
    DiffractionPattern p = cuKa5to90().calculate(copperFcc());
    List<String> labels = new ArrayList<>();
    for (DiffractionPeak peak : p.peaks()) {
      for (HklFamily f : peak.families()) {
        int[] hkl = f.hkl();
        boolean allEven = (hkl[0] % 2 == 0) && (hkl[1] % 2 == 0) && (hkl[2] % 2 == 0);
        boolean allOdd = (hkl[0] % 2 != 0) && (hkl[1] % 2 != 0) && (hkl[2] % 2 != 0);
        assertThat(allEven || allOdd).as("reflection %s of fcc", f).isTrue();
        labels.add(f.toString());
      }
    }
    assertThat(labels).containsExactly("(1 1 1)x8", "(2 0 0)x6", "(2 2 0)x12");
  }

  @Test
  void bccShowsOnlyEvenIndexSums() {
    // Body-centred: F = 0 unless h + k + l is even: 110, 200, 211, 220, 310, 222 ... (alpha-Fe).
    DiffractionPattern p = XrdCalculator.builder().twoThetaRangeDeg(5, 150).build().calculate(ironBcc());
    List<String> labels = new ArrayList<>();
    for (DiffractionPeak peak : p.peaks()) {
      for (HklFamily f : peak.families()) {
        int[] hkl = f.hkl();
        assertThat((hkl[0] + hkl[1] + hkl[2]) % 2).as("reflection %s of bcc", f).isZero();
        labels.add(f.toString());
      }
    }
    assertThat(labels).startsWith("(1 1 0)x12", "(2 0 0)x6", "(2 1 1)x24", "(2 2 0)x12", "(3 1 0)x24");
  }

  @Test
  void friedelPairsGiveTheSamePatternForAStructureAndItsInverse() {
    // |F(hkl)| = |F(-h-k-l)| for real form factors, so a crystal and its mirror image diffract alike, and every
    // reflection of a triclinic cell comes with its Friedel mate in the same peak.
    XrdCalculator calc = cuKa5to90();
    DiffractionPattern p = calc.calculate(triclinic(1));
    DiffractionPattern inverted = calc.calculate(triclinic(-1));
    assertThat(p.size()).isGreaterThan(50).isEqualTo(inverted.size());
    for (int i = 0; i < p.size(); i++) {
      assertThat(inverted.peaks().get(i).twoThetaDeg()).isCloseTo(p.peaks().get(i).twoThetaDeg(), within(1e-9));
      assertThat(inverted.peaks().get(i).intensity()).isCloseTo(p.peaks().get(i).intensity(), within(1e-9));
      for (HklFamily f : p.peaks().get(i).families()) {
        assertThat(f.multiplicity() % 2).isZero();
      }
    }
  }

  @Test
  void peaksObeyBraggsLawAtAnyWavelength() {
    // Simple cubic a = 3 A at lambda = 1 A: the (100) line at 2 asin(1/6) = 19.1881 degrees, and every peak obeys
    // lambda = 2 d sin(theta).
    Structure po = new Structure(
        Lattice.fromParameters(3, 3, 3, 90, 90, 90), List.of(Site.of(Species.of("Po"), 0, 0, 0)));
    XrdCalculator calc =
        XrdCalculator.builder().radiation(Radiation.ofWavelength(1.0)).twoThetaRangeDeg(5, 150).build();
    DiffractionPattern p = calc.calculate(po);
    assertThat(p.peaks().get(0).twoThetaDeg()).isCloseTo(Math.toDegrees(2 * Math.asin(1.0 / 6)), within(HAND_TOL_DEG));
    assertThat(p.peaks().get(0).families()).containsExactly(new HklFamily(new int[] {1, 0, 0}, 6));
    for (DiffractionPeak peak : p.peaks()) {
      double theta = Math.toRadians(peak.twoThetaDeg() / 2);
      assertThat(2 * peak.dSpacingAngstrom() * Math.sin(theta)).isCloseTo(1.0, within(1e-12));
    }
    assertThat(p.peaks().get(p.size() - 1).twoThetaDeg()).isLessThanOrEqualTo(150);
  }

  @Test
  void fullSphereReachesTheLimitingSphereAndNoFurther() {
    // (600) of a = 3 A lies exactly on the limiting sphere |g| = 2 / lambda for lambda = 1 A: 2theta = 180 degrees,
    // where the Lorentz factor diverges, so it dominates the scaled pattern (as in pymatgen).
    Structure po = new Structure(
        Lattice.fromParameters(3, 3, 3, 90, 90, 90), List.of(Site.of(Species.of("Po"), 0, 0, 0)));
    DiffractionPattern p =
        XrdCalculator.builder().radiation(Radiation.ofWavelength(1.0)).fullSphere().build().calculate(po);
    DiffractionPeak last = p.peaks().get(p.size() - 1);
    assertThat(last.twoThetaDeg()).isCloseTo(180, within(1e-5));
    assertThat(last.dSpacingAngstrom()).isCloseTo(0.5, within(1e-12));
    assertThat(last.intensity()).isCloseTo(100.0, within(1e-9));
    for (DiffractionPeak peak : p.peaks()) {
      assertThat(peak.twoThetaDeg()).isNotNaN();
      assertThat(peak.dSpacingAngstrom()).isGreaterThanOrEqualTo(0.5 - 1e-12);
    }
  }

  @Test
  void hexagonalCellsGetFourIndexLabels() {
    Structure mg =
        new Structure(
            Lattice.fromParameters(3.209, 3.209, 5.211, 90, 90, 120),
            List.of(
                Site.of(Species.of("Mg"), 1 / 3.0, 2 / 3.0, 0.25), Site.of(Species.of("Mg"), 2 / 3.0, 1 / 3.0, 0.75)));
    DiffractionPattern p = cuKa5to90().calculate(mg);
    for (DiffractionPeak peak : p.peaks()) {
      for (HklFamily f : peak.families()) {
        int[] hkil = f.hkl();
        assertThat(hkil).hasSize(4);
        assertThat(hkil[0] + hkil[1] + hkil[2]).isZero();
      }
    }
    assertThat(p.peaks().get(0).families().get(0).toString()).isEqualTo("(1 0 -1 0)x6");
  }

  @Test
  void debyeWallerFactorsDampHighAnglePeaks() {
    // exp(-2 B s^2) on the intensity: with equal B on every atom only the ratio between peaks changes.
    Structure s = nacl();
    DiffractionPattern cold = cuKa5to90().calculate(s);
    XrdCalculator.Builder b = XrdCalculator.builder().twoThetaRangeDeg(5, 90);
    b.debyeWaller(org.xxact.crystal.Elements.of("Na"), 1.0).debyeWaller(org.xxact.crystal.Elements.of("Cl"), 1.0);
    DiffractionPattern hot = b.build().calculate(s);
    // Strongest peak (200) stays 100; ratio of peak i to (200) scales by exp(-2 B (s_i^2 - s_200^2)).
    double s200 = 1 / (2 * (5.6402 / 2));
    for (int i = 0; i < cold.size(); i++) {
      double si = 1 / (2 * cold.peaks().get(i).dSpacingAngstrom());
      double expected = cold.peaks().get(i).intensity() * Math.exp(-2 * 1.0 * (si * si - s200 * s200));
      assertThat(hot.peaks().get(i).intensity()).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void emptyRangeGivesEmptyPattern() {
    DiffractionPattern p = XrdCalculator.builder().twoThetaRangeDeg(1, 2).build().calculate(nacl());
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.twoThetaMinDeg()).isEqualTo(1);
    assertThat(p.twoThetaMaxDeg()).isEqualTo(2);
  }

  @Test
  void elementsWithoutScatteringCoefficientsAreRefused() {
    Structure es = new Structure(
        Lattice.fromParameters(4, 4, 4, 90, 90, 90), List.of(Site.of(Species.of("Es"), 0, 0, 0)));
    assertThatThrownBy(() -> cuKa5to90().calculate(es))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no X-ray scattering coefficients for Es");
    assertThatThrownBy(() -> XrdCalculator.builder().twoThetaRangeDeg(50, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formFactorStartsAtTheElectronCount() {
    // f(0) = Z; at s = 0.5 / A, f(Cu) from the Doyle-Turner fit: 29 - 41.78214 * 0.25 * sum a_i exp(-b_i / 4).
    org.xxact.crystal.Element cu = org.xxact.crystal.Elements.of("Cu");
    assertThat(AtomicScatteringFactors.formFactor(cu, 0)).isEqualTo(29.0);
    double[] c = AtomicScatteringFactors.coefficients(cu);
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += c[2 * i] * Math.exp(-c[2 * i + 1] * 0.25);
    }
    assertThat(AtomicScatteringFactors.formFactor(cu, 0.25)).isCloseTo(29 - 41.78214 * 0.25 * sum, within(1e-12));
    assertThat(AtomicScatteringFactors.formFactor(cu, 0.25)).isBetween(10.0, 20.0);
  }
}
