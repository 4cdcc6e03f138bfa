package org.xxact.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of a regression target: mean absolute error, root-mean-square error and the coefficient of determination, over
 * the labelled samples, in the target's physical unit.
 *
 * <p>R2 = 1 - sum (y - f)^2 / sum (y - mean y)^2, as scikit-learn's {@code r2_score}: 1 for a perfect prediction, 0 for
 * always predicting the mean, negative for worse. It is undefined (NaN) when every label is the same.
 *
 * @param mae mean |prediction - label|
 * @param rmse sqrt(mean (prediction - label)^2)
 * @param r2 coefficient of determination, NaN when the labels do not vary
 * @param n number of labelled samples
 */
@JsonPropertyOrder({"mae", "rmse", "r2", "n"})
public record RegressionMetrics(
    @JsonProperty("mae") double mae,
    @JsonProperty("rmse") double rmse,
    @JsonProperty("r2") double r2,
    @JsonProperty("n") int n)
    implements TargetMetrics {

  @JsonCreator
  public RegressionMetrics {}

  /** Scores every sample. */
  public static RegressionMetrics of(double[] predicted, double[] actual) {
    return of(predicted, actual, null);
  }

  /**
   * Scores the samples whose label is known.
   *
   * @param predicted one prediction per sample (a non-finite prediction makes the scores non-finite, as it should)
   * @param actual one label per sample; must be finite where {@code labelled} is true
   * @param labelled true where the label is known, or null when all are
   * @throws IllegalArgumentException for arrays of different lengths, a non-finite known label, or no known label
   */
  public static RegressionMetrics of(double[] predicted, double[] actual, boolean[] labelled) {
    Masks.checkLengths(predicted.length, actual.length, labelled);
    int n = 0;
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        if (!Double.isFinite(actual[i])) {
          throw new IllegalArgumentException("label " + i + " is " + actual[i] + " but marked as known");
        }
        n++;
        sum += actual[i];
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("no labelled sample to score");
    }
    double mean = sum / n;
    double absolute = 0;
    double squared = 0;
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        double e = predicted[i] - actual[i];
        absolute += Math.abs(e);
        squared += e * e;
        double t = actual[i] - mean;
        total += t * t;
      }
    }
    double r2 = total > 0 ? 1.0 - squared / total : Double.NaN;
    return new RegressionMetrics(absolute / n, Math.sqrt(squared / n), r2, n);
  }

  @Override
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mae", mae);
    out.put("rmse", rmse);
    out.put("r2", r2);
    out.put("n", (double) n);
    return out;
  }
}
