package org.xxact.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.model.ForwardContext;
import org.xxact.model.ModelOutput;
import org.xxact.model.SupervisedLoss;
import org.xxact.model.TargetPrediction;
import org.xxact.model.XxactModel;

/**
 * Validation pass: the weighted loss (each target's loss averaged over its labelled samples), the MAE of each regression
 * target in physical units (|prediction - label| * train std) and the accuracy of each classification target.
 */
final class Validation {
  private Validation() {}

  static EvaluationRecord.ValidationMetrics evaluate(
      XxactModel model, Iterator<Batch> batches, double[] weights) {
    List<TargetSpec> targets = model.targets();
    int n = targets.size();
    double[] lossSum = new double[n];
    double[] errorSum = new double[n];
    long[] correct = new long[n];
    long[] labelled = new long[n];
    int samples = 0;
    while (batches.hasNext()) {
      Batch batch = batches.next();
      samples += batch.size();
      try (NDScope scope = new NDScope();
          NDManager manager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ModelOutput out = model.forward(model.inputs(manager, batch), ForwardContext.inference(manager));
        SupervisedLoss.Result loss = SupervisedLoss.compute(model, out, batch, weights, manager);
        for (int t = 0; t < n; t++) {
          if (loss.labelled()[t] == 0) {
            continue;
          }
          lossSum[t] += loss.perTarget()[t].getFloat() * loss.labelled()[t];
          labelled[t] += loss.labelled()[t];
          float[] raw = out.headOutputs().get(t).toFloatArray();
          int columns = raw.length / batch.size();
          TargetSpec spec = targets.get(t);
          for (int i = 0; i < batch.size(); i++) {
            int k = i * n + t;
            if (!(batch.targetMask()[k] > 0) || !Float.isFinite(batch.targets()[k])) {
              continue;
            }
            if (spec.kind() == TargetKind.REGRESSION) {
              errorSum[t] += Math.abs(raw[i * columns] - batch.targets()[k]) * spec.std();
            } else if (TargetPrediction.argmax(raw, i * columns, columns) == Math.round(batch.targets()[k])) {
              correct[t]++;
            }
          }
        }
      }
    }
    double total = 0;
    Map<String, Double> targetLoss = new LinkedHashMap<>();
    Map<String, Double> mae = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    for (int t = 0; t < n; t++) {
      if (labelled[t] == 0) {
        continue;
      }
      String name = targets.get(t).name();
      double meanLoss = lossSum[t] / labelled[t];
      targetLoss.put(name, meanLoss);
      total += weights[t] * meanLoss;
      if (targets.get(t).kind() == TargetKind.REGRESSION) {
        mae.put(name, errorSum[t] / labelled[t]);
      } else {
        accuracy.put(name, (double) correct[t] / labelled[t]);
      }
    }
    return new EvaluationRecord.ValidationMetrics(samples, total, targetLoss, mae, accuracy);
  }

  /**
   * The early-stopping metric of {@code metrics}, signed so that lower is better: the loss, a regression target's MAE,
   * or minus a classification target's accuracy.
   */
  static double metric(EvaluationRecord.ValidationMetrics metrics, String name) {
    if (name.equals("loss")) {
      return metrics.loss();
    }
    Double mae = metrics.mae().get(name);
    if (mae != null) {
      return mae;
    }
    Double accuracy = metrics.accuracy().get(name);
    if (accuracy != null) {
      return -accuracy;
    }
    return Double.NaN;
  }
}
