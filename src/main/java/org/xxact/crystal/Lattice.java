package org.xxact.crystal;

/**
 * A crystal lattice given by its real-space matrix A, whose rows are the cell vectors a, b and c in angstrom.
 *
 * <p>The reciprocal basis is the crystallographic one, B = (A^-1)^T without the factor 2 pi, so that a reciprocal
 * lattice vector g = h a* + k b* + l c* has |g| = 1/d_hkl (International Tables for Crystallography, Vol. B, 1.1).
 * Construction from cell parameters follows pymatgen's {@code Lattice.from_parameters} (c along z, a in the xz plane),
 * so that Cartesian coordinates agree with files written by pymatgen; only the metric matters for diffraction.
 */
public final class Lattice {
  /** Angle tolerance (degrees) of the hexagonal-cell test, as in pymatgen's {@code Lattice.is_hexagonal}. */
  public static final double HEX_ANGLE_TOL_DEG = 5.0;
  /** Length tolerance (angstrom) of the hexagonal-cell test, as in pymatgen's {@code Lattice.is_hexagonal}. */
  public static final double HEX_LENGTH_TOL_ANGSTROM = 0.01;

  private final double[][] matrix;
  private final double[][] reciprocal;
  private final double volume;

  private Lattice(double[][] m) {
    this.matrix = new double[3][];
    for (int i = 0; i < 3; i++) {
      if (m[i].length != 3) {
        throw new IllegalArgumentException("lattice matrix must be 3x3");
      }
      this.matrix[i] = m[i].clone();
      for (double v : m[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("lattice matrix has a non-finite entry");
        }
      }
    }
    double det = det(matrix);
    if (!(Math.abs(det) > 1e-8)) {
      throw new IllegalArgumentException("lattice volume must be positive, got " + Math.abs(det) + " A^3");
    }
    this.volume = Math.abs(det);
    this.reciprocal = inverseTranspose(matrix, det);
  }

  /** A lattice from a 3x3 matrix whose rows are a, b, c in angstrom. */
  public static Lattice fromMatrix(double[][] matrix) {
    if (matrix.length != 3) {
      throw new IllegalArgumentException("lattice matrix must be 3x3");
    }
    return new Lattice(matrix);
  }

  /**
   * A lattice from cell lengths (angstrom) and angles (degrees), oriented as pymatgen's {@code from_parameters}.
   *
   * @throws IllegalArgumentException for non-positive lengths or angles that give no cell
   */
  public static Lattice fromParameters(
      double aAngstrom, double bAngstrom, double cAngstrom, double alphaDeg, double betaDeg, double gammaDeg) {
    if (!(aAngstrom > 0) || !(bAngstrom > 0) || !(cAngstrom > 0)) {
      throw new IllegalArgumentException(
          "cell lengths must be positive, got " + aAngstrom + ", " + bAngstrom + ", " + cAngstrom);
    }
    if (!(alphaDeg > 0 && alphaDeg < 180 && betaDeg > 0 && betaDeg < 180 && gammaDeg > 0 && gammaDeg < 180)) {
      throw new IllegalArgumentException(
          "cell angles must lie in (0, 180) degrees, got " + alphaDeg + ", " + betaDeg + ", " + gammaDeg);
    }
    double al = Math.toRadians(alphaDeg);
    double be = Math.toRadians(betaDeg);
    double ga = Math.toRadians(gammaDeg);
    double val = (Math.cos(al) * Math.cos(be) - Math.cos(ga)) / (Math.sin(al) * Math.sin(be));
    val = Math.max(-1.0, Math.min(1.0, val));
    double gammaStar = Math.acos(val);
    double[] va = {aAngstrom * Math.sin(be), 0.0, aAngstrom * Math.cos(be)};
    double[] vb = {
      -bAngstrom * Math.sin(al) * Math.cos(gammaStar),
      bAngstrom * Math.sin(al) * Math.sin(gammaStar),
      bAngstrom * Math.cos(al)
    };
    double[] vc = {0.0, 0.0, cAngstrom};
    return new Lattice(new double[][] {va, vb, vc});
  }

  /** Copy of the real-space matrix (rows a, b, c; angstrom). */
  public double[][] matrix() {
    return new double[][] {matrix[0].clone(), matrix[1].clone(), matrix[2].clone()};
  }

