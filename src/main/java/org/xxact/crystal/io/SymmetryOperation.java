package org.xxact.crystal.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A space-group operation in Jones-faithful notation ({@code -x+1/2, y, z-y+1/6}), acting on fractional coordinates:
 * r' = R r + t. Parsed as pymatgen's {@code SymmOp.from_xyz_string} reads CIF operations, with stricter checks: every
 * character must belong to a term.
 *
 * @param rotation R, rows for x', y', z'
 * @param translation t
 */
record SymmetryOperation(double[][] rotation, double[] translation) {
  static final SymmetryOperation IDENTITY =
      new SymmetryOperation(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[] {0, 0, 0});

  /**
   * Parses an operation such as {@code x, y, z} or {@code -y+1/2, x-y, z+0.25}.
   *
   * @throws IllegalArgumentException with the reason when the text is not an operation
   */
  static SymmetryOperation parse(String text) {
    String s = text.replace(" ", "").replace("\t", "").toLowerCase(java.util.Locale.ROOT);
    String[] parts = s.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("symmetry operation '" + text + "' does not have three parts");
    }
    double[][] rot = new double[3][3];
    double[] trans = new double[3];
    for (int row = 0; row < 3; row++) {
      parseComponent(parts[row], rot[row], trans, row, text);
    }
    return new SymmetryOperation(rot, trans);
  }

  private static void parseComponent(String p, double[] rotRow, double[] trans, int row, String text) {
    if (p.isEmpty()) {
      throw new IllegalArgumentException("symmetry operation '" + text + "' has an empty part");
    }
    int i = 0;
    int n = p.length();
    while (i < n) {
      double sign = 1;
      if (p.charAt(i) == '+' || p.charAt(i) == '-') {
        sign = p.charAt(i) == '-' ? -1 : 1;
        i++;
      }
      int numStart = i;
      while (i < n && (Character.isDigit(p.charAt(i)) || p.charAt(i) == '.')) {
        i++;
      }
      double value = 1;
      boolean hasNumber = i > numStart;
      if (hasNumber) {
        value = number(p.substring(numStart, i), text);
        if (i < n && p.charAt(i) == '/') {
          int denStart = ++i;
          while (i < n && (Character.isDigit(p.charAt(i)) || p.charAt(i) == '.')) {
            i++;
          }
          double den = i > denStart ? number(p.substring(denStart, i), text) : 0;
          if (den == 0) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' has a bad fraction");
          }
          value /= den;
        }
        if (i < n && p.charAt(i) == '*') {
          i++;
        }
      }
      if (i < n && p.charAt(i) >= 'x' && p.charAt(i) <= 'z') {
        rotRow[p.charAt(i) - 'x'] += sign * value;
        i++;
      } else if (hasNumber) {
        trans[row] += sign * value;
      } else {
        throw new IllegalArgumentException(
            "symmetry operation '" + text + "': cannot read '" + p.substring(Math.min(i, n)) + "'");
      }
    }
  }

  private static double number(String digits, String text) {
    try {
      return Double.parseDouble(digits);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("symmetry operation '" + text + "' has a bad number '" + digits + "'", ex);
    }
  }

  /**
   * Appends to {@code coords} every image of (x, y, z) under {@code ops}, wrapped into [0, 1), that is not already
   * there within {@code tolerance} (periodic, per fractional coordinate): pymatgen's {@code _unique_coords}.
   *
   * @return the images added, in the order of the operations
   */
  static List<double[]> addImages(List<SymmetryOperation> ops, double x, double y, double z, List<double[]> coords,
      double tolerance) {
    List<double[]> added = new ArrayList<>();
    for (SymmetryOperation op : ops) {
      double[] c = op.apply(x, y, z);
      for (int k = 0; k < 3; k++) {
        c[k] = c[k] - Math.floor(c[k]);
      }
      if (!containsPeriodic(coords, c, tolerance)) {
        coords.add(c);
        added.add(c);
      }
    }
    return added;
  }

  /** True when a position of {@code coords} equals {@code c} within {@code tolerance} (periodic). */
  private static boolean containsPeriodic(List<double[]> coords, double[] c, double tolerance) {
    for (double[] d : coords) {
      if (samePeriodic(d[0], d[1], d[2], c, tolerance)) {
        return true;
      }
    }
    return false;
  }

  /** pymatgen's find_in_coord_list_pbc: every fractional difference, less its nearest integer, below the tolerance. */
  static boolean samePeriodic(double x, double y, double z, double[] c, double tolerance) {
    double dx = x - c[0];
    double dy = y - c[1];
    double dz = z - c[2];
    return Math.abs(dx - Math.rint(dx)) < tolerance
        && Math.abs(dy - Math.rint(dy)) < tolerance
        && Math.abs(dz - Math.rint(dz)) < tolerance;
  }

  /** R r + t for a fractional position. */
  double[] apply(double x, double y, double z) {
    double[] r = new double[3];
    for (int i = 0; i < 3; i++) {
      r[i] = rotation[i][0] * x + rotation[i][1] * y + rotation[i][2] * z + translation[i];
    }
    return r;
  }
}
