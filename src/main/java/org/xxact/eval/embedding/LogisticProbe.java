package org.xxact.eval.embedding;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.xxact.eval.ClassificationMetrics;

/**
 * A linear classification probe on frozen embeddings: multinomial logistic regression (softmax) on standardised
 * features with an L2 penalty on the weights (not the biases), the penalty chosen on a seeded validation part of the
 * training set.
 *
 * <p>It minimises the mean cross-entropy plus (lambda / 2) |W|^2, a smooth convex function, by Nesterov's accelerated
 * gradient descent with adaptive restart (Nesterov 1983; O'Donoghue and Candes, Found. Comput. Math. 15, 715, 2015).
 * The step is 1/L with L a bound on the curvature: the Hessian of the softmax cross-entropy is at most (1/2) M, M the
 * second-moment matrix of the features with a constant 1 appended (Bohning, Ann. Inst. Stat. Math. 44, 197, 1992), so L
 * = lambda_max(M) / 2 + lambda, a step that never overshoots along the gradient. Rows are processed in fixed chunks whose
 * partial sums are added in chunk order, so the result is identical whatever the number of threads.
 */
public final class LogisticProbe {
  /** Penalties tried by default (per-sample scale, on standardised features). */
  public static final double[] DEFAULT_PENALTIES = {1e-4, 1e-3, 1e-2, 1e-1};

  /** Full-batch iterations by default: accelerated descent on this convex problem settles in a few hundred. */
  public static final int DEFAULT_ITERATIONS = 300;

  /** Fraction of the training set held out to choose the penalty. */
  public static final double VALIDATION_FRACTION = 0.2;

  /**
   * Iteration stops early when the gradient's norm is below this: the objective is then within about 1e-12 of its
   * minimum, far below any difference a probe's accuracy could show.
   */
  public static final double GRADIENT_TOLERANCE = 1e-6;

  /** Rows per chunk of the parallel gradient; fixed so that sums do not depend on the thread count. */
  private static final int CHUNK_ROWS = 512;

  private final Standardizer standardizer;
  private final int numClasses;
  private final double[] weights;
  private final double penalty;
  private final Map<Double, Double> validationLogLoss;

  private LogisticProbe(
      Standardizer standardizer, int numClasses, double[] weights, double penalty, Map<Double, Double> loss) {
    this.standardizer = standardizer;
    this.numClasses = numClasses;
    this.weights = weights;
    this.penalty = penalty;
    this.validationLogLoss = loss;
  }

  /** Fits with the default penalties and iterations. */
  public static LogisticProbe fit(float[][] x, int[] labels, int numClasses, long seed) {
    return fit(x, labels, numClasses, DEFAULT_PENALTIES, DEFAULT_ITERATIONS, seed);
  }

  /**
   * Fits a probe.
   *
   * @param x training embeddings [n][d]
   * @param labels class index per sample, 0..numClasses-1
   * @param numClasses number of classes, at least 2
   * @param penalties candidate penalties, positive; with a single one no validation split is made
   * @param iterations gradient iterations per fit
   * @param seed seed of the validation split
   */
  public static LogisticProbe fit(
      float[][] x, int[] labels, int numClasses, double[] penalties, int iterations, long seed) {
    int d = Standardizer.dimension(x);
    int n = x.length;
    if (labels.length != n) {
      throw new IllegalArgumentException(n + " embeddings for " + labels.length + " labels");
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least two classes, got " + numClasses);
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside 0.." + (numClasses - 1));
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
    Standardizer standardizer = Standardizer.fit(x);
    double[][] z = standardizer.apply(x);
    Map<Double, Double> losses = new LinkedHashMap<>();
    double best = penalties[0];
    int validation = (int) Math.round(VALIDATION_FRACTION * n);
    if (penalties.length > 1 && validation > 0 && validation < n) {
      int[] order = Sampling.permutation(n, seed);
      int[] validationRows = Arrays.copyOf(order, validation);
      int[] trainRows = Arrays.copyOfRange(order, validation, n);
      Problem train = new Problem(pick(z, trainRows), Sampling.values(labels, trainRows), numClasses);
      Problem held = new Problem(pick(z, validationRows), Sampling.values(labels, validationRows), numClasses);
      double bestLoss = Double.POSITIVE_INFINITY;
      for (double p : penalties) {
        double loss = held.crossEntropy(train.minimise(p, iterations));
        losses.put(p, loss);
        if (loss < bestLoss || (loss == bestLoss && p > best)) {
          bestLoss = loss;
          best = p;
        }
      }
    }
    double[] w = new Problem(z, labels, numClasses).minimise(best, iterations);
    return new LogisticProbe(standardizer, numClasses, w, best, Collections.unmodifiableMap(losses));
  }

  /** Class probabilities [sample][class] for new embeddings. */
  public double[][] probabilities(float[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double[] logits = Problem.logits(standardizer.apply(x[i]), weights, numClasses);
      Problem.softmaxInPlace(logits);
      out[i] = logits;
    }
    return out;
  }

  /** The most probable class of each new embedding. */
  public int[] predict(float[][] x) {
    return ClassificationMetrics.argmax(probabilities(x));
  }

  /** The chosen penalty. */
  public double penalty() {
    return penalty;
  }

  /** Validation log-loss of each penalty tried, in grid order; empty when a single penalty was given. */
  public Map<Double, Double> validationLogLoss() {
    return validationLogLoss;
  }

  private static double[][] pick(double[][] z, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = z[rows[i]];
    }
    return out;
  }

