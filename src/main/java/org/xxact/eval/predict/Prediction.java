package org.xxact.eval.predict;

import java.util.List;

/**
 * What a model predicts for one input: one value per target, in the model's target order.
 *
 * @param input the input
 * @param values the predictions
 */
public record Prediction(PredictionInput input, List<TargetValue> values) {
  public Prediction {
    values = List.copyOf(values);
  }

  /** The prediction of the target {@code name}. */
  public TargetValue value(String name) {
    return values.stream()
        .filter(v -> v.target().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model predicts no target '" + name + "'"));
  }
}
