package org.xxact.eval.embedding;

import java.util.stream.IntStream;

/**
 * A k-nearest-neighbour probe on frozen embeddings: a regression target is predicted as the mean of the k nearest
 * training samples' values, a class by majority vote among them. It measures how well the embedding's geometry groups
 * materials with similar properties, with no fitted parameters.
 *
 * <p>Deterministic tie rules: of training samples at equal distance the one with the lower index is nearer; of classes
 * with equal votes the one whose member is nearest wins. Queries are independent and run in parallel.
 */
public final class KnnProbe {
  /** How distance between embeddings is measured. */
  public enum Distance {
    /** Straight-line distance. */
    EUCLIDEAN,
    /** One minus the cosine of the angle: only the direction of an embedding counts (a zero vector is at 1 from all). */
    COSINE
  }

  private final double[][] train;
  private final double[] squaredNorms;
  private final Distance distance;

  private KnnProbe(double[][] train, double[] squaredNorms, Distance distance) {
    this.train = train;
    this.squaredNorms = squaredNorms;
    this.distance = distance;
  }

  /** A probe over these training embeddings. */
  public static KnnProbe of(float[][] train, Distance distance) {
    Standardizer.dimension(train);
    double[][] rows = new double[train.length][];
    double[] norms = new double[train.length];
    for (int i = 0; i < train.length; i++) {
      rows[i] = prepare(train[i], distance);
      norms[i] = dot(rows[i], rows[i]);
    }
    return new KnnProbe(rows, norms, distance);
  }

  private static double[] prepare(float[] row, Distance distance) {
    double[] out = new double[row.length];
    double norm = 0;
    for (int j = 0; j < row.length; j++) {
      out[j] = row[j];
      norm += out[j] * out[j];
    }
    if (distance == Distance.COSINE && norm > 0) {
      double inv = 1 / Math.sqrt(norm);
      for (int j = 0; j < row.length; j++) {
        out[j] *= inv;
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /** Indices of the k nearest training samples of each query, nearest first. */
  public int[][] neighbours(float[][] queries, int k) {
    if (k < 1 || k > train.length) {
      throw new IllegalArgumentException("k = " + k + " with " + train.length + " training samples");
    }
    int[][] out = new int[queries.length][];
    IntStream.range(0, queries.length).parallel().forEach(q -> out[q] = nearest(queries[q], k));
    return out;
  }

  private int[] nearest(float[] query, int k) {
    if (query.length != train[0].length) {
      throw new IllegalArgumentException("query of " + query.length + " features for embeddings of " + train[0].length);
    }
    double[] v = prepare(query, distance);
    double vv = dot(v, v);
    int[] index = new int[k];
    double[] dist = new double[k];
    int filled = 0;
    for (int i = 0; i < train.length; i++) {
      double dp = dot(v, train[i]);
      double d = distance == Distance.COSINE ? 1 - dp : vv + squaredNorms[i] - 2 * dp;
      if (filled == k && !(d < dist[k - 1])) {
        continue;
      }
      int pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && dist[pos - 1] > d) {
        dist[pos] = dist[pos - 1];
        index[pos] = index[pos - 1];
        pos--;
      }
      dist[pos] = d;
      index[pos] = i;
    }
    return index;
  }

  /** Mean of the k nearest training samples' values, for each query. */
  public double[] regress(float[][] queries, double[] trainValues, int k) {
    checkLength(trainValues.length);
    int[][] nn = neighbours(queries, k);
    double[] out = new double[queries.length];
    for (int q = 0; q < nn.length; q++) {
      double s = 0;
      for (int i : nn[q]) {
        s += trainValues[i];
      }
      out[q] = s / k;
    }
    return out;
  }

  /** Majority class of the k nearest training samples, for each query (ties: the class of the nearest member). */
  public int[] classify(float[][] queries, int[] trainLabels, int numClasses, int k) {
    checkLength(trainLabels.length);
    for (int i = 0; i < trainLabels.length; i++) {
      if (trainLabels[i] < 0 || trainLabels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + i + " is " + trainLabels[i] + " of " + numClasses + " classes");
      }
    }
    int[][] nn = neighbours(queries, k);
    int[] out = new int[queries.length];
    for (int q = 0; q < nn.length; q++) {
      int[] votes = new int[numClasses];
      for (int i : nn[q]) {
        votes[trainLabels[i]]++;
      }
      int most = 0;
      for (int v : votes) {
        most = Math.max(most, v);
      }
      for (int i : nn[q]) {
        if (votes[trainLabels[i]] == most) {
          out[q] = trainLabels[i];
          break;
        }
      }
    }
    return out;
  }

  private void checkLength(int n) {
    if (n != train.length) {
      throw new IllegalArgumentException(n + " training values for " + train.length + " training embeddings");
    }
  }
}
