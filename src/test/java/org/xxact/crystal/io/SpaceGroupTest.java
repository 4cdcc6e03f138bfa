package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.CrystalSystem;

class SpaceGroupTest {
  @Test
  void generalMultiplicitiesAreThoseOfTheInternationalTables() {
    // Conventional cells, centring included (ITA Vol. A): P1 1, P-1 2, P2_1/c 4, C2/c 8, Pnma 8, I4_1/amd 32,
    // R-3m (hexagonal axes) 36, P6_3/mmc 24, Fm-3m 192, Ia-3d 96.
    int[][] expected = {{1, 1}, {2, 2}, {14, 4}, {15, 8}, {62, 8}, {141, 32}, {166, 36}, {194, 24}, {225, 192},
        {230, 96}};
    for (int[] e : expected) {
      assertThat(SpaceGroup.of(e[0]).generalMultiplicity()).as("group %d", e[0]).isEqualTo(e[1]);
    }
    assertThat(SpaceGroup.of(225).symbol()).isEqualTo("Fm-3m");
    assertThat(SpaceGroup.of(230).crystalSystem()).isEqualTo(CrystalSystem.CUBIC);
    assertThat(SpaceGroup.of(167).crystalSystem()).isEqualTo(CrystalSystem.TRIGONAL);
  }

  @Test
  void specialPositionsHaveTheirWyckoffMultiplicities() {
    assertThat(SpaceGroup.of(225).orbit(0, 0, 0)).hasSize(4); // Fm-3m 4a
    assertThat(SpaceGroup.of(225).orbit(0.25, 0.25, 0.25)).hasSize(8); // 8c
    assertThat(SpaceGroup.of(225).orbit(0.1, 0, 0)).hasSize(24); // 24e
    assertThat(SpaceGroup.of(230).orbit(0, 0, 0)).hasSize(16); // Ia-3d 16a
    assertThat(SpaceGroup.of(194).orbit(1.0 / 3, 2.0 / 3, 0.25)).hasSize(2); // P6_3/mmc 2c
    assertThat(SpaceGroup.of(14).orbit(0, 0, 0)).hasSize(2); // P2_1/c 2a
  }

  @Test
  void anOrbitIsClosedUnderTheGroup() {
    for (int n : new int[] {19, 88, 148, 186, 227}) {
      SpaceGroup g = SpaceGroup.of(n);
      List<double[]> orbit = g.orbit(0.1234, 0.3071, 0.0617);
      assertThat(orbit).as("group %d", n).hasSize(g.generalMultiplicity());
      for (double[] p : orbit) {
        List<double[]> again = g.orbit(p[0], p[1], p[2]);
        assertThat(again).hasSameSizeAs(orbit);
        for (double[] q : again) {
          assertThat(orbit.stream().anyMatch(r -> SymmetryOperation.samePeriodic(r[0], r[1], r[2], q, 1e-9)))
              .as("group %d: image of an image is in the orbit", n).isTrue();
        }
      }
    }
  }

  @Test
  void everyGroupHasOneOfTheFifteenBravaisLatticesOfItsSystem() {
    assertThat(SpaceGroup.bravaisLattices()).containsExactly(
        "triclinic P", "monoclinic P", "monoclinic C", "orthorhombic P", "orthorhombic C", "orthorhombic F",
        "orthorhombic I", "tetragonal P", "tetragonal I", "trigonal P", "trigonal R", "hexagonal P", "cubic P",
        "cubic F", "cubic I");
    assertThat(SpaceGroup.of(14).bravaisLattice()).isEqualTo("monoclinic P");
    assertThat(SpaceGroup.of(38).bravaisLattice()).as("Amm2 is base-centred").isEqualTo("orthorhombic C");
    assertThat(SpaceGroup.of(139).bravaisLattice()).isEqualTo("tetragonal I");
    assertThat(SpaceGroup.of(166).bravaisLattice()).isEqualTo("trigonal R");
    assertThat(SpaceGroup.of(227).bravaisLattice()).isEqualTo("cubic F");
    assertThat(SpaceGroup.of(229).bravaisLattice()).isEqualTo("cubic I");
  }

  /** Reflection conditions of International Tables Vol. A for a few groups. */
  @Test
  void systematicAbsencesAreThoseOfTheReflectionConditions() {
    SpaceGroup fm3m = SpaceGroup.of(225);
    assertThat(fm3m.forbids(1, 1, 1)).isFalse();
    assertThat(fm3m.forbids(2, 0, 0)).isFalse();
    assertThat(fm3m.forbids(1, 0, 0)).as("F: h, k, l all odd or all even").isTrue();
    assertThat(fm3m.forbids(2, 1, 0)).isTrue();
    SpaceGroup fd3m = SpaceGroup.of(227);
    assertThat(fd3m.forbids(2, 0, 0)).as("d glide: h00 needs h = 4n").isTrue();
    assertThat(fd3m.forbids(4, 0, 0)).isFalse();
    assertThat(fd3m.forbids(26, 0, 0)).as("beyond the tabulated indices").isTrue();
    assertThat(fd3m.forbids(28, 0, 0)).isFalse();
    assertThat(fd3m.forbids(0, 4, 2)).as("0kl: k + l = 4n").isTrue();
    assertThat(fd3m.forbids(0, 4, 4)).isFalse();
    assertThat(fd3m.forbids(2, 2, 2)).as("diamond's missing 222 is its site's, not the group's").isFalse();
    SpaceGroup p21c = SpaceGroup.of(14);
    assertThat(p21c.forbids(0, 1, 0)).as("0k0: k = 2n").isTrue();
    assertThat(p21c.forbids(1, 0, 1)).as("h0l: l = 2n").isTrue();
    assertThat(p21c.forbids(1, 0, 2)).isFalse();
    assertThat(p21c.forbids(1, 1, 1)).isFalse();
    SpaceGroup pnma = SpaceGroup.of(62);
    assertThat(pnma.forbids(0, 1, 2)).as("0kl: k + l = 2n").isTrue();
    assertThat(pnma.forbids(1, 1, 0)).as("hk0: h = 2n").isTrue();
    assertThat(pnma.forbids(2, 1, 0)).isFalse();
    SpaceGroup r3m = SpaceGroup.of(166);
    assertThat(r3m.forbids(1, 0, 0)).as("R obverse: -h + k + l = 3n").isTrue();
    assertThat(r3m.forbids(0, 0, 1)).isTrue();
    assertThat(r3m.forbids(1, 0, 1)).isFalse();
    assertThat(r3m.forbids(0, 1, 2)).isFalse();
    assertThat(SpaceGroup.of(1).forbids(1, 0, 0)).isFalse();
  }

  @Test
  void numbersOutsideTheTablesAreRejected() {
    assertThatThrownBy(() -> SpaceGroup.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-230");
    assertThatThrownBy(() -> SpaceGroup.of(231)).isInstanceOf(IllegalArgumentException.class);
  }
}
