package org.xxact.train;

import org.xxact.data.Augmentation;

/**
 * How a run uses its dataset, recorded with the run so that resuming or evaluating it sees the same data.
 *
 * @param trainSubset train on only this many training samples, drawn in a fixed seeded order so that smaller subsets
 *     are contained in larger ones (the training-set-size scaling experiment); 0: the whole train split
 * @param augment render every training pattern with the random changes of {@code augmentation} (peak width and
 *     shape, zero shift, strain, intensities, K-alpha2, background, counting noise); validation and test patterns are
 *     never augmented
 * @param augmentation the ranges drawn from when {@code augment} is on; absent (a configuration written before the
 *     ranges were recorded): {@link Augmentation#DEFAULTS}. Ranges for simulated data alone, for example only a
 *     lattice strain and an intensity jitter, regularise a model without teaching it about instruments:
 *     {@code --set data.augment=true --set 'data.augmentation={"latticeStrain":{"min":-0.01,"max":0.01}}'}
 */
public record DataConfig(int trainSubset, boolean augment, Augmentation augmentation) {
  public DataConfig {
    if (trainSubset < 0) {
      throw new IllegalArgumentException("data.trainSubset must not be negative, got " + trainSubset);
    }
    if (augmentation == null) {
      augmentation = Augmentation.DEFAULTS;
    }
  }

  /** The whole train split, no augmentation. */
  public static DataConfig defaults() {
    return new DataConfig(0, false, Augmentation.DEFAULTS);
  }

  /** The augmentation of training patterns: {@link #augmentation()} when {@link #augment()} is on, else none. */
  public Augmentation trainingAugmentation() {
    return augment ? augmentation : Augmentation.NONE;
  }
}