  /**
   * The optimisation problem on one data set. Parameters are a flat array: weights [d][C] row-major, then C biases.
   */
  private static final class Problem {
    private final double[][] z;
    private final int[] labels;
    private final int classes;
    private final int d;
    private final double curvature;

    Problem(double[][] z, int[] labels, int classes) {
      this.z = z;
      this.labels = labels;
      this.classes = classes;
      this.d = z[0].length;
      this.curvature = largestSecondMoment(z) / 2;
    }

    /** lambda_max of the second-moment matrix of [z, 1]. */
    private static double largestSecondMoment(double[][] z) {
      int d = z[0].length;
      double[][] m = new double[d + 1][d + 1];
      double[] augmented = new double[d + 1];
      for (double[] row : z) {
        System.arraycopy(row, 0, augmented, 0, d);
        augmented[d] = 1;
        Matrices.addOuterProductLower(m, augmented);
      }
      for (double[] row : m) {
        for (int j = 0; j < row.length; j++) {
          row[j] /= z.length;
        }
      }
      Matrices.symmetriseFromLower(m);
      return Matrices.symmetricEigen(m).values()[0];
    }

    static double[] logits(double[] z, double[] w, int classes) {
      int d = z.length;
      double[] out = Arrays.copyOfRange(w, d * classes, d * classes + classes);
      for (int j = 0; j < d; j++) {
        double zj = z[j];
        if (zj == 0) {
          continue;
        }
        int base = j * classes;
        for (int c = 0; c < classes; c++) {
          out[c] += zj * w[base + c];
        }
      }
      return out;
    }

    /** Softmax in place; returns the log-sum-exp of the logits, so that cross-entropy = result - own logit. */
    static double softmaxInPlace(double[] v) {
      double max = Double.NEGATIVE_INFINITY;
      for (double x : v) {
        max = Math.max(max, x);
      }
      double sum = 0;
      for (int c = 0; c < v.length; c++) {
        v[c] = Math.exp(v[c] - max);
        sum += v[c];
      }
      for (int c = 0; c < v.length; c++) {
        v[c] /= sum;
      }
      return max + Math.log(sum);
    }

    /** Mean cross-entropy of these samples under parameters w. */
    double crossEntropy(double[] w) {
      double sum = 0;
      for (int i = 0; i < z.length; i++) {
        double[] l = logits(z[i], w, classes);
        double own = l[labels[i]];
        sum += softmaxInPlace(l) - own;
      }
      return sum / z.length;
    }

    /**
     * Writes the gradient of the penalised mean cross-entropy at w to grad. Chunks of rows are summed in parallel and
     * combined in chunk order.
     */
    void gradient(double[] w, double penalty, double[] grad) {
      int n = z.length;
      int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
      int size = grad.length;
      double[][] partial = new double[chunks][];
      IntStream.range(0, chunks)
          .parallel()
          .forEach(
              k -> {
                double[] g = new double[size];
                int end = Math.min(n, (k + 1) * CHUNK_ROWS);
                for (int i = k * CHUNK_ROWS; i < end; i++) {
                  double[] zi = z[i];
                  double[] p = logits(zi, w, classes);
                  softmaxInPlace(p);
                  p[labels[i]] -= 1;
                  for (int j = 0; j < d; j++) {
                    double zj = zi[j];
                    if (zj == 0) {
                      continue;
                    }
                    int base = j * classes;
                    for (int c = 0; c < classes; c++) {
                      g[base + c] += zj * p[c];
                    }
                  }
                  for (int c = 0; c < classes; c++) {
                    g[d * classes + c] += p[c];
                  }
                }
                partial[k] = g;
              });
      Arrays.fill(grad, 0);
      for (int k = 0; k < chunks; k++) {
        for (int q = 0; q < size; q++) {
          grad[q] += partial[k][q];
        }
      }
      for (int q = 0; q < size; q++) {
        grad[q] /= n;
        if (q < d * classes) {
          grad[q] += penalty * w[q];
        }
      }
    }

    /**
     * Parameters minimising the penalised mean cross-entropy, starting from zero. The momentum restarts when the
     * gradient at the extrapolated point opposes the last step (the gradient restart of O'Donoghue and Candes).
     */
    double[] minimise(double penalty, int iterations) {
      int size = d * classes + classes;
      double step = 1 / (curvature + penalty);
      double[] x = new double[size];
      double[] previous = new double[size];
      double[] y = new double[size];
      double[] grad = new double[size];
      double momentum = 1;
      for (int it = 0; it < iterations; it++) {
        gradient(y, penalty, grad);
        double norm = 0;
        for (double g : grad) {
          norm += g * g;
        }
        if (Math.sqrt(norm) < GRADIENT_TOLERANCE) {
          return y;
        }
        System.arraycopy(x, 0, previous, 0, size);
        double opposing = 0;
        for (int q = 0; q < size; q++) {
          x[q] = y[q] - step * grad[q];
          opposing += grad[q] * (x[q] - previous[q]);
        }
        if (opposing > 0) {
          momentum = 1;
        }
        double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
        double beta = (momentum - 1) / next;
        momentum = next;
        for (int q = 0; q < size; q++) {
          y[q] = x[q] + beta * (x[q] - previous[q]);
        }
      }
      return x;
    }
  }
}
