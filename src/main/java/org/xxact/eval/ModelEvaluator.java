package org.xxact.eval;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.model.PropertyModel;
import org.xxact.model.TargetPrediction;

/**
 * Scores a trained model (one network or an ensemble) on batches of labelled samples: per regression target MAE, RMSE
 * and R2 in physical units (the model's predictions and the labels both de-normalised), and the calibration of its
 * predicted standard deviations where it has them; per classification target accuracy, macro-F1 and, for two classes,
 * ROC-AUC from the predicted probabilities. Keeps every prediction for parity plots and confusion matrices.
 */
public final class ModelEvaluator {
  private ModelEvaluator() {}

  /**
   * One target's labels and predictions over the evaluated samples.
   *
   * @param target the model's target (name, kind, unit, class names)
   * @param labelled true where the sample has a label
   * @param actual label per sample in physical units (regression) or the class index (classification); NaN where
   *     unlabelled
   * @param predicted predicted value per sample (regression), or the most probable class (classification)
   * @param sd predicted standard deviation per sample (regression with a variance head or an ensemble), else null
   * @param probabilities [sample][class] predicted probabilities (classification), null for regression
   */
  public record TargetOutcome(
      TargetSpec target,
      boolean[] labelled,
      double[] actual,
      double[] predicted,
      double[] sd,
      double[][] probabilities) {
    /** The true classes (classification), -1 where unlabelled. */
    public int[] actualClasses() {
      int[] out = new int[actual.length];
      for (int i = 0; i < actual.length; i++) {
        out[i] = labelled[i] ? (int) Math.round(actual[i]) : -1;
      }
      return out;
    }

    /** Whether any sample is labelled. */
    public boolean anyLabelled() {
      for (boolean b : labelled) {
        if (b) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The scores and the predictions behind them.
   *
   * @param result scores by target name, in model order; targets without a labelled sample are left out
   * @param targets predictions per target, in model order
   * @param samples samples evaluated
   */
  public record Outcome(EvaluationResult result, List<TargetOutcome> targets, int samples) {}

  /**
   * Predicts every batch and scores the predictions.
   *
   * @param batchTargets the specs of the batches' target columns (their normalisation); the names must be the model's
   *     targets in the model's order
   */
  public static Outcome evaluate(PropertyModel model, Iterator<Batch> batches, List<TargetSpec> batchTargets) {
    List<TargetSpec> targets = model.targets();
    List<String> names = targets.stream().map(TargetSpec::name).toList();
    if (!names.equals(batchTargets.stream().map(TargetSpec::name).toList())) {
      throw new IllegalArgumentException("the batches hold targets " + batchTargets.stream().map(TargetSpec::name)
          .toList() + ", the model predicts " + names);
    }
    int n = targets.size();
    List<List<Double>> actual = new ArrayList<>();
    List<List<Double>> predicted = new ArrayList<>();
    List<List<Double>> sd = new ArrayList<>();
    List<List<double[]>> probabilities = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      actual.add(new ArrayList<>());
      predicted.add(new ArrayList<>());
      sd.add(new ArrayList<>());
      probabilities.add(new ArrayList<>());
    }
    int samples = 0;
    while (batches.hasNext()) {
      Batch batch = batches.next();
      List<TargetPrediction> predictions = model.predict(batch);
      for (int t = 0; t < n; t++) {
        TargetSpec spec = batchTargets.get(t);
        TargetPrediction p = predictions.get(t);
        for (int i = 0; i < batch.size(); i++) {
          int k = i * n + t;
          boolean known = batch.targetMask()[k] > 0 && Float.isFinite(batch.targets()[k]);
          double label = batch.targets()[k];
          if (spec.kind() == TargetKind.REGRESSION) {
            actual.get(t).add(known ? label * spec.std() + spec.mean() : Double.NaN);
            predicted.get(t).add(p.mean()[i]);
            if (p.std() != null) {
              sd.get(t).add(p.std()[i]);
            }
          } else {
            int c = spec.numClasses();
            double[] row = new double[c];
            for (int j = 0; j < c; j++) {
              row[j] = p.probabilities()[i * c + j];
            }
            actual.get(t).add(known ? label : Double.NaN);
            predicted.get(t).add((double) p.predictedClass()[i]);
            probabilities.get(t).add(row);
          }
        }
      }
      samples += batch.size();
    }
    List<TargetOutcome> outcomes = new ArrayList<>();
    Map<String, TargetMetrics> scores = new LinkedHashMap<>();
    for (int t = 0; t < n; t++) {
      TargetSpec spec = targets.get(t);
      double[] a = actual.get(t).stream().mapToDouble(Double::doubleValue).toArray();
      double[] f = predicted.get(t).stream().mapToDouble(Double::doubleValue).toArray();
      boolean[] labelled = new boolean[a.length];
      for (int i = 0; i < a.length; i++) {
        labelled[i] = !Double.isNaN(a[i]);
      }
      double[][] probs =
          spec.kind() == TargetKind.CLASSIFICATION ? probabilities.get(t).toArray(new double[0][]) : null;
      double[] s = sd.get(t).size() == a.length ? sd.get(t).stream().mapToDouble(Double::doubleValue).toArray() : null;
      TargetOutcome outcome = new TargetOutcome(spec, labelled, a, f, s, probs);
      outcomes.add(outcome);
      if (!outcome.anyLabelled()) {
        continue;
      }
      scores.put(
          spec.name(),
          spec.kind() == TargetKind.REGRESSION
              ? RegressionMetrics.of(f, a, labelled, s)
              : ClassificationMetrics.ofScores(probs, outcome.actualClasses(), labelled));
    }
    return new Outcome(new EvaluationResult(scores), List.copyOf(outcomes), samples);
  }
}
