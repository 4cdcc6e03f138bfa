package org.xxact.eval.embedding;

/**
 * Centres each feature on its training mean and divides it by its training standard deviation, so that a probe's
 * penalty treats all embedding dimensions alike whatever their scale.
 *
 * <p>A feature that does not vary in the training set is only centred (it is zero afterwards and the probe ignores it).
 * Embeddings arrive as floats, so a spread below float's relative precision of the feature's magnitude ({@value
 * #CONSTANT_RELATIVE_SPREAD}) is rounding, not signal, and counts as no variation.
 */
public final class Standardizer {
  /** float carries 24 significant bits: relative differences below 2^-23 = 1.2e-7 are rounding. */
  public static final double CONSTANT_RELATIVE_SPREAD = 1.2e-7;

  private final double[] mean;
  private final double[] scale;

  private Standardizer(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /** Learns means and standard deviations from the rows of {@code x} (all of the same length). */
  public static Standardizer fit(float[][] x) {
    int d = dimension(x);
    int n = x.length;
    double[] mean = new double[d];
    double[] largest = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
        largest[j] = Math.max(largest[j], Math.abs(row[j]));
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[] scale = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        double c = row[j] - mean[j];
        scale[j] += c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      double std = Math.sqrt(scale[j] / n);
      scale[j] = std > CONSTANT_RELATIVE_SPREAD * largest[j] ? std : 1.0;
    }
    return new Standardizer(mean, scale);
  }

  /** Number of features. */
  public int dimension() {
    return mean.length;
  }

  /** The standardised copy of one row. */
  public double[] apply(float[] row) {
    if (row.length != mean.length) {
      throw new IllegalArgumentException("row of " + row.length + " features for a standardizer of " + mean.length);
    }
    double[] out = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = (row[j] - mean[j]) / scale[j];
    }
    return out;
  }

  /** The standardised copy of every row. */
  public double[][] apply(float[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = apply(x[i]);
    }
    return out;
  }

  /** The number of features of a non-empty matrix whose rows all have the same length. */
  static int dimension(float[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("no rows");
    }
    int d = x[0].length;
    for (int i = 1; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has " + d);
      }
    }
    if (d == 0) {
      throw new IllegalArgumentException("rows have no features");
    }
    return d;
  }
}
