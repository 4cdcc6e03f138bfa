package org.xxact.model;

import ai.djl.ndarray.NDArray;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * Predictions of one target for a batch, in physical units.
 *
 * @param target the target
 * @param mean [B] predicted value (regression, de-normalised with the train-split mean and std); null for classes
 * @param std [B] predicted standard deviation (regression with variance head), null otherwise
 * @param probabilities [B * C] class probabilities (classification), null for regression
 * @param predictedClass [B] most probable class (classification), null for regression
 */
public record TargetPrediction(
    TargetSpec target, double[] mean, double[] std, float[] probabilities, int[] predictedClass) {

  static TargetPrediction of(PredictionHead head, NDArray output, int batchSize) {
    TargetSpec t = head.target();
    float[] raw = output.toFloatArray();
    int columns = head.outputs();
    if (t.kind() == TargetKind.CLASSIFICATION) {
      float[] probabilities = output.softmax(-1).toFloatArray();
      int[] predicted = new int[batchSize];
      for (int i = 0; i < batchSize; i++) {
        predicted[i] = argmax(raw, i * columns, columns);
      }
      return new TargetPrediction(t, null, null, probabilities, predicted);
    }
    double[] mean = new double[batchSize];
    double[] std = head.withVariance() ? new double[batchSize] : null;
    for (int i = 0; i < batchSize; i++) {
      mean[i] = raw[i * columns] * t.std() + t.mean();
      if (std != null) {
        double logVariance = SupervisedLoss.clampLogVariance(raw[i * columns + 1]);
        std[i] = Math.exp(0.5 * logVariance) * t.std();
      }
    }
    return new TargetPrediction(t, mean, std, null, null);
  }

  /** Index (0-based, relative to {@code offset}) of the largest of {@code values[offset .. offset + length)}. */
  public static int argmax(float[] values, int offset, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (values[offset + c] > values[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
