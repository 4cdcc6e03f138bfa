package org.xxact.eval.embedding;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random orders and subsets, so that cross-validation folds, validation splits and the points of an embedding
 * map are the same on every run with the same seed. {@link Random} is used because its sequence is fixed by the Java
 * specification for a given seed.
 */
public final class Sampling {
  private Sampling() {}

  /** A random order of 0..n-1 (Fisher-Yates). */
  public static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** {@code size} distinct indices of 0..n-1 in ascending order, or all of them when size >= n. */
  public static int[] subset(int n, int size, long seed) {
    if (size >= n) {
      return identity(n);
    }
    int[] chosen = Arrays.copyOf(permutation(n, seed), size);
    Arrays.sort(chosen);
    return chosen;
  }

  private static int[] identity(int n) {
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /** The rows of x at the given indices (shared, not copied). */
  public static float[][] rows(float[][] x, int[] indices) {
    float[][] out = new float[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = x[indices[i]];
    }
    return out;
  }

  /** The values at the given indices. */
  public static double[] values(double[] v, int[] indices) {
    double[] out = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = v[indices[i]];
    }
    return out;
  }

  /** The values at the given indices. */
  public static int[] values(int[] v, int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = v[indices[i]];
    }
    return out;
  }
}
