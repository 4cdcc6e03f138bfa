package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.eval.MarkdownTable;
import org.xxact.eval.predict.MeasuredTransfer;
import org.xxact.eval.predict.Predictor;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.RunConfig;
import org.xxact.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact experiment measured}: trains (or reuses, or continues) an XRD-only crystal-system and space-group model
 * on simulated patterns with measured-like augmentation ({@link MeasuredTransfer#RRUFF_LIKE}), then scores it on the
 * labelled RRUFF patterns preprocessed as {@code xxact predict} preprocesses a measured file: accuracy, macro-F1, the
 * 7-class confusion matrix and the number of patterns predicted trigonal (the set has no trigonal label).
 * {@code --model} scores an existing model instead of training one.
 */
@Command(
    name = "measured",
    mixinStandardHelpOptions = true,
    description = {
      "Train an XRD-only crystal-system/space-group model with measured-like augmentation (or reuse one) and score it"
          + " on labelled measured RRUFF patterns: results.json, results.md, confusion.png, predictions.csv in --out.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:wrong command line", "3:an input could not be read", "4:internal error"})
public final class ExperimentMeasuredCommand implements Callable<Integer> {
  /** Subfolder of --out with the training run. */
  static final String RUN_FOLDER = "run";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "DATASET", description = "Dataset with crystal_system and spacegroup_number.")
  Path data;

  @Option(
      names = "--rruff",
      required = true,
      paramLabel = "FILE",
      description = "Labelled measured patterns (data/experimental_xrd/rruff_454/rruff_xrd_454.csv.gz).")
  Path rruff;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (run and report).")
  Path out;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "Score this run or model directory instead of training (no --data needed).")
  Path model;

  @CommandLine.Mixin ConfigOptions configOptions;

  @Option(names = "--no-background-removal", description = "Score the patterns without background removal.")
  boolean noBackgroundRemoval;

  @Option(names = "--strip-kalpha2", description = "Strip the K-alpha2 line from the patterns before scoring them.")
  boolean stripKAlpha2;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    if ((model == null) == (data == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --data (train, or reuse the run in --out) or --model (score that model)");
    }
    if (model != null && configOptions.given()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config and --set go with --data only");
    }
    Path modelDir = model != null ? model : train(err);
    MeasuredTransfer.Evaluation e;
    try (Predictor predictor = Predictor.open(modelDir)) {
      e = MeasuredTransfer.evaluate(predictor, rruff, !noBackgroundRemoval, stripKAlpha2);
    }
    String command = "xxact " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    MeasuredTransfer.writeReport(out, e, command);
    MarkdownTable table = new MarkdownTable(List.of(
        "model", "patterns", "accuracy", "macro-F1", "predicted trigonal", "accuracy with indexing",
        "macro-F1 with indexing"));
    table.row(
        modelDir.toString(),
        Integer.toString(e.n()),
        MarkdownTable.format(e.crystalSystem().accuracy(), 3),
        MarkdownTable.format(e.crystalSystem().macroF1(), 3),
        Integer.toString(e.predictedTrigonal()),
        MarkdownTable.format(e.withIndexing().crystalSystem().accuracy(), 3),
        MarkdownTable.format(e.withIndexing().crystalSystem().macroF1(), 3));
    stdout.print(table.render());
    stdout.flush();
    err.printf(
        Locale.ROOT,
        "experiment measured: report in %s (results.json, results.md, confusion.png, predictions.csv)%n",
        out);
    err.flush();
    return ExitCode.OK;
  }

  private Path train(PrintWriter err) throws Exception {
    RunConfig runConfig = configOptions.resolve(
        spec.commandLine(), MeasuredTransfer.baseSettings(), MeasuredTransfer.experimentSettings());
    Path runDir = out.resolve(RUN_FOLDER);
    try (DatasetTrainingData training = MeasuredTransfer.trainingData(data, runConfig)) {
      long totalSteps = Trainer.totalSteps(runConfig.train(), training);
      err.printf(
          Locale.ROOT,
          "experiment measured: XRD model on %s (%,d training samples, augmented), %,d steps at most, run %s%n",
          data,
          training.trainSize(),
          totalSteps,
          runDir);
      err.flush();
      try (TrainingProgress progress =
          new TrainingProgress(err, RUN_FOLDER, totalSteps, runConfig.train().batchSize())) {
        Trainer.Result result = new Trainer(progress).fitOrResume(runDir, runConfig, training);
        err.printf(
            Locale.ROOT,
            "experiment measured: training stopped (%s) after %,d steps; best evaluation at step %,d%n",
            result.state().stopReason(),
            result.state().step(),
            result.state().bestStep());
      }
    }
    return runDir;
  }
}
