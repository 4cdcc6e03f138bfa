package org.xxact.eval.embedding;

import java.util.Random;

/** Seeded synthetic embeddings for the probe and map tests. */
final class SyntheticEmbeddings {
  private SyntheticEmbeddings() {}

  /** n rows of d standard normal features. */
  static float[][] gaussian(int n, int d, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  /**
   * {@code perCluster} points around each of {@code clusters} centres; centre c sits at {@code separation} along axis c,
   * points scatter with unit standard deviation in every dimension. Row i belongs to cluster i / perCluster.
   */
  static float[][] clusters(int clusters, int perCluster, int d, double separation, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[clusters * perCluster][d];
    for (int i = 0; i < x.length; i++) {
      int c = i / perCluster;
      for (int j = 0; j < d; j++) {
        x[i][j] = (float) (r.nextGaussian() + (j == c ? separation : 0));
      }
    }
    return x;
  }

  /** The cluster index of each row of {@link #clusters}. */
  static int[] clusterLabels(int clusters, int perCluster) {
    int[] y = new int[clusters * perCluster];
    for (int i = 0; i < y.length; i++) {
      y[i] = i / perCluster;
    }
    return y;
  }
}
