package org.xxact.eval.embedding;

/**
 * The dense linear algebra the probes and maps need, on {@code double[][]} row-major matrices: Gram accumulation, a
 * Cholesky solve for symmetric positive definite systems and the cyclic Jacobi eigen decomposition of a symmetric matrix
 * (Golub and Van Loan, Matrix Computations, 4th ed., sections 4.2 and 8.5).
 */
final class Matrices {
  /**
   * Jacobi sweeps stop when the off-diagonal Frobenius norm falls below this fraction of the whole matrix's: the
   * eigenvalues are then exact to about this relative accuracy, near double precision.
   */
  static final double JACOBI_RELATIVE_OFF_DIAGONAL = 1e-14;

  /** Jacobi converges quadratically, in well under 20 sweeps for any size; more means the input was not finite. */
  static final int JACOBI_MAX_SWEEPS = 60;

  private Matrices() {}

  /** Eigenvalues in descending order and the matching unit eigenvectors as rows. */
  record Eigen(double[] values, double[][] vectors) {}

  /** Adds the outer product row row^T to the lower triangle (j <= i) of g. */
  static void addOuterProductLower(double[][] g, double[] row) {
    for (int i = 0; i < row.length; i++) {
      double ri = row[i];
      if (ri == 0) {
        continue;
      }
      double[] gi = g[i];
      for (int j = 0; j <= i; j++) {
        gi[j] += ri * row[j];
      }
    }
  }

  /** Copies the lower triangle onto the upper one. */
  static void symmetriseFromLower(double[][] g) {
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < i; j++) {
        g[j][i] = g[i][j];
      }
    }
  }

  /**
   * Solves a x = b for a symmetric positive definite a (only its lower triangle is read; a is not modified).
   *
   * @throws IllegalArgumentException when a is not positive definite
   */
  static double[] choleskySolve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      l[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + " is " + s + ")");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /**
   * All eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations; a is not modified. O(d^3) per
   * sweep, which suits the covariance matrices of embeddings (d up to a few hundred).
   */
  static Eigen symmetricEigen(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    double total = 0;
    for (double[] row : m) {
      for (double x : row) {
        total += x * x;
      }
    }
    for (int sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += 2 * m[p][q] * m[p][q];
        }
      }
      if (off <= JACOBI_RELATIVE_OFF_DIAGONAL * JACOBI_RELATIVE_OFF_DIAGONAL * total) {
        return sorted(m, v);
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (m[p][q] != 0) {
            rotate(m, v, p, q);
          }
        }
      }
    }
    throw new IllegalArgumentException("Jacobi eigen decomposition did not converge: is the matrix finite?");
  }

  /** One Jacobi rotation that zeroes m[p][q] (Golub and Van Loan, Algorithm 8.5.1, sym.schur2). */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    double tau = (m[q][q] - m[p][p]) / (2 * m[p][q]);
    double t = Math.signum(tau) == 0 ? 1 : Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
    double c = 1 / Math.sqrt(1 + t * t);
    double s = t * c;
    int n = m.length;
    for (int k = 0; k < n; k++) {
      double mkp = m[k][p];
      double mkq = m[k][q];
      m[k][p] = c * mkp - s * mkq;
      m[k][q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p][k];
      double mqk = m[q][k];
      m[p][k] = c * mpk - s * mqk;
      m[q][k] = s * mpk + c * mqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  /** Eigenpairs sorted by descending eigenvalue; eigenvectors (columns of v) returned as rows. */
  private static Eigen sorted(double[][] m, double[][] v) {
    int n = m.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int r = 0; r < n; r++) {
      int c = order[r];
      values[r] = m[c][c];
      for (int k = 0; k < n; k++) {
        vectors[r][k] = v[k][c];
      }
    }
    return new Eigen(values, vectors);
  }
}
