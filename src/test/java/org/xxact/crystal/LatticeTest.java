package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatticeTest {
  private static final double EPS = 1e-10;

  @Test
  void cubicCellHasTextbookVolumeAndSpacings() {
    Lattice l = Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90);
    assertThat(l.volumeAngstrom3()).isCloseTo(5.64 * 5.64 * 5.64, within(1e-9));
    assertThat(l.dSpacingAngstrom(2, 0, 0)).isCloseTo(2.82, within(EPS));
    assertThat(l.dSpacingAngstrom(1, 1, 1)).isCloseTo(5.64 / Math.sqrt(3), within(EPS));
  }

  @Test
  void parametersRoundTripForTriclinicCell() {
    Lattice l = Lattice.fromParameters(4.1, 5.2, 6.3, 81.0, 97.5, 112.25);
    assertThat(l.a()).isCloseTo(4.1, within(EPS));
    assertThat(l.b()).isCloseTo(5.2, within(EPS));
    assertThat(l.c()).isCloseTo(6.3, within(EPS));
    assertThat(l.alpha()).isCloseTo(81.0, within(1e-8));
    assertThat(l.beta()).isCloseTo(97.5, within(1e-8));
    assertThat(l.gamma()).isCloseTo(112.25, within(1e-8));
    Lattice fromMatrix = Lattice.fromMatrix(l.matrix());
    assertThat(fromMatrix.volumeAngstrom3()).isCloseTo(l.volumeAngstrom3(), within(1e-9));
  }

  @Test
  void reciprocalBasisIsDualToRealBasis() {
    Lattice l = Lattice.fromParameters(3.9, 4.7, 7.1, 75, 85, 95);
    double[][] a = l.matrix();
    double[][] b = l.reciprocalMatrix();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double dot = a[i][0] * b[j][0] + a[i][1] * b[j][1] + a[i][2] * b[j][2];
        assertThat(dot).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
      }
    }
  }

  @Test
  void hexagonalTestFollowsPymatgen() {
    assertThat(Lattice.fromParameters(3.25, 3.25, 5.2, 90, 90, 120).isHexagonal()).isTrue();
    assertThat(Lattice.fromParameters(3.25, 3.30, 5.2, 90, 90, 120).isHexagonal()).isFalse();
    assertThat(Lattice.fromParameters(4, 4, 4, 90, 90, 90).isHexagonal()).isFalse();
  }

  @Test
  void degenerateCellsAreRejected() {
    assertThatThrownBy(() -> Lattice.fromParameters(0, 1, 1, 90, 90, 90)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Lattice.fromMatrix(new double[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}))
        .hasMessageContaining("volume");
  }
}
