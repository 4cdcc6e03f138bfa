package org.xxact.train;

import java.util.List;
import java.util.SplittableRandom;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * A seeded synthetic materials task with known answers, for smoke tests and throughput benchmarks: compositions of 1 to
 * {@link #MAX_ELEMENTS} elements (Z 1..{@link #ELEMENT_POOL}) with a regression target that is a fixed function of the
 * element fractions ("energy" = sum_j x_j w(Z_j) + x_max^2, w a fixed per-element value), and patterns of 3 to 8
 * Gaussian peaks whose class ("lattice", 3 classes) is the third of the 2-theta range holding the strongest peak. The
 * composition alone predicts the energy, the pattern alone the class; about {@link #MISSING_FRACTION} of the labels are
 * missing to exercise the target masks.
 */
public final class SyntheticMaterials {
  /** Elements per composition at most. */
  public static final int MAX_ELEMENTS = 5;
  /** Elements are drawn from Z = 1..this. */
  public static final int ELEMENT_POOL = 40;
  /** Fraction of labels marked missing. */
  public static final double MISSING_FRACTION = 0.1;
  /** Peak standard deviation in grid points. */
  private static final double PEAK_SIGMA_POINTS = 3.0;
  private static final int LATTICE_CLASSES = 3;

  private SyntheticMaterials() {}

  /** The two targets of the task; the energy is generated on the scale of a normalised target (stored with mean 0, std 1). */
  public static List<TargetSpec> targets() {
    return List.of(
        new TargetSpec("energy", TargetKind.REGRESSION, "eV/atom", 0.0, 1.0, List.of()),
        new TargetSpec("lattice", TargetKind.CLASSIFICATION, "", 0.0, 1.0, List.of("low", "middle", "high")));
  }

  /** {@code size} samples on a grid of {@code gridPoints}, from {@code seed}; indices start at {@code firstIndex}. */
  public static Batch generate(int size, int gridPoints, long seed, int firstIndex) {
    SplittableRandom weights = new SplittableRandom(12345L);
    double[] w = new double[ELEMENT_POOL + 1];
    for (int z = 1; z <= ELEMENT_POOL; z++) {
      w[z] = weights.nextGaussian();
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int e = MAX_ELEMENTS;
    int[] ids = new int[size * e];
    float[] fractions = new float[size * e];
    float[] mask = new float[size * e];
    float[] xrd = new float[size * gridPoints];
    float[] targets = new float[size * 2];
    float[] targetMask = new float[size * 2];
    long[] formulaKeys = new long[size];
    int[] indices = new int[size];
    for (int i = 0; i < size; i++) {
      int n = 1 + rng.nextInt(MAX_ELEMENTS);
      int[] zs = rng.ints(1, ELEMENT_POOL + 1).distinct().limit(n).toArray();
      double[] amounts = new double[n];
      double total = 0;
      for (int j = 0; j < n; j++) {
        amounts[j] = 1 + rng.nextInt(6);
        total += amounts[j];
      }
      double energy = 0;
      double maxFraction = 0;
      long key = 17;
      for (int j = 0; j < n; j++) {
        double x = amounts[j] / total;
        ids[i * e + j] = zs[j];
        fractions[i * e + j] = (float) x;
        mask[i * e + j] = 1f;
        energy += x * w[zs[j]];
        maxFraction = Math.max(maxFraction, x);
        key = key * 31 + zs[j] * 1000L + Math.round(x * 1000);
      }
      energy += maxFraction * maxFraction;
      int peaks = 3 + rng.nextInt(6);
      int strongest = 0;
      double strongestHeight = -1;
      double max = 0;
      double[] pattern = new double[gridPoints];
      for (int p = 0; p < peaks; p++) {
        int centre = rng.nextInt(gridPoints);
        double height = 0.1 + rng.nextDouble();
        if (height > strongestHeight) {
          strongestHeight = height;
          strongest = centre;
        }
        int reach = (int) Math.ceil(4 * PEAK_SIGMA_POINTS);
        for (int g = Math.max(0, centre - reach); g < Math.min(gridPoints, centre + reach + 1); g++) {
          double u = (g - centre) / PEAK_SIGMA_POINTS;
          pattern[g] += height * Math.exp(-0.5 * u * u);
        }
      }
      for (double v : pattern) {
        max = Math.max(max, v);
      }
      for (int g = 0; g < gridPoints; g++) {
        xrd[i * gridPoints + g] = (float) (pattern[g] / max);
      }
      int lattice = Math.min(LATTICE_CLASSES - 1, strongest * LATTICE_CLASSES / gridPoints);
      targets[i * 2] = (float) energy;
      targets[i * 2 + 1] = lattice;
      for (int t = 0; t < 2; t++) {
        boolean missing = rng.nextDouble() < MISSING_FRACTION;
        targetMask[i * 2 + t] = missing ? 0f : 1f;
        if (missing) {
          targets[i * 2 + t] = Float.NaN;
        }
      }
      formulaKeys[i] = key;
      indices[i] = firstIndex + i;
    }
    return new Batch(size, e, ids, fractions, mask, gridPoints, xrd, 2, targets, targetMask, formulaKeys, indices);
  }

  /** Train and validation splits of the synthetic task as {@link TrainingData}. */
  public static TrainingData data(int trainSize, int validationSize, int gridPoints, long seed) {
    return new InMemoryTrainingData(
        targets(),
        generate(trainSize, gridPoints, seed, 0),
        generate(validationSize, gridPoints, seed + 1, trainSize),
        "synthetic:" + trainSize + ":" + validationSize + ":" + gridPoints + ":" + seed);
  }
}
