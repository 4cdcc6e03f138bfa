package org.xxact.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * <p>When the model also predicts a standard deviation per sample, its calibration is scored too: the fractions of
 * labels within one and two predicted standard deviations of the prediction, and the mean predicted standard deviation
 * (how sharp the predictions are). A calibrated Gaussian prediction holds 68.3 % and 95.4 %; a calibrated Laplace one
 * 75.7 % and 94.1 %. Fewer means the model is over-confident, more that it is under-confident.
 *
 * @param mae mean |prediction - label|
 * @param rmse sqrt(mean (prediction - label)^2)
 * @param r2 coefficient of determination, NaN when the labels do not vary
 * @param n number of labelled samples
 * @param within1Sd fraction of labels with |prediction - label| <= sd, null without predicted standard deviations
 * @param within2Sd fraction of labels with |prediction - label| <= 2 sd, null without predicted standard deviations
 * @param meanSd mean predicted standard deviation, null without predicted standard deviations
 */
@JsonPropertyOrder({"mae", "rmse", "r2", "n", "within_1sd", "within_2sd", "mean_sd"})
public record RegressionMetrics(
    @JsonProperty("mae") double mae,
    @JsonProperty("rmse") double rmse,
    @JsonProperty("r2") double r2,
    @JsonProperty("n") int n,
    @JsonProperty("within_1sd") @JsonInclude(JsonInclude.Include.NON_NULL) Double within1Sd,
    @JsonProperty("within_2sd") @JsonInclude(JsonInclude.Include.NON_NULL) Double within2Sd,
    @JsonProperty("mean_sd") @JsonInclude(JsonInclude.Include.NON_NULL) Double meanSd)
    implements TargetMetrics {

  @JsonCreator
  public RegressionMetrics {}

  /** Scores without predicted standard deviations. */
  public RegressionMetrics(double mae, double rmse, double r2, int n) {
    this(mae, rmse, r2, n, null, null, null);
  }

  /** Scores every sample. */
  public static RegressionMetrics of(double[] predicted, double[] actual) {
    return of(predicted, actual, null);
  }

  /** Scores the samples whose label is known, without predicted standard deviations. */
  public static RegressionMetrics of(double[] predicted, double[] actual, boolean[] labelled) {
    return of(predicted, actual, labelled, null);
  }

  /**
   * Scores the samples whose label is known.
   *
   * @param predicted one prediction per sample (a non-finite prediction makes the scores non-finite, as it should)
   * @param actual one label per sample; must be finite where {@code labelled} is true
   * @param labelled true where the label is known, or null when all are
   * @param sd predicted standard deviation per sample, or null when the model predicts none
   * @throws IllegalArgumentException for arrays of different lengths, a non-finite known label, or no known label
   */
  public static RegressionMetrics of(double[] predicted, double[] actual, boolean[] labelled, double[] sd) {
    Masks.checkLengths(predicted.length, actual.length, labelled);
    if (sd != null && sd.length != predicted.length) {
      throw new IllegalArgumentException(sd.length + " standard deviations for " + predicted.length + " predictions");
    }
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
    int within1 = 0;
    int within2 = 0;
    double sdSum = 0;
    for (int i = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        double e = predicted[i] - actual[i];
        absolute += Math.abs(e);
        squared += e * e;
        double t = actual[i] - mean;
        total += t * t;
        if (sd != null) {
          within1 += Math.abs(e) <= sd[i] ? 1 : 0;
          within2 += Math.abs(e) <= 2 * sd[i] ? 1 : 0;
          sdSum += sd[i];
        }
      }
    }
    double r2 = total > 0 ? 1.0 - squared / total : Double.NaN;
    if (sd == null) {
      return new RegressionMetrics(absolute / n, Math.sqrt(squared / n), r2, n);
    }
    return new RegressionMetrics(
        absolute / n, Math.sqrt(squared / n), r2, n, (double) within1 / n, (double) within2 / n, sdSum / n);
  }

  @Override
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mae", mae);
    out.put("rmse", rmse);
    out.put("r2", r2);
    out.put("n", (double) n);
    if (within1Sd != null) {
      out.put("within_1sd", within1Sd);
      out.put("within_2sd", within2Sd);
      out.put("mean_sd", meanSd);
    }
    return out;
  }
}
