package org.xxact.train;

/**
 * Where a run stands, saved in every checkpoint so that a resumed run continues exactly: the next optimiser step, the
 * epoch and batch it falls in, the early-stopping bookkeeping and the wall time spent so far. Random state needs no
 * saving: initialisation, data order and dropout are functions of the seed and the step or epoch.
 *
 * @param step optimiser steps done (the next step has this index)
 * @param epoch current epoch (0-based)
 * @param batchInEpoch batches of {@code epoch} already consumed
 * @param seed the run's seed
 * @param bestMetric best early-stopping metric so far (NaN before the first evaluation)
 * @param bestStep step of the best evaluation (-1 before the first)
 * @param evaluationsWithoutImprovement evaluations since the best one
 * @param consecutiveBadSteps steps skipped in a row for a non-finite loss or gradient
 * @param skippedSteps steps skipped in total
 * @param elapsedSeconds training wall time so far, across resumptions
 * @param finished whether the run has stopped (then resuming does nothing)
 * @param stopReason why it stopped ("max_epochs", "max_steps", "early_stopping"), empty while running
 */
public record TrainingState(
    long step,
    int epoch,
    int batchInEpoch,
    long seed,
    double bestMetric,
    long bestStep,
    int evaluationsWithoutImprovement,
    int consecutiveBadSteps,
    long skippedSteps,
    double elapsedSeconds,
    boolean finished,
    String stopReason) {

  static TrainingState initial(long seed) {
    return new TrainingState(0, 0, 0, seed, Double.NaN, -1, 0, 0, 0, 0, false, "");
  }
}
