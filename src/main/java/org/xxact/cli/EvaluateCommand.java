package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetSpec;
import org.xxact.eval.MarkdownTable;
import org.xxact.eval.ModelEvaluator;
import org.xxact.eval.plot.EvaluationPlots;
import org.xxact.model.PropertyModel;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.ModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact evaluate}: scores the best checkpoint of a run (or an ensemble of runs) on a split of a dataset, in
 * physical units, and prints a Markdown table (or, with {@code --json}, the EvaluationResult JSON keyed by target);
 * optionally writes the learning curves, parity plots and confusion matrices.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Score a trained run or ensemble on a dataset split: MAE, RMSE, R2 per regression target (physical units),"
          + " with the calibration of predicted standard deviations; accuracy, macro-F1 (and ROC-AUC for two classes)"
          + " per class target.",
      "Exit codes: 0 ok, 2 usage error, 3 input error, 4 internal error."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "RUN",
      description = "Run directory (its best checkpoint) or ensemble directory (ensemble.json).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "SPLIT",
      description = "train, val or test (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--json", description = "Print the scores as JSON keyed by target instead of a table.")
  boolean json;

  @Option(names = "--plots", paramLabel = "DIR", description = "Write learning curves, parity and confusion plots here.")
  Path plots;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Split which = parseSplit(split);
    ModelDirectory run = ModelDirectory.open(model);
    List<String> names = run.targets().stream().map(TargetSpec::name).toList();
    ModelEvaluator.Outcome outcome;
    try (DatasetTrainingData dataset = DatasetTrainingData.forRun(data, run.first().config(), names);
        DatasetLoader loader = dataset.evaluationLoader(which, run.first().config().train().batchSize());
        PropertyModel m = run.load()) {
      outcome = ModelEvaluator.evaluate(m, loader.epoch(0), loader.targetSpecs());
    }
    err.printf(Locale.ROOT, "%s on the %s split of %s: %,d samples%n", model, which.label(), data, outcome.samples());
    if (plots != null) {
      List<Path> files =
          EvaluationPlots.write(plots, outcome, run.metrics(), model.getFileName() + " (" + which.label() + ")");
      err.printf(Locale.ROOT, "wrote %d plots to %s%n", files.size(), plots);
    }
    err.flush();
    out.print(json ? outcome.result().toJson() : MarkdownTable.ofResult(outcome.result()).render());
    out.flush();
    return ExitCode.OK;
  }

  private Split parseSplit(String text) {
    for (Split s : Split.values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "--split must be train, val or test, got '" + text + "'");
  }
}
