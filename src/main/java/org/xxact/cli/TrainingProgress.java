package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.Trainer;
import org.xxact.train.TrainingListener;

/**
 * Shows a training run on stderr: on a terminal a progress line (step, epoch, loss, samples per second, time left)
 * redrawn in place, elsewhere (a log file) the same line every {@link #LOG_INTERVAL_NANOS}; always one log line per
 * evaluation (validation loss, each target's MAE or accuracy, and whether it
 * is the best so far), so that a log file of a long run tells how it went.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
  /** Time between progress lines in a log: a long run's log shows its pace without growing by a line per step. */
  static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final ConsoleProgress console;
  private final String label;
  private final long totalSteps;
  private final int batchSize;
  private long firstStep = -1;
  private long startNanos;
  private long lastStep;
  private long lastLogNanos;
  private double lastLoss = Double.NaN;

  /** @param label names the run in every line */
  TrainingProgress(PrintWriter err, String label, long totalSteps, int batchSize) {
    this.console = new ConsoleProgress(err, label);
    this.label = label;
    this.totalSteps = totalSteps;
    this.batchSize = batchSize;
  }

  @Override
  public void onStep(long step, int epoch, double loss) {
    if (firstStep < 0) {
      firstStep = step;
      startNanos = System.nanoTime();
    }
    lastStep = step + 1;
    if (Double.isFinite(loss)) {
      lastLoss = loss;
    }
    if (console.enabled()) {
      console.update(seconds -> progressLine(epoch, seconds));
    } else if (System.nanoTime() - Math.max(startNanos, lastLogNanos) >= LOG_INTERVAL_NANOS) {
      lastLogNanos = System.nanoTime();
      console.println(progressLine(epoch, (lastLogNanos - startNanos) / 1e9));
    }
  }

  private String progressLine(int epoch, double seconds) {
    double perSecond = (lastStep - firstStep) * batchSize / seconds;
    double left = perSecond > 0 ? (totalSteps - lastStep) * batchSize / perSecond : Double.NaN;
    return String.format(
        Locale.ROOT,
        "%s: step %,d/%,d (%.0f %%), epoch %d, loss %.4f, %,.0f samples/s, ETA %s",
        label,
        lastStep,
        totalSteps,
        100.0 * lastStep / totalSteps,
        epoch + 1,
        lastLoss,
        perSecond,
        duration(left));
  }

  @Override
  public void onEvaluation(EvaluationRecord r) {
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "%s: step %,d/%,d epoch %d, train loss %.4f, val loss %.4f",
            label,
            r.step(),
            totalSteps,
            r.epoch(),
            r.trainLoss(),
            r.validation().loss()));
    append(line, "MAE", r.validation().mae());
    append(line, "accuracy", r.validation().accuracy());
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double perSecond = (r.step() - firstStep) * batchSize / seconds;
    line.append(String.format(Locale.ROOT, ", %,.0f samples/s, %s elapsed", perSecond, duration(r.wallSeconds())));
    if (r.best()) {
      line.append(" (best)");
    }
    console.println(line.toString());
  }

  private static void append(StringBuilder line, String what, Map<String, Double> values) {
    values.forEach((target, v) -> line.append(String.format(Locale.ROOT, ", %s %s %.4f", target, what, v)));
  }

  /** h:mm:ss, or "?" before a rate is known. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  /**
   * The closing line of a training or pretraining run: why it stopped, after how many steps and how long, and which
   * step was best.
   *
   * @param activity "training" or "pretraining"
   * @param bestLabel what the best step was best at, e.g. "best evaluation"
   */
  static void printStopped(PrintWriter err, Path runDir, Trainer.Result result, String activity, String bestLabel) {
    err.printf(
        Locale.ROOT,
        "%s: stopped (%s) after %,d steps, %s of %s; %s at step %,d%n",
        runDir,
        result.state().stopReason(),
        result.state().step(),
        duration(result.state().elapsedSeconds()),
        activity,
        bestLabel,
        result.state().bestStep());
    err.flush();
  }

  @Override
  public void close() {
    console.close();
  }
}
