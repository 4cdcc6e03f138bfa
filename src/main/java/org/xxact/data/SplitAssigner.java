package org.xxact.data;

import java.util.List;
import java.util.Locale;

/**
 * Assigns a group (by default a reduced formula) to train, validation or test from a hash of the seed and the group
 * key alone. All samples of a group therefore land in the same split (no composition is seen in training and scored
 * in test, which would flatter a model that memorises compositions; cf. Bartel et al., npj Comput. Mater. 6, 97, 2020),
 * the assignment does not depend on the order or the threads in which records are processed, and a build resumed
 * after a crash assigns exactly as an uninterrupted one. The split sizes are the requested fractions in expectation;
 * with thousands of groups they are within a fraction of a percent.
 *
 * @param seed split seed
 * @param trainFraction fraction of groups in training
 * @param valFraction fraction of groups in validation
 * @param testFraction fraction of groups in test (what train and validation leave)
 */
public record SplitAssigner(long seed, double trainFraction, double valFraction, double testFraction) {
  /** How far the given fractions may sum from 1 (they are typed by hand, e.g. 0.33,0.33,0.34). */
  public static final double FRACTION_SUM_TOLERANCE = 1e-6;

  public SplitAssigner {
    if (!(trainFraction >= 0) || !(valFraction >= 0) || !(testFraction >= 0)
        || Math.abs(trainFraction + valFraction + testFraction - 1) > FRACTION_SUM_TOLERANCE) {
      throw new IllegalArgumentException("split fractions must be non-negative and sum to 1, got train "
          + trainFraction + ", val " + valFraction + ", test " + testFraction);
    }
  }

  /**
   * Parses "train,val,test" fractions such as "0.8,0.1,0.1".
   *
   * @throws IllegalArgumentException unless there are three non-negative numbers summing to 1
   */
  public static SplitAssigner parse(long seed, String fractions) {
    String[] parts = fractions.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "--split needs three fractions train,val,test such as 0.8,0.1,0.1, got '" + fractions + "'");
    }
    double[] f = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        f[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("--split: '" + parts[i] + "' is not a number");
      }
      if (!(f[i] >= 0) || !(f[i] <= 1)) {
        throw new IllegalArgumentException("--split: fraction " + parts[i] + " is outside [0, 1]");
      }
    }
    double sum = f[0] + f[1] + f[2];
    if (Math.abs(sum - 1) > FRACTION_SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "--split fractions must sum to 1, got %s (sum %.6f)", fractions, sum));
    }
    return new SplitAssigner(seed, f[0], f[1], f[2]);
  }

  /** The three fractions in the order train, val, test. */
  public List<Double> fractions() {
    return List.of(trainFraction, valFraction, testFraction);
  }

  /** The split of every sample whose group key is {@code groupKey}. */
  public Split assign(String groupKey) {
    double u = StableHash.unitInterval(StableHash.hash(seed, groupKey));
    if (u < trainFraction) {
      return Split.TRAIN;
    }
    return u < trainFraction + valFraction ? Split.VAL : Split.TEST;
  }
}
