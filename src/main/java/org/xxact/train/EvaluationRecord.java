package org.xxact.train;

import java.util.Map;

/**
 * One line of {@code metrics.jsonl}: training progress and validation metrics at an evaluation.
 *
 * @param step optimiser steps done
 * @param epoch epoch of the evaluation (0-based)
 * @param wallSeconds training wall time so far
 * @param learningRate rate of the last step
 * @param trainLoss mean training loss over the steps since the previous evaluation
 * @param gradientNorm mean global gradient norm (before clipping) over those steps
 * @param skippedSteps steps skipped so far for non-finite values
 * @param validation validation loss and metrics
 * @param metric the early-stopping metric's value
 * @param best whether this evaluation is the best so far
 */
public record EvaluationRecord(
    long step,
    int epoch,
    double wallSeconds,
    double learningRate,
    double trainLoss,
    double gradientNorm,
    long skippedSteps,
    ValidationMetrics validation,
    double metric,
    boolean best) {

  /** Validation results: the weighted loss, each target's loss, MAE (physical units) and accuracy. */
  public record ValidationMetrics(
      int samples,
      double loss,
      Map<String, Double> targetLoss,
      Map<String, Double> mae,
      Map<String, Double> accuracy) {}
}
