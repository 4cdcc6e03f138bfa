package org.xxact.train;

import ai.djl.engine.Engine;
import org.xxact.data.Batch;

/**
 * What a run optimises and how it is validated: supervised training on the targets, or self-supervised pretraining
 * ({@link Pretrainer}). The loop, schedule, checkpoints and resumption of {@link Trainer} are shared by both.
 */
interface TrainingObjective {
  /** One optimiser step on {@code batch}; {@code step} seeds its random draws (dropout, masks). */
  SupervisedStep.Outcome step(AdamW optimizer, Engine engine, Batch batch, double learningRate, long step);

  /** The held-out metrics of the current parameters (their {@code loss} drives early stopping). */
  EvaluationRecord.ValidationMetrics validate();
}
