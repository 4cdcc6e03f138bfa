package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetSpec;
import org.xxact.model.ConfigTree;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.XxactModel;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.Pretrainer;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunLoader;
import org.xxact.train.Trainer;
import org.xxact.train.TrainingListener;

/**
 * The runs of an experiment, each made once: a run directory that holds a finished run is reused, one that holds a
 * killed run is resumed, and test scores are cached next to the run ({@value #TEST_SCORES}). An experiment killed at
 * any point therefore continues where it stopped when started again.
 */
public final class ExperimentRuns {
  /** Test-split scores of a run's best checkpoint, in the run directory (the file name every experiment uses). */
  public static final String TEST_SCORES = ModalityExperiment.TEST_SCORES;

  private static final int EVALUATION_BATCH_SIZE = 128;

  private ExperimentRuns() {}

  /**
   * The run configuration and the pretraining settings of an experiment's pretraining runs.
   *
   * @param run {@link Pretrainer#defaultRunConfig()} with the overrides that address the run configuration
   * @param settings {@link PretrainingConfig#defaults()} with the {@value PretrainingConfig#OVERRIDE_PREFIX} overrides
   */
  public record PretrainingSetup(RunConfig run, PretrainingConfig settings) {
    /** From an experiment's {@code --pretrain-set} overrides. */
    public static PretrainingSetup of(List<String> overrides) {
      return new PretrainingSetup(
          ConfigTree.resolve(
              Pretrainer.defaultRunConfig(), RunConfig.class, null, PretrainingConfig.runOverrides(overrides)),
          ConfigTree.resolve(
              PretrainingConfig.defaults(), PretrainingConfig.class, null, PretrainingConfig.ownOverrides(overrides)));
    }
  }

  /** Pretrains into {@code runDir} (or resumes, or reuses it). */
  public static Path pretrain(
      Path runDir, RunConfig config, PretrainingConfig pretraining, Path dataset, TrainingListener listener)
      throws IOException {
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, config, List.of())) {
      new Pretrainer(listener).fitOrResume(runDir, config, pretraining, data);
    }
    return runDir;
  }

  /**
   * Trains {@code runDir} (or resumes, or reuses it) on every target of the dataset.
   *
   * @param init run whose encoders and fusion start the model (new heads), or null for random initialisation
   * @throws IllegalStateException when the directory holds a run of another configuration
   */
  public static Path train(Path runDir, RunConfig config, Path dataset, Path init, TrainingListener listener)
      throws IOException {
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, config, List.of())) {
      Trainer trainer = new Trainer(listener);
      if (RunDirectory.hasCheckpoint(runDir)) {
        if (!RunDirectory.open(runDir).config().equals(config)) {
          throw new IllegalStateException(
              "run " + runDir + " was started with another configuration; move it away or use the same settings");
        }
        trainer.resume(runDir, data);
      } else if (init == null) {
        trainer.fit(runDir, config, data);
      } else {
        trainer.fit(runDir, config, data, RunLoader.transferable(init), init.toString());
      }
    }
    return runDir;
  }

  /** The test-split scores of {@code runDir}'s best checkpoint (computed once, then read from the run). */
  public static EvaluationResult testScores(Path runDir, Path dataset) throws IOException {
    Path file = runDir.resolve(TEST_SCORES);
    if (Files.isRegularFile(file)) {
      return EvaluationResult.read(file);
    }
    EvaluationResult result;
    try (XxactModel model = RunLoader.load(runDir);
        DatasetTrainingData data =
            DatasetTrainingData.open(
                dataset,
                model.config(),
                DatasetTrainingData.Options.of(
                    model.targets().stream().map(TargetSpec::name).toList(),
                    RunDirectory.open(runDir).config().data()))) {
      try (DatasetLoader loader = data.evaluationLoader(Split.TEST, EVALUATION_BATCH_SIZE)) {
        result = ModelEvaluator.evaluate(model, loader.epoch(0), data.targets()).result();
      }
    }
    result.write(file);
    return result;
  }
}
