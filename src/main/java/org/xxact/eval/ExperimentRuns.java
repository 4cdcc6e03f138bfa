package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.TargetPrediction;
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
  /** Test-split scores of a run's best checkpoint, in the run directory. */
  public static final String TEST_SCORES = "test.json";

  private static final int EVALUATION_BATCH_SIZE = 128;

  private ExperimentRuns() {}

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
      result = evaluate(model, data, Split.TEST);
    }
    result.write(file);
    return result;
  }

  /** Scores of {@code model} on a whole split (regression: MAE, RMSE, R2; classes: accuracy, macro-F1). */
  public static EvaluationResult evaluate(XxactModel model, DatasetTrainingData data, Split split) {
    List<TargetSpec> targets = model.targets();
    List<List<Double>> predicted = new ArrayList<>();
    List<List<Double>> actual = new ArrayList<>();
    List<List<double[]>> scores = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      predicted.add(new ArrayList<>());
      actual.add(new ArrayList<>());
      scores.add(new ArrayList<>());
    }
    try (DatasetLoader loader = data.evaluationLoader(split, EVALUATION_BATCH_SIZE)) {
      var batches = loader.epoch(0);
      while (batches.hasNext()) {
        Batch batch = batches.next();
        List<TargetPrediction> predictions = model.predict(batch);
        for (int t = 0; t < targets.size(); t++) {
          TargetSpec spec = targets.get(t);
          TargetPrediction p = predictions.get(t);
          for (int i = 0; i < batch.size(); i++) {
            int k = i * batch.numTargets() + t;
            if (batch.targetMask()[k] == 0) {
              continue;
            }
            if (spec.kind() == TargetKind.REGRESSION) {
              predicted.get(t).add(p.mean()[i]);
              actual.get(t).add(batch.targets()[k] * spec.std() + spec.mean());
            } else {
              int c = spec.numClasses();
              double[] row = new double[c];
              for (int j = 0; j < c; j++) {
                row[j] = p.probabilities()[i * c + j];
              }
              scores.get(t).add(row);
              actual.get(t).add((double) batch.targets()[k]);
            }
          }
        }
      }
    }
    Map<String, TargetMetrics> out = new LinkedHashMap<>();
    for (int t = 0; t < targets.size(); t++) {
      if (actual.get(t).isEmpty()) {
        continue;
      }
      double[] y = actual.get(t).stream().mapToDouble(Double::doubleValue).toArray();
      if (targets.get(t).kind() == TargetKind.REGRESSION) {
        out.put(targets.get(t).name(),
            RegressionMetrics.of(predicted.get(t).stream().mapToDouble(Double::doubleValue).toArray(), y));
      } else {
        int[] classes = java.util.Arrays.stream(y).mapToInt(v -> (int) v).toArray();
        out.put(targets.get(t).name(),
            ClassificationMetrics.ofScores(scores.get(t).toArray(new double[0][]), classes, null));
      }
    }
    return new EvaluationResult(out);
  }
}
