package org.xxact.model;

import java.util.List;
import org.xxact.data.Batch;
import org.xxact.data.TargetSpec;

/**
 * A trained model as prediction and evaluation see it: the inputs it reads ({@link #config()}: modality, XRD grid),
 * the targets it predicts, and predictions in physical units. One network ({@link XxactModel}) or several averaged
 * ({@link EnsembleModel}).
 */
public interface PropertyModel extends AutoCloseable {
  /** The configuration that fixes the inputs (modality, XRD grid); for an ensemble, its first member's. */
  ModelConfig config();

  /** The targets, in prediction order. */
  List<TargetSpec> targets();

  /**
   * Predictions for a batch in physical units, without gradients.
   *
   * @return one entry per target, in target order
   */
  List<TargetPrediction> predict(Batch batch);

  @Override
  void close();
}
