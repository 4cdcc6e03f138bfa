package org.xxact.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xxact.eval.ConvergenceExperiment;
import org.xxact.model.PretrainingObjective;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xxact experiment convergence}: scratch vs MXM vs contrastive vs both, same fine-tuning budget and seeds. */
@Command(
    name = "convergence",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Pretrain the fused model with each objective (mxm, contrastive, both), fine-tune each and a from-scratch model"
          + " on every target with the same budget and seeds, and report the convergence speedup (steps the scratch"
          + " model needs to reach its best validation error / steps the pretrained model needs to reach it), the"
          + " curves, test scores and MXM reconstructions of test patterns.",
      "Writes DIR/results.json, DIR/results.md, DIR/curves-*.png, DIR/mxm-reconstruction-*.png; finished runs under"
          + " DIR are reused and a killed run resumes, so the same command continues an interrupted experiment.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentConvergenceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Experiment directory.")
  Path out;

  @Option(names = "--seeds", paramLabel = "N", description = "Fine-tuning seeds per arm (default: ${DEFAULT-VALUE}).")
  int seeds = 3;

  @Option(
      names = "--objectives",
      split = ",",
      paramLabel = "OBJECTIVE",
      description =
          "Pretraining objectives compared with scratch: mxm, contrastive, both, elements (default: the first"
              + " three). One objective makes a larger model affordable.")
  List<PretrainingObjective> objectives = new ArrayList<>(PretrainingObjective.PAPER);

  @Option(
      names = "--pretrain-set",
      paramLabel = "KEY=VALUE",
      description =
          "Override a pretraining run setting, e.g. train.maxEpochs=6 or model.dModel=96, or a pretraining setting,"
              + " e.g. pretrain.mxmNormalizedTargets=true (repeatable).")
  List<String> pretrainOverrides = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a fine-tuning setting, e.g. train.maxEpochs=8 (repeatable; model.* comes from"
          + " pretraining).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (seeds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1");
    }
    ConvergenceExperiment.Options options;
    try {
      options = new ConvergenceExperiment.Options(seeds, pretrainOverrides, overrides, objectives);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--objectives " + e.getMessage());
    }
    ExperimentLog log = new ExperimentLog(spec.commandLine().getErr());
    ConvergenceExperiment.run(out, data, options, log, log::line);
    spec.commandLine().getOut().print(Files.readString(out.resolve("results.md")));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