  /** Copy of the reciprocal matrix B = (A^-1)^T (rows a*, b*, c*; 1/angstrom, no 2 pi). */
  public double[][] reciprocalMatrix() {
    return new double[][] {reciprocal[0].clone(), reciprocal[1].clone(), reciprocal[2].clone()};
  }

  public double a() {
    return norm(matrix[0]);
  }

  public double b() {
    return norm(matrix[1]);
  }

  public double c() {
    return norm(matrix[2]);
  }

  /** Angle between b and c in degrees. */
  public double alpha() {
    return angleDeg(matrix[1], matrix[2]);
  }

  /** Angle between a and c in degrees. */
  public double beta() {
    return angleDeg(matrix[0], matrix[2]);
  }

  /** Angle between a and b in degrees. */
  public double gamma() {
    return angleDeg(matrix[0], matrix[1]);
  }

  /** Cell volume in cubic angstrom (absolute value of det A). */
  public double volumeAngstrom3() {
    return volume;
  }

  /** Interplanar spacing d_hkl = 1 / |h a* + k b* + l c*| in angstrom. */
  public double dSpacingAngstrom(int h, int k, int l) {
    double gx = h * reciprocal[0][0] + k * reciprocal[1][0] + l * reciprocal[2][0];
    double gy = h * reciprocal[0][1] + k * reciprocal[1][1] + l * reciprocal[2][1];
    double gz = h * reciprocal[0][2] + k * reciprocal[1][2] + l * reciprocal[2][2];
    return 1.0 / Math.sqrt(gx * gx + gy * gy + gz * gz);
  }

  /** Cartesian coordinates (angstrom) of a fractional position: r = x a + y b + z c. */
  public double[] toCartesian(double x, double y, double z) {
    double[] r = new double[3];
    for (int j = 0; j < 3; j++) {
      r[j] = x * matrix[0][j] + y * matrix[1][j] + z * matrix[2][j];
    }
    return r;
  }

  /**
   * pymatgen's hexagonal test: two angles within {@link #HEX_ANGLE_TOL_DEG} of 90, one within it of 60 or 120, and the
   * lengths of the axes at the two right-angle indices equal within {@link #HEX_LENGTH_TOL_ANGSTROM}. Used only to
   * choose four-index (h, k, -h-k, l) labels.
   */
  public boolean isHexagonal() {
    double[] lengths = {a(), b(), c()};
    double[] angles = {alpha(), beta(), gamma()};
    int[] right = new int[3];
    int nRight = 0;
    int nHex = 0;
    for (int i = 0; i < 3; i++) {
      if (Math.abs(angles[i] - 90) < HEX_ANGLE_TOL_DEG) {
        right[nRight++] = i;
      }
      if (Math.abs(angles[i] - 60) < HEX_ANGLE_TOL_DEG || Math.abs(angles[i] - 120) < HEX_ANGLE_TOL_DEG) {
        nHex++;
      }
    }
    return nRight == 2 && nHex == 1 && Math.abs(lengths[right[0]] - lengths[right[1]]) < HEX_LENGTH_TOL_ANGSTROM;
  }

  private static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  private static double angleDeg(double[] u, double[] v) {
    double cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (norm(u) * norm(v));
    return Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, cos))));
  }

  private static double det(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  /** (A^-1)^T via the cofactor matrix: (A^-1)^T = cof(A) / det(A). */
  private static double[][] inverseTranspose(double[][] m, double det) {
    double[][] r = new double[3][3];
    r[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
    r[0][1] = -(m[1][0] * m[2][2] - m[1][2] * m[2][0]) / det;
    r[0][2] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
    r[1][0] = -(m[0][1] * m[2][2] - m[0][2] * m[2][1]) / det;
    r[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
    r[1][2] = -(m[0][0] * m[2][1] - m[0][1] * m[2][0]) / det;
    r[2][0] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
    r[2][1] = -(m[0][0] * m[1][2] - m[0][2] * m[1][0]) / det;
    r[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
    return r;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Lattice(a=%.5f b=%.5f c=%.5f alpha=%.4f beta=%.4f gamma=%.4f)",
        a(),
        b(),
        c(),
        alpha(),
        beta(),
        gamma());
  }
}
