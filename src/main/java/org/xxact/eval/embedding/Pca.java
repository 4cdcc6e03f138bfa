package org.xxact.eval.embedding;

/**
 * Principal component analysis: the directions of largest variance of a set of embeddings (Pearson 1901; Jolliffe,
 * Principal Component Analysis, 2nd ed., 2002), from the eigen decomposition of the d x d covariance matrix (cyclic
 * Jacobi, see {@link Matrices}). Used for the linear embedding map (the first two components) and to reduce the
 * dimension before t-SNE.
 *
 * <p>Each component's sign is fixed so that its largest-magnitude loading is positive (scikit-learn's convention), so the
 * same data always give the same picture.
 */
public final class Pca {
  private final double[] mean;
  private final double[][] components;
  private final double[] variances;
  private final double totalVariance;

  private Pca(double[] mean, double[][] components, double[] variances, double totalVariance) {
    this.mean = mean;
    this.components = components;
    this.variances = variances;
    this.totalVariance = totalVariance;
  }

  /**
   * The first {@code count} principal components of the rows of x.
   *
   * @throws IllegalArgumentException for fewer than two rows or more components than features
   */
  public static Pca fit(float[][] x, int count) {
    int d = Standardizer.dimension(x);
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("PCA needs at least two samples, got " + n);
    }
    if (count < 1 || count > d) {
      throw new IllegalArgumentException(count + " components of " + d + " features");
    }
    double[] mean = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] covariance = new double[d][d];
    double[] centred = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mean[j];
      }
      Matrices.addOuterProductLower(covariance, centred);
    }
    double total = 0;
    for (int j = 0; j < d; j++) {
      for (int l = 0; l <= j; l++) {
        covariance[j][l] /= n - 1;
      }
      total += covariance[j][j];
    }
    Matrices.symmetriseFromLower(covariance);
    Matrices.Eigen eigen = Matrices.symmetricEigen(covariance);
    double[][] components = new double[count][];
    double[] variances = new double[count];
    for (int c = 0; c < count; c++) {
      components[c] = eigen.vectors()[c].clone();
      variances[c] = Math.max(0, eigen.values()[c]);
      int largest = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(components[c][j]) > Math.abs(components[c][largest])) {
          largest = j;
        }
      }
      if (components[c][largest] < 0) {
        for (int j = 0; j < d; j++) {
          components[c][j] = -components[c][j];
        }
      }
    }
    return new Pca(mean, components, variances, total);
  }

  /** Coordinates of each row along the components [n][count]. */
  public double[][] project(float[][] x) {
    double[][] out = new double[x.length][components.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != mean.length) {
        throw new IllegalArgumentException("row of " + x[i].length + " features for a PCA of " + mean.length);
      }
      for (int c = 0; c < components.length; c++) {
        double s = 0;
        for (int j = 0; j < mean.length; j++) {
          s += (x[i][j] - mean[j]) * components[c][j];
        }
        out[i][c] = s;
      }
    }
    return out;
  }

  /** The unit component directions [count][d], largest variance first. */
  public double[][] components() {
    double[][] copy = new double[components.length][];
    for (int c = 0; c < components.length; c++) {
      copy[c] = components[c].clone();
    }
    return copy;
  }

  /** Variance along each component (sample variance, n - 1). */
  public double[] explainedVariance() {
    return variances.clone();
  }

  /** Fraction of the total variance along each component. */
  public double[] explainedVarianceRatio() {
    double[] out = new double[variances.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = totalVariance > 0 ? variances[c] / totalVariance : 0;
    }
    return out;
  }
}
