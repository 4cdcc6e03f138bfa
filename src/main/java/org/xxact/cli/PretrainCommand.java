package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.crystal.InputException;
import org.xxact.model.ConfigTree;
import org.xxact.model.MaskMode;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingObjective;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.InitSource;
import org.xxact.train.Pretrainer;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunLoader;
import org.xxact.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact pretrain}: self-supervised pretraining (masked XRD modelling, composition-XRD contrastive alignment,
 * both, or masked element modelling alone) on the inputs of a dataset's training split, no labels read. The run
 * directory is loadable by {@code xxact train --init RUN} (encoders and fusion transferred, new heads).
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Pretrain the encoders (and fusion) without labels on the training split of a dataset: masked XRD modelling"
          + " (mxm), contrastive composition-XRD alignment (contrastive), both, or masked element modelling alone"
          + " (elements; with --set model.modality=composition it pretrains a composition encoder on a dataset of"
          + " compositions).",
      "The run directory holds config.json, pretraining.json, run.json, metrics.jsonl (losses on a fixed set of"
          + " training samples) and checkpoints; fine-tune with xxact train --init RUN.",
      "Settings: --set model.KEY=V, train.KEY=V (default train.maxEpochs=" + Pretrainer.DEFAULT_EPOCHS
          + ") and pretrain.KEY=V (spanPatches, decoderLayers, projectionDim, initialTemperature, mxmWeight,"
          + " contrastiveWeight, maskedElementWeight).",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class PretrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--objective",
      paramLabel = "O",
      description = "mxm, contrastive, both or elements, in any case (default: both).")
  PretrainingObjective objective;

  @Option(
      names = "--mask-ratio",
      paramLabel = "R",
      description = "Fraction of XRD patches masked for mxm (default 0.6; design range 0.5-0.75).")
  Double maskRatio;

  @Option(names = "--mask-mode", paramLabel = "M", description = "random or span, in any case (default: random).")
  MaskMode maskMode;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON file overriding run configuration defaults.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a setting, e.g. train.maxEpochs=4 or pretrain.projectionDim=32 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--init",
      paramLabel = "RUN[:PARTS]",
      arity = "1..*",
      converter = TrainCommand.InitSourceConverter.class,
      description = {
        "Start the encoders and fusion from these runs' best checkpoints instead of random values; the pretraining"
            + " heads start new. Parts as in xxact train --init, e.g. RUN:composition_tokens continues the token"
            + " encoder of a composition pretraining (--objective elements on a larger corpus) in a fused pretraining."
      })
  List<InitSource> init = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory to write.")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint, with its settings.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    boolean continuing = RunOutput.continuing(spec.commandLine(), out, resume);
    if (continuing
        && (config != null || !overrides.isEmpty() || objective != null || maskRatio != null || maskMode != null
            || !init.isEmpty())) {
      throw usage("--resume continues the run with its own settings; drop --config, --set, --objective,"
          + " --mask-ratio, --mask-mode and --init");
    }
    RunConfig runConfig = continuing ? RunDirectory.open(out).config() : runConfig();
    PretrainingConfig pretraining = continuing ? Pretrainer.pretrainingConfig(out) : pretrainingConfig();
    Trainer.Result result;
    try (DatasetTrainingData training = DatasetTrainingData.forRun(data, runConfig, List.of())) {
      long totalSteps = Trainer.totalSteps(runConfig.train(), training);
      err.printf(
          Locale.ROOT,
          "%s %s pretraining (%s model, mask ratio %.2f, %s masks) on %s: %,d training samples, %,d steps at most%n",
          continuing ? "resuming" : "starting",
          pretraining.objective().name().toLowerCase(Locale.ROOT),
          runConfig.model().modality().name().toLowerCase(Locale.ROOT),
          pretraining.maskRatio(),
          pretraining.maskMode().name().toLowerCase(Locale.ROOT),
          data,
          training.trainSize(),
          totalSteps);
      err.flush();
      try (TrainingProgress progress =
          new TrainingProgress(err, out.getFileName().toString(), totalSteps, runConfig.train().batchSize())) {
        Pretrainer pretrainer = new Pretrainer(progress);
        if (continuing) {
          RunDirectory.open(out).checkDataset(training);
          result = pretrainer.resume(out, training);
        } else {
          String initialisedFrom = InitSource.describe(init);
          result = pretrainer.fit(out, runConfig, pretraining, training, RunLoader.transferable(init), initialisedFrom);
        }
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    TrainingProgress.printStopped(err, out, result, "pretraining", "lowest monitored loss");
    return ExitCode.OK;
  }

  private RunConfig runConfig() {
    try {
      return ConfigTree.resolve(
          Pretrainer.defaultRunConfig(), RunConfig.class, config, PretrainingConfig.runOverrides(overrides));
    } catch (InputException e) {
      if (config == null) {
        throw usage(e.getMessage());
      }
      throw e;
    }
  }

  private PretrainingConfig pretrainingConfig() {
    List<String> keys = new ArrayList<>();
    if (objective != null) {
      keys.add("objective=" + objective.name());
    }
    if (maskRatio != null) {
      keys.add("maskRatio=" + maskRatio);
    }
    if (maskMode != null) {
      keys.add("maskMode=" + maskMode.name());
    }
    keys.addAll(PretrainingConfig.ownOverrides(overrides));
    try {
      return ConfigTree.resolve(PretrainingConfig.defaults(), PretrainingConfig.class, null, keys);
    } catch (InputException e) {
      throw usage(e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
