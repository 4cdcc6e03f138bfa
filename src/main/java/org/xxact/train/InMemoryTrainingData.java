package org.xxact.train;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.xxact.data.Batch;
import org.xxact.data.TargetSpec;

/**
 * {@link TrainingData} over two batches that hold whole splits in memory: each training epoch is a Fisher-Yates
 * permutation seeded by (seed, epoch), cut into batches (the last one may be smaller). For small sets: tests,
 * benchmarks, probes.
 */
public final class InMemoryTrainingData implements TrainingData {
  private final List<TargetSpec> targets;
  private final Batch train;
  private final Batch validation;
  private final String manifestChecksum;

  /**
   * @param train every training sample
   * @param validation every validation sample
   * @param manifestChecksum checksum of what the samples came from, or null
   */
  public InMemoryTrainingData(List<TargetSpec> targets, Batch train, Batch validation, String manifestChecksum) {
    if (train.numTargets() != targets.size() || validation.numTargets() != targets.size()) {
      throw new IllegalArgumentException("batches and target list disagree on the number of targets");
    }
    this.targets = List.copyOf(targets);
    this.train = train;
    this.validation = validation;
    this.manifestChecksum = manifestChecksum;
  }

  @Override
  public List<TargetSpec> targets() {
    return targets;
  }

  @Override
  public int trainSize() {
    return train.size();
  }

  @Override
  public Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int firstBatch) {
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return batches(train, order, batchSize, firstBatch);
  }

  @Override
  public Iterator<Batch> validationBatches(int batchSize) {
    int[] order = new int[validation.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return batches(validation, order, batchSize, 0);
  }

  @Override
  public String manifestChecksum() {
    return manifestChecksum;
  }

  private static Iterator<Batch> batches(Batch all, int[] order, int batchSize, int firstBatch) {
    return new Iterator<>() {
      private int next = firstBatch * batchSize;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(order.length, next + batchSize);
        int[] rows = java.util.Arrays.copyOfRange(order, next, end);
        next = end;
        return select(all, rows);
      }
    };
  }

  /** The rows {@code rows} of {@code all}, in that order, as a new batch. */
  public static Batch select(Batch all, int[] rows) {
    int b = rows.length;
    int e = all.maxElements();
    int g = all.gridPoints();
    int t = all.numTargets();
    int[] ids = new int[b * e];
    float[] fractions = new float[b * e];
    float[] elementMask = new float[b * e];
    float[] xrd = new float[b * g];
    float[] targets = new float[b * t];
    float[] targetMask = new float[b * t];
    long[] formulaKeys = new long[b];
    int[] indices = new int[b];
    for (int i = 0; i < b; i++) {
      int r = rows[i];
      System.arraycopy(all.elementIds(), r * e, ids, i * e, e);
      System.arraycopy(all.elementFractions(), r * e, fractions, i * e, e);
      System.arraycopy(all.elementMask(), r * e, elementMask, i * e, e);
      System.arraycopy(all.xrd(), r * g, xrd, i * g, g);
      System.arraycopy(all.targets(), r * t, targets, i * t, t);
      System.arraycopy(all.targetMask(), r * t, targetMask, i * t, t);
      formulaKeys[i] = all.formulaKeys()[r];
      indices[i] = all.indices()[r];
    }
    return new Batch(b, e, ids, fractions, elementMask, g, xrd, t, targets, targetMask, formulaKeys, indices);
  }
}
