package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.model.Modality;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.InitSource;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunLoader;
import org.xxact.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact train}: supervised training of a model on a dataset built by {@code xxact dataset build}, into a run
 * directory (configuration, provenance with the dataset manifest checksum, metrics, checkpoints). A killed run
 * continues with {@code --resume}; {@code --init} starts from the encoders and fusion of other runs with new heads;
 * {@code --baseline} makes the model correct a trained model's predictions (see {@link org.xxact.model.Baseline}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Train a property model (composition, XRD or both fused) on a dataset, validating every epoch on its val split.",
      "The run directory receives config.json, run.json, targets.json, metrics.jsonl and checkpoints; --resume"
          + " continues a killed run from its last checkpoint exactly as if it had not stopped.",
      "Exit codes: 0 trained, 2 usage error, 3 input error, 4 internal error (a diverged run included)."
    })
public final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--modality",
      paramLabel = "M",
      description = "fused, composition or xrd, in any case (default: model.modality of the configuration, fused).")
  Modality modality;

  @Option(
      names = "--targets",
      paramLabel = "T1,T2",
      split = ",",
      description = "Targets to learn, in this order (default: every target of the dataset).")
  List<String> targets = new ArrayList<>();



  @CommandLine.Mixin ConfigOptions configOptions;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory to write.")
  Path out;

  @Option(
      names = "--resume",
      description = "Continue the run in --out from its last checkpoint, with its own configuration and targets.")
  boolean resume;

  @Option(
      names = "--init",
      paramLabel = "RUN[:PARTS]",
      arity = "1..*",
      converter = InitSourceConverter.class,
      description = {
        "Start from the encoders, fusion and pooling of this run's best checkpoint (new heads). Several runs whose"
            + " parameters do not overlap combine: a composition and an XRD model start a fused model. RUN:PARTS"
            + " takes only the listed parts (composition, xrd, fusion, heads), e.g. RUN:xrd,fusion; heads transfer only"
            + " when named (RUN:composition,xrd,fusion,heads continues a model on the same targets and dataset)."
      })
  List<InitSource> init = new ArrayList<>();

  @Option(
      names = "--freeze-encoders-steps",
      paramLabel = "N",
      description = "With --init: update only the heads during the first N steps (train.freezeEncodersSteps).")
  Long freezeEncodersSteps;

  @Option(
      names = "--baseline",
      paramLabel = "MODEL",
      description = {
        "Predict each regression target that this trained model also predicts as its prediction plus a learned"
            + " correction; the correction heads start at zero, so training starts at MODEL's error. MODEL is copied"
            + " into RUN/baseline and never updated. Example: a fused model correcting a composition-only model's"
            + " formation energy."
      })
  Path baseline;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    boolean continuing = RunOutput.continuing(spec.commandLine(), out, resume);
    if (continuing
        && (configOptions.given() || !init.isEmpty() || modality != null || !targets.isEmpty()
            || freezeEncodersSteps != null || baseline != null)) {
      throw usage("--resume continues the run with its own configuration, targets and baseline; drop --config, --set,"
          + " --init, --modality, --targets, --freeze-encoders-steps and --baseline");
    }
    if (freezeEncodersSteps != null && init.isEmpty()) {
      throw usage("--freeze-encoders-steps needs --init (a model whose encoders are worth keeping)");
    }
    RunConfig runConfig = continuing ? RunDirectory.open(out).config() : newConfig();
    List<String> targetNames =
        continuing ? RunDirectory.open(out).targets().stream().map(t -> t.name()).toList() : targets;
    Trainer.Result result;
    try (DatasetTrainingData training = DatasetTrainingData.forRun(data, runConfig, targetNames)) {
      long totalSteps = Trainer.totalSteps(runConfig.train(), training);
      err.printf(
          Locale.ROOT,
          "%s %s model on %s: %,d training samples, targets %s, %,d steps at most%n",
          continuing ? "resuming" : "training",
          runConfig.model().modality().name().toLowerCase(Locale.ROOT),
          data,
          training.trainSize(),
          training.targets().stream().map(t -> t.name()).toList(),
          totalSteps);
      err.flush();
      try (TrainingProgress progress =
          new TrainingProgress(err, out.getFileName().toString(), totalSteps, runConfig.train().batchSize())) {
        Trainer trainer = new Trainer(progress);
        if (continuing) {
          RunDirectory.open(out).checkDataset(training);
          result = trainer.resume(out, training);
        } else {
          Map<String, float[]> initial = RunLoader.transferable(init);
          String initialisedFrom = InitSource.describe(init);
          result = trainer.fit(out, runConfig, training, initial, initialisedFrom, baseline);
        }
      }
    }
    TrainingProgress.printStopped(err, out, result, "training", "best evaluation");
    return ExitCode.OK;
  }

  private RunConfig newConfig() {
    List<String> extra = new ArrayList<>();
    if (modality != null) {
      extra.add("model.modality=" + modality.name());
    }
    if (freezeEncodersSteps != null) {
      extra.add("train.freezeEncodersSteps=" + freezeEncodersSteps);
    }
    return configOptions.resolve(spec.commandLine(), extra);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Reads {@code RUN} or {@code RUN:PART[,PART...]}; a bad part list is a usage error naming the option. */
  static final class InitSourceConverter implements CommandLine.ITypeConverter<InitSource> {
    @Override
    public InitSource convert(String value) {
      try {
        return InitSource.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
