package org.xxact.eval.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MatricesTest {
  /** Double-precision solves of small well-conditioned systems agree with exact values to about 1e-14. */
  private static final double EXACT = 1e-12;

  @Test
  void choleskySolvesASymmetricPositiveDefiniteSystem() {
    double[][] a = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};
    double[] x = {1, -2, 0.5};
    double[] b = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        b[i] += a[i][j] * x[j];
      }
    }
    assertThat(Matrices.choleskySolve(a, b)).containsExactly(x, within(EXACT));
    assertThatThrownBy(() -> Matrices.choleskySolve(new double[][] {{1, 2}, {2, 1}}, new double[] {1, 1}))
        .hasMessageContaining("not positive definite");
  }

  @Test
  void jacobiFindsTheEigenpairsOfATridiagonalMatrix() {
    // eigenvalues of tridiag(1, 2, 1) of size 3: 2 + sqrt 2, 2, 2 - sqrt 2; eigenvectors (1, +-sqrt 2, 1)/2, (1, 0, -1)/sqrt 2
    double[][] a = {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}};
    Matrices.Eigen e = Matrices.symmetricEigen(a);
    assertThat(e.values()).containsExactly(new double[] {2 + Math.sqrt(2), 2, 2 - Math.sqrt(2)}, within(EXACT));
    double[] top = e.vectors()[0];
    double sign = Math.signum(top[0]);
    assertThat(new double[] {sign * top[0], sign * top[1], sign * top[2]})
        .containsExactly(new double[] {0.5, Math.sqrt(0.5), 0.5}, within(EXACT));
    for (int k = 0; k < 3; k++) {
      double[] v = e.vectors()[k];
      for (int i = 0; i < 3; i++) {
        double av = 0;
        for (int j = 0; j < 3; j++) {
          av += a[i][j] * v[j];
        }
        assertThat(av).isCloseTo(e.values()[k] * v[i], within(EXACT));
      }
    }
  }
}
