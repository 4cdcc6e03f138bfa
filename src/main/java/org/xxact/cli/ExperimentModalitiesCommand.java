package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.eval.EvaluationResult;
import org.xxact.eval.ModalityExperiment;
import org.xxact.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact experiment modalities}: composition-only, XRD-only and fused models trained with the same configuration
 * and seeds, scored on the test split (see {@link ModalityExperiment}).
 */
@Command(
    name = "modalities",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Train composition-only, XRD-only and fused models with the same budget and seeds and compare them on the test"
          + " split (mean ± std over seeds).",
      "Writes DIR/runs/MODALITY-seedS, DIR/results.json, DIR/results.md (also printed) and DIR/learning-loss.png;"
          + " started again it reuses finished runs and resumes unfinished ones.",
      "Exit codes: 0 ok, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentModalitiesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Experiment folder.")
  Path out;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      paramLabel = "N",
      description = "Runs per modality, seeds 0..N-1 (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--targets",
      paramLabel = "T1,T2",
      split = ",",
      description = "Targets to learn (default: every target of the dataset).")
  List<String> targets = new ArrayList<>();



  @CommandLine.Mixin ConfigOptions configOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (seeds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + seeds);
    }
    for (String o : configOptions.overrides) {
      if (o.startsWith("model.modality=") || o.startsWith("train.seed=")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "the experiment sets model.modality and train.seed itself; drop --set " + o);
      }
    }
    List<TrainingProgress> open = new ArrayList<>();
    ModalityExperiment.Listener listener =
        new ModalityExperiment.Listener() {
          @Override
          public TrainingListener runStarting(String label, long totalSteps, int batchSize) {
            closeAll(open);
            TrainingProgress p = new TrainingProgress(err, label, totalSteps, batchSize);
            open.add(p);
            return p;
          }

          @Override
          public void runScored(String label, EvaluationResult test, boolean reused) {
            closeAll(open);
            err.printf(Locale.ROOT, "%s: %s%n", label, reused ? "finished before, test scores reused" : "scored");
            err.flush();
          }
        };
    ModalityExperiment.Result result;
    try {
      result = ModalityExperiment.run(
          data, out, configOptions.config, configOptions.overrides, targets, seeds, listener);
    } finally {
      closeAll(open);
    }
    err.printf(Locale.ROOT, "wrote %s, %s and %s%n", out.resolve("results.json"), out.resolve("results.md"),
        out.resolve("learning-loss.png"));
    err.flush();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(ModalityExperiment.table(result));
    stdout.flush();
    return ExitCode.OK;
  }

  private static void closeAll(List<TrainingProgress> open) {
    open.forEach(TrainingProgress::close);
    open.clear();
  }
}
