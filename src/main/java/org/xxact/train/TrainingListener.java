package org.xxact.train;

/** Observes a training run (progress display, experiment bookkeeping); every method has a no-op default. */
public interface TrainingListener {
  /** After each optimiser step (skipped steps included) with its loss, NaN when skipped. */
  default void onStep(long step, int epoch, double loss) {}

  /** After each evaluation, once its checkpoint is written. */
  default void onEvaluation(EvaluationRecord record) {}
}
