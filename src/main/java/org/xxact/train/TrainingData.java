package org.xxact.train;

import java.util.Iterator;
import java.util.List;
import org.xxact.data.Batch;
import org.xxact.data.TargetSpec;

/**
 * What the trainer needs from a dataset. Batches hold normalised regression targets (with the statistics of
 * {@link #targets()}) and target masks.
 *
 * <p>Reproducibility contract: the samples and order of {@link #trainBatches} depend only on (seed, epoch), and any
 * augmentation of batch i only on (seed, epoch, i), so that a resumed run that restarts at batch {@code firstBatch}
 * sees exactly what an uninterrupted run would have seen.
 */
public interface TrainingData {
  /** The targets of every batch, in column order, with the train-split normalisation statistics. */
  List<TargetSpec> targets();

  /** Samples in the training split. */
  int trainSize();

  /** Batches per training epoch at {@code batchSize}. */
  default int trainBatchesPerEpoch(int batchSize) {
    return (trainSize() + batchSize - 1) / batchSize;
  }

  /** The training batches of {@code epoch}, shuffled by (seed, epoch), from batch {@code firstBatch} on. */
  Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int firstBatch);

  /** The validation split in a fixed order, without augmentation. */
  Iterator<Batch> validationBatches(int batchSize);

  /** Checksum of the dataset manifest the batches come from, recorded in the run directory; null when none. */
  default String manifestChecksum() {
    return null;
  }
}
