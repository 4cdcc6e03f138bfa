package org.xxact.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.TrainingListener;

/**
 * The log of a long experiment on stderr: a line per step of the experiment and a line per evaluation of the run in
 * progress (step, training loss, validation loss), so that a log file tells how far it got.
 */
final class ExperimentLog implements TrainingListener {
  private final PrintWriter err;

  ExperimentLog(PrintWriter err) {
    this.err = err;
  }

  /** One line about the experiment. */
  void line(String text) {
    err.println(text);
    err.flush();
  }

  @Override
  public void onEvaluation(EvaluationRecord r) {
    line(String.format(
        Locale.ROOT, "  step %,d epoch %d: train loss %.4f, validation loss %.4f%s", r.step(), r.epoch(), r.trainLoss(),
        r.validation().loss(), r.best() ? " (best)" : ""));
  }
}
