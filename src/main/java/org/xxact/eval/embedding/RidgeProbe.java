package org.xxact.eval.embedding;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A linear regression probe on frozen embeddings: ridge regression on standardised features, the penalty chosen by
 * k-fold cross-validation on the training set (Hoerl and Kennard, Technometrics 12, 55, 1970; Hastie, Tibshirani and
 * Friedman, The Elements of Statistical Learning, 2nd ed., sections 3.4.1 and 7.10).
 *
 * <p>With standardised features z and penalty lambda it minimises (1/n) sum (y - z.w - b)^2 + lambda |w|^2, whose
 * solution is (Zc^T Zc / n + lambda I) w = Zc^T yc / n on centred data, b = mean y - mean z . w. The d x d normal
 * equations are solved by Cholesky, so the cost is one pass over the data (n d^2) plus a d^3/3 factorisation per
 * penalty and fold; every fold's sums are gathered in that single pass and the training part of a fold is the total
 * minus the fold. The penalty with the lowest mean validation MSE wins (the larger one on a tie, as the simpler model).
 * Fold assignment is seeded, so a fit is reproducible.
 */
public final class RidgeProbe {
  /** Penalties tried by default: six decades around the scale of standardised features. */
  public static final double[] DEFAULT_PENALTIES = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100};

  /** Folds of the cross-validation by default. */
  public static final int DEFAULT_FOLDS = 5;

  private final Standardizer standardizer;
  private final double[] weights;
  private final double intercept;
  private final double penalty;
  private final Map<Double, Double> validationMse;

  private RidgeProbe(
      Standardizer standardizer, double[] weights, double intercept, double penalty, Map<Double, Double> mse) {
    this.standardizer = standardizer;
    this.weights = weights;
    this.intercept = intercept;
    this.penalty = penalty;
    this.validationMse = mse;
  }

  /** Fits with the default penalties and folds. */
  public static RidgeProbe fit(float[][] x, double[] y, long seed) {
    return fit(x, y, DEFAULT_PENALTIES, DEFAULT_FOLDS, seed);
  }

  /**
   * Fits a probe.
   *
   * @param x training embeddings [n][d]
   * @param y training targets, finite
   * @param penalties candidate penalties, positive; with a single one no cross-validation is run
   * @param folds cross-validation folds, 2..n
   * @param seed seed of the fold assignment
   */
  public static RidgeProbe fit(float[][] x, double[] y, double[] penalties, int folds, long seed) {
    int d = Standardizer.dimension(x);
    int n = x.length;
    if (y.length != n) {
      throw new IllegalArgumentException(n + " embeddings for " + y.length + " targets");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("target " + i + " is " + y[i]);
      }
    }
    if (penalties.length == 0) {
      throw new IllegalArgumentException("no penalty to try");
    }
    for (double p : penalties) {
      if (!(p > 0)) {
        throw new IllegalArgumentException("penalties must be positive, got " + p);
      }
    }
    boolean crossValidate = penalties.length > 1;
    int k = crossValidate ? folds : 1;
    if (crossValidate && (folds < 2 || folds > n)) {
      throw new IllegalArgumentException(folds + " folds for " + n + " samples");
    }
    Standardizer standardizer = Standardizer.fit(x);
    double[][] z = standardizer.apply(x);
    int[] fold = new int[n];
    int[] order = Sampling.permutation(n, seed);
    for (int r = 0; r < n; r++) {
      fold[order[r]] = r % k;
    }
    Sums[] perFold = new Sums[k];
    for (int f = 0; f < k; f++) {
      perFold[f] = new Sums(d);
    }
    for (int i = 0; i < n; i++) {
      perFold[fold[i]].add(z[i], y[i]);
    }
    Sums total = new Sums(d);
    for (Sums s : perFold) {
      total.plus(s, 1);
    }
    Map<Double, Double> mse = new LinkedHashMap<>();
    double best = penalties[0];
    if (crossValidate) {
      double bestMse = Double.POSITIVE_INFINITY;
      for (double p : penalties) {
        double squared = 0;
        for (int f = 0; f < k; f++) {
          Sums train = new Sums(d);
          train.plus(total, 1);
          train.plus(perFold[f], -1);
          double[] wb = train.solve(p);
          for (int i = 0; i < n; i++) {
            if (fold[i] == f) {
              double e = predict(z[i], wb) - y[i];
              squared += e * e;
            }
          }
        }
        double m = squared / n;
        mse.put(p, m);
        if (m < bestMse || (m == bestMse && p > best)) {
          bestMse = m;
          best = p;
        }
      }
    }
    double[] wb = total.solve(best);
    return new RidgeProbe(
        standardizer,
        Arrays.copyOf(wb, d),
        wb[d],
        best,
        Collections.unmodifiableMap(mse));
  }

  /** Predictions for new embeddings. */
  public double[] predict(float[][] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] z = standardizer.apply(x[i]);
      double s = intercept;
      for (int j = 0; j < z.length; j++) {
        s += z[j] * weights[j];
      }
      out[i] = s;
    }
    return out;
  }

  /** The chosen penalty. */
  public double penalty() {
    return penalty;
  }

  /** Mean cross-validated MSE of each penalty tried, in grid order; empty when a single penalty was given. */
  public Map<Double, Double> validationMse() {
    return validationMse;
  }

  private static double predict(double[] z, double[] wb) {
    double s = wb[z.length];
    for (int j = 0; j < z.length; j++) {
      s += z[j] * wb[j];
    }
    return s;
  }

  /** The sufficient statistics of least squares over a set of samples: count, sums, Gram matrix, cross products. */
  private static final class Sums {
    private final int d;
    private double count;
    private double sumY;
    private final double[] sumZ;
    private final double[] zy;
    private final double[][] gram;

    Sums(int d) {
      this.d = d;
      sumZ = new double[d];
      zy = new double[d];
      gram = new double[d][d];
    }

    void add(double[] z, double y) {
      count++;
      sumY += y;
      for (int j = 0; j < d; j++) {
        sumZ[j] += z[j];
        zy[j] += z[j] * y;
      }
      Matrices.addOuterProductLower(gram, z);
    }

    void plus(Sums o, double sign) {
      count += sign * o.count;
      sumY += sign * o.sumY;
      for (int j = 0; j < d; j++) {
        sumZ[j] += sign * o.sumZ[j];
        zy[j] += sign * o.zy[j];
        for (int l = 0; l <= j; l++) {
          gram[j][l] += sign * o.gram[j][l];
        }
      }
    }

    /** Weights and, last, the intercept of the ridge solution with this penalty. */
    double[] solve(double penalty) {
      double[] meanZ = new double[d];
      for (int j = 0; j < d; j++) {
        meanZ[j] = sumZ[j] / count;
      }
      double meanY = sumY / count;
      double[][] a = new double[d][d];
      double[] b = new double[d];
      for (int j = 0; j < d; j++) {
        for (int l = 0; l <= j; l++) {
          a[j][l] = gram[j][l] / count - meanZ[j] * meanZ[l];
        }
        a[j][j] += penalty;
        b[j] = zy[j] / count - meanZ[j] * meanY;
      }
      double[] w = Matrices.choleskySolve(a, b);
      double[] wb = Arrays.copyOf(w, d + 1);
      double intercept = meanY;
      for (int j = 0; j < d; j++) {
        intercept -= meanZ[j] * w[j];
      }
      wb[d] = intercept;
      return wb;
    }
  }
}
