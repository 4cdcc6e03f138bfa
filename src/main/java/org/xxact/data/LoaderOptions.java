package org.xxact.data;

import java.util.List;

/**
 * How a {@link DatasetLoader} turns a dataset split into batches.
 *
 * @param split the split to serve
 * @param batchSize samples per batch
 * @param shuffle shuffle the order every epoch (seeded by seed and epoch)
 * @param dropLast drop the last batch of an epoch when it is smaller than {@code batchSize}
 * @param seed seed of the shuffling and of every random augmentation
 * @param targets target names to put in the batch, in this order; empty for all targets of the dataset
 * @param subsetSize serve only the first this many samples of the split in a seeded order (0 for all); the subsets
 *     of one seed are nested, so that training sets of 1,000, 3,000 and 10,000 samples grow from each other
 * @param subsetSeed seed of the subset order
 * @param maxElements composition tokens per sample; 0 for the dataset's largest composition
 * @param threads worker threads that render batches ahead of the consumer
 * @param prefetchBatches batches rendered ahead of the consumer
 * @param render pattern grid, peak shape and augmentation
 */
public record LoaderOptions(
    Split split,
    int batchSize,
    boolean shuffle,
    boolean dropLast,
    long seed,
    List<String> targets,
    int subsetSize,
    long subsetSeed,
    int maxElements,
    int threads,
    int prefetchBatches,
    RenderSettings render) {

  public LoaderOptions {
    targets = List.copyOf(targets);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (subsetSize < 0 || maxElements < 0) {
      throw new IllegalArgumentException("subset size and max elements must not be negative");
    }
    if (threads < 1 || prefetchBatches < 1) {
      throw new IllegalArgumentException("threads and prefetch batches must be at least 1");
    }
  }

  /**
   * Defaults for a split: batches of 64, shuffled and dropping the last partial batch for training (in order and
   * complete otherwise), seed 0, all targets, no subset, all processors, two batches ahead per thread, the model grid
   * without augmentation.
   */
  public static LoaderOptions defaults(Split split) {
    boolean train = split == Split.TRAIN;
    int threads = Runtime.getRuntime().availableProcessors();
    return new LoaderOptions(split, 64, train, train, 0, List.of(), 0, 0, 0, threads, 2 * threads,
        RenderSettings.DEFAULT);
  }

  public LoaderOptions withBatchSize(int n) {
    return new LoaderOptions(split, n, shuffle, dropLast, seed, targets, subsetSize, subsetSeed, maxElements, threads,
        prefetchBatches, render);
  }

  public LoaderOptions withSeed(long s) {
    return new LoaderOptions(split, batchSize, shuffle, dropLast, s, targets, subsetSize, subsetSeed, maxElements,
        threads, prefetchBatches, render);
  }

  public LoaderOptions withTargets(List<String> names) {
    return new LoaderOptions(split, batchSize, shuffle, dropLast, seed, names, subsetSize, subsetSeed, maxElements,
        threads, prefetchBatches, render);
  }

  public LoaderOptions withSubset(int size, long seedOfOrder) {
    return new LoaderOptions(split, batchSize, shuffle, dropLast, seed, targets, size, seedOfOrder, maxElements,
        threads, prefetchBatches, render);
  }

  public LoaderOptions withThreads(int n, int prefetch) {
    return new LoaderOptions(split, batchSize, shuffle, dropLast, seed, targets, subsetSize, subsetSeed, maxElements,
        n, prefetch, render);
  }

  public LoaderOptions withRender(RenderSettings r) {
    return new LoaderOptions(split, batchSize, shuffle, dropLast, seed, targets, subsetSize, subsetSeed, maxElements,
        threads, prefetchBatches, r);
  }

  public LoaderOptions withShuffle(boolean shuffleEachEpoch, boolean dropLastBatch) {
    return new LoaderOptions(split, batchSize, shuffleEachEpoch, dropLastBatch, seed, targets, subsetSize, subsetSeed,
        maxElements, threads, prefetchBatches, render);
  }
}
