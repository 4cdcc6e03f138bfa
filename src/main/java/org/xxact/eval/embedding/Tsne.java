package org.xxact.eval.embedding;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Exact t-distributed stochastic neighbour embedding (van der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 9,
 * 2579, 2008): a 2-D map in which points that are neighbours in the embedding space stay neighbours.
 *
 * <p>As in the paper and its reference implementation: input similarities are Gaussian conditionals p(j|i) whose width
 * is found by bisection so that each point's perplexity 2^H equals the chosen one (default 30), symmetrised as p_ij =
 * (p(j|i) + p(i|j)) / 2n; map similarities follow a Student t with one degree of freedom; the Kullback-Leibler divergence
 * is minimised by gradient descent with momentum (0.5, then 0.8 after {@value #EXAGGERATION_ITERATIONS} iterations),
 * per-parameter gains (+0.2 / x0.8, at least {@value #MIN_GAIN}) and early exaggeration of P by {@value #EXAGGERATION}
 * for the first {@value #EXAGGERATION_ITERATIONS} iterations. The learning rate is max(n / {@value #EXAGGERATION} / 4,
 * 50) (Belkina et al., Nat. Commun. 10, 5415, 2019, as scikit-learn's "auto"). Inputs of more than {@link
 * Options#pcaDimensions()} dimensions are first reduced by PCA, and the map starts from the first two principal
 * components scaled to a standard deviation of 1e-4 (Kobak and Linderman, Nat. Biotechnol. 39, 156, 2021: this keeps the
 * global layout reproducible) unless a random start is asked for.
 *
 * <p>The gradient is exact, O(n^2) per iteration and memory n^2 doubles for P, which suits the at most {@value
 * #MAX_POINTS} points of a report's map (subsample larger sets with {@link Sampling#subset}). Rows run in parallel, each
 * row's sums in a fixed order, so the result does not depend on the number of threads.
 */
public final class Tsne {
  /** Largest number of points embedded: P alone then takes 200 MB. */
  public static final int MAX_POINTS = 5000;

  /** Early exaggeration factor of P. */
  public static final double EXAGGERATION = 12.0;

  /** Iterations with exaggeration and the lower momentum. */
  public static final int EXAGGERATION_ITERATIONS = 250;

  /** Momentum during and after early exaggeration. */
  public static final double MOMENTUM_EARLY = 0.5;

  public static final double MOMENTUM_LATE = 0.8;

  /** Smallest per-parameter gain, as in the reference implementation. */
  public static final double MIN_GAIN = 0.01;

  /** Smallest learning rate, for small inputs. */
  public static final double MIN_LEARNING_RATE = 50.0;

  /** Perplexity bisection stops when the entropy (nats) is this close to log(perplexity), or after 50 steps. */
  public static final double ENTROPY_TOLERANCE = 1e-5;

  private static final int MAX_BISECTION_STEPS = 50;

  /** Floor of the joint probabilities, as in the reference implementation: keeps log(P/Q) finite. */
  public static final double MIN_PROBABILITY = 1e-12;

  /** Standard deviation of the starting map. */
  public static final double INITIAL_STD = 1e-4;

  private Tsne() {}

  /**
   * Settings.
   *
   * @param perplexity effective number of neighbours, below n - 1
   * @param iterations gradient iterations, more than {@value #EXAGGERATION_ITERATIONS}
   * @param pcaDimensions inputs with more features are reduced to this many by PCA first
   * @param pcaStart start from the principal components (true) or from seeded Gaussian noise
   * @param seed seed of the random start
   */
  public record Options(double perplexity, int iterations, int pcaDimensions, boolean pcaStart, long seed) {
    /** Perplexity 30, 1000 iterations, PCA to 50 dimensions, PCA start. */
    public static Options defaults(long seed) {
      return new Options(30, 1000, 50, true, seed);
    }
  }

  /**
   * A map.
   *
   * @param coordinates [n][2], centred on the origin
   * @param klDivergence KL(P || Q) of the final map
   */
  public record Result(double[][] coordinates, double klDivergence) {}

  /** Embeds the rows of x in two dimensions. */
  public static Result embed(float[][] x, Options options) {
    int d = Standardizer.dimension(x);
    int n = x.length;
    if (n > MAX_POINTS) {
      throw new IllegalArgumentException(n + " points, more than the " + MAX_POINTS + " of exact t-SNE: subsample");
    }
    if (!(options.perplexity() > 1 && options.perplexity() < n - 1)) {
      throw new IllegalArgumentException(
          "perplexity " + options.perplexity() + " must be between 1 and n - 1 = " + (n - 1));
    }
    if (options.pcaDimensions() < 2) {
      throw new IllegalArgumentException("PCA before t-SNE needs at least 2 dimensions, got " + options.pcaDimensions());
    }
    if (options.iterations() <= EXAGGERATION_ITERATIONS) {
      throw new IllegalArgumentException("need more than " + EXAGGERATION_ITERATIONS + " iterations");
    }
    double[][] data;
    if (d > options.pcaDimensions()) {
      data = Pca.fit(x, options.pcaDimensions()).project(x);
    } else {
      data = new double[n][d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          data[i][j] = x[i][j];
        }
      }
    }
    double[] p = jointProbabilities(data, options.perplexity());
    double[][] y = start(x, options);
    optimise(p, y, options.iterations());
    return new Result(y, klDivergence(p, y));
  }

  /** Symmetrised joint probabilities, n x n row-major. */
  static double[] jointProbabilities(double[][] data, double perplexity) {
    int n = data.length;
    double[] conditional = conditionalProbabilities(data, perplexity);
    double[] joint = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        joint[i * n + j] = Math.max(MIN_PROBABILITY, (conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n));
      }
    }
    return joint;
  }

  /** Row i holds p(j|i), calibrated to the perplexity; n x n row-major. */
  static double[] conditionalProbabilities(double[][] data, double perplexity) {
    int n = data.length;
    double[] conditional = new double[n * n];
    double target = Math.log(perplexity);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double[] dist = new double[n];
              double nearest = Double.POSITIVE_INFINITY;
              for (int j = 0; j < n; j++) {
                if (j != i) {
                  double s = 0;
                  for (int k = 0; k < data[i].length; k++) {
                    double diff = data[i][k] - data[j][k];
                    s += diff * diff;
                  }
                  dist[j] = s;
                  nearest = Math.min(nearest, s);
                }
              }
              for (int j = 0; j < n; j++) {
                dist[j] -= nearest;
              }
              calibrateRow(dist, i, target, conditional, i * n);
            });
    return conditional;
  }

  /** Bisection on the precision beta of row i so that the entropy of p(.|i) is log(perplexity). */
  private static void calibrateRow(double[] dist, int i, double targetEntropy, double[] out, int offset) {
    int n = dist.length;
    double beta = 1;
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.POSITIVE_INFINITY;
    double[] row = new double[n];
    for (int step = 0; step < MAX_BISECTION_STEPS; step++) {
      double sum = 0;
      double weighted = 0;
      for (int j = 0; j < n; j++) {
        row[j] = j == i ? 0 : Math.exp(-dist[j] * beta);
        sum += row[j];
        weighted += dist[j] * row[j];
      }
      double entropy = Math.log(sum) + beta * weighted / sum;
      double diff = entropy - targetEntropy;
      for (int j = 0; j < n; j++) {
        out[offset + j] = row[j] / sum;
      }
      if (Math.abs(diff) < ENTROPY_TOLERANCE) {
        return;
      }
      if (diff > 0) {
        low = beta;
        beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = low == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + low) / 2;
      }
    }
  }

  private static double[][] start(float[][] x, Options options) {
    int n = x.length;
    double[][] y = new double[n][2];
    if (options.pcaStart() && x[0].length >= 2) {
      double[][] pc = Pca.fit(x, 2).project(x);
      double sumSquares = 0;
      for (double[] row : pc) {
        sumSquares += row[0] * row[0];
      }
      double std = Math.sqrt(sumSquares / n);
      if (std > 0) {
        for (int i = 0; i < n; i++) {
          y[i][0] = pc[i][0] / std * INITIAL_STD;
          y[i][1] = pc[i][1] / std * INITIAL_STD;
        }
        return y;
      }
    }
    Random random = new Random(options.seed());
    for (double[] row : y) {
      row[0] = random.nextGaussian() * INITIAL_STD;
      row[1] = random.nextGaussian() * INITIAL_STD;
    }
    return y;
  }

  private static void optimise(double[] p, double[][] y, int iterations) {
    int n = y.length;
    double learningRate = Math.max(n / EXAGGERATION / 4, MIN_LEARNING_RATE);
    double[][] update = new double[n][2];
    double[][] gains = new double[n][2];
    for (double[] g : gains) {
      g[0] = 1;
      g[1] = 1;
    }
    double[][] grad = new double[n][2];
    for (int it = 0; it < iterations; it++) {
      boolean early = it < EXAGGERATION_ITERATIONS;
      double exaggeration = early ? EXAGGERATION : 1;
      double momentum = early ? MOMENTUM_EARLY : MOMENTUM_LATE;
      gradient(p, y, exaggeration, grad);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
          boolean sameSign = (grad[i][k] > 0) == (update[i][k] > 0);
          gains[i][k] = Math.max(MIN_GAIN, sameSign ? gains[i][k] * 0.8 : gains[i][k] + 0.2);
          update[i][k] = momentum * update[i][k] - learningRate * gains[i][k] * grad[i][k];
          y[i][k] += update[i][k];
        }
      }
      centre(y);
    }
  }

  /** The row sums of the Student-t kernel, so that Z = their sum. */
  private static double normaliser(double[][] y) {
    int n = y.length;
    double[] rowSums = new double[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double s = 0;
              for (int j = 0; j < n; j++) {
                if (j != i) {
                  double dx = y[i][0] - y[j][0];
                  double dy = y[i][1] - y[j][1];
                  s += 1 / (1 + dx * dx + dy * dy);
                }
              }
              rowSums[i] = s;
            });
    double z = 0;
    for (double s : rowSums) {
      z += s;
    }
    return z;
  }

  /** dC/dy_i = 4 sum_j (exaggeration p_ij - q_ij) (1 + |y_i - y_j|^2)^-1 (y_i - y_j). */
  private static void gradient(double[] p, double[][] y, double exaggeration, double[][] grad) {
    int n = y.length;
    double z = normaliser(y);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double gx = 0;
              double gy = 0;
              for (int j = 0; j < n; j++) {
                if (j == i) {
                  continue;
                }
                double dx = y[i][0] - y[j][0];
                double dy = y[i][1] - y[j][1];
                double kernel = 1 / (1 + dx * dx + dy * dy);
                double force = (exaggeration * p[i * n + j] - kernel / z) * kernel;
                gx += force * dx;
                gy += force * dy;
              }
              grad[i][0] = 4 * gx;
              grad[i][1] = 4 * gy;
            });
  }

  private static void centre(double[][] y) {
    double mx = 0;
    double my = 0;
    for (double[] row : y) {
      mx += row[0];
      my += row[1];
    }
    mx /= y.length;
    my /= y.length;
    for (double[] row : y) {
      row[0] -= mx;
      row[1] -= my;
    }
  }

  /** KL(P || Q) = sum p_ij log(p_ij / q_ij) over i != j. */
  static double klDivergence(double[] p, double[][] y) {
    int n = y.length;
    double z = normaliser(y);
    double kl = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j != i) {
          double dx = y[i][0] - y[j][0];
          double dy = y[i][1] - y[j][1];
          double q = Math.max(MIN_PROBABILITY, 1 / (1 + dx * dx + dy * dy) / z);
          kl += p[i * n + j] * Math.log(p[i * n + j] / q);
        }
      }
    }
    return kl;
  }
}
