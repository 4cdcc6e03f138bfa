package org.xxact.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xxact.eval.ScalingExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xxact experiment scaling}: modalities against training-set size, with and without pretraining. */
@Command(
    name = "scaling",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Train composition-only, XRD-only and fused models on nested training subsets of each size (same validation and"
          + " test sets), from scratch and from one pretraining run (both objectives), and report test error against"
          + " size.",
      "Writes DIR/results.json, DIR/results.md and DIR/scaling-*.png (log x); finished runs are reused and a killed"
          + " run resumes.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentScalingCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Experiment directory.")
  Path out;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N1,N2",
      description = "Training-set sizes; 'all' for the whole training split (default: 1000,3000,10000,all).")
  List<String> sizes = new ArrayList<>(List.of("1000", "3000", "10000", "all"));

  @Option(names = "--seeds", paramLabel = "N", description = "Seeds per configuration (default: ${DEFAULT-VALUE}).")
  int seeds = 1;

  @Option(
      names = "--pretrain-set",
      paramLabel = "KEY=VALUE",
      description =
          "Override a pretraining run setting (train.*, model.*, data.*) or a pretraining setting (pretrain.*)"
              + " (repeatable).")
  List<String> pretrainOverrides = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a training setting, e.g. train.maxEpochs=8 (repeatable; model.* comes from pretraining).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (seeds < 1) {
      throw usage("--seeds must be at least 1");
    }
    List<Integer> parsed = new ArrayList<>();
    for (String s : sizes) {
      if (s.equalsIgnoreCase("all")) {
        parsed.add(0);
        continue;
      }
      try {
        int n = Integer.parseInt(s.trim());
        if (n < 1) {
          throw usage("--sizes must be positive or 'all', got " + s);
        }
        parsed.add(n);
      } catch (NumberFormatException e) {
        throw usage("--sizes must be numbers or 'all', got '" + s + "'");
      }
    }
    ExperimentLog log = new ExperimentLog(spec.commandLine().getErr());
    ScalingExperiment.run(
        out, data, new ScalingExperiment.Options(parsed, seeds, pretrainOverrides, overrides), log, log::line);
    spec.commandLine().getOut().print(Files.readString(out.resolve("results.md")));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
