package org.xxact.train;

/**
 * How a run uses its dataset, recorded with the run so that resuming or evaluating it sees the same data.
 *
 * @param trainSubset train on only this many training samples, drawn in a fixed seeded order so that smaller subsets
 *     are contained in larger ones (the training-set-size scaling experiment); 0: the whole train split
 * @param augment render every training pattern with the random changes of {@link org.xxact.data.Augmentation#DEFAULTS}
 *     (peak width and shape, zero shift, strain, intensities, K-alpha2, background, counting noise); validation and
 *     test patterns are never augmented
 */
public record DataConfig(int trainSubset, boolean augment) {
  public DataConfig {
    if (trainSubset < 0) {
      throw new IllegalArgumentException("data.trainSubset must not be negative, got " + trainSubset);
    }
  }

  /** The whole train split, no augmentation. */
  public static DataConfig defaults() {
    return new DataConfig(0, false);
  }
}
