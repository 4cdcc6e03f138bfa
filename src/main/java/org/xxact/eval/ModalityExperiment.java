package org.xxact.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xxact.data.AtomicFiles;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.plot.PlotSeries;
import org.xxact.eval.plot.Plots;
import org.xxact.model.Modality;
import org.xxact.model.XxactModel;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunLoader;
import org.xxact.train.Trainer;
import org.xxact.train.TrainingListener;

/**
 * Experiment 1 of the design: composition-only against XRD-only against fused, with the same configuration (budget,
 * schedule, sizes), the same data and the same seeds, scored on the test split. The comparison is fair because the
 * three differ only in {@code model.modality}: the encoders, pooling and heads are the same code.
 *
 * <p>Layout of the output folder:
 *
 * <pre>
 * runs/MODALITY-seedS/     one run directory per modality and seed, with test.json (its test scores)
 * results.json             per modality: the mean and std over seeds of every score, and each run's scores
 * results.md               Markdown table, mean ± std over seeds
 * learning-loss.png        validation loss against step, one line per run
 * </pre>
 *
 * Run again, it reuses finished runs (their test.json), resumes unfinished ones from their last checkpoint and starts
 * the missing ones, so that an interrupted experiment costs only the unfinished work.
 */
public final class ModalityExperiment {
  /** The modalities compared, in table order. */
  public static final List<Modality> MODALITIES = List.of(Modality.COMPOSITION, Modality.XRD, Modality.FUSED);

  /** Test scores of a run, written next to its checkpoints once it is finished. */
  public static final String TEST_SCORES = "test.json";

  /** Creates the listener that follows one run (progress display). */
  public interface Listener {
    /**
     * @param label names the run ("fused-seed1")
     * @param totalSteps optimiser steps of the run if it is not stopped early
     * @param batchSize samples per step
     */
    TrainingListener runStarting(String label, long totalSteps, int batchSize);

    /** After a run was trained (or found finished) and scored. */
    default void runScored(String label, EvaluationResult test, boolean reused) {}
  }

  /**
   * Per modality, the aggregate over seeds and the individual results.
   *
   * @param aggregates by modality name, in {@link #MODALITIES} order
   * @param runs each run's test scores by run label
   * @param targets the targets, in model order
   */
  public record Result(
      Map<String, SeedAggregate> aggregates, Map<String, EvaluationResult> runs, List<TargetSpec> targets) {}

  private ModalityExperiment() {}

  /**
   * Trains (or reuses) every run and writes the results.
   *
   * @param configFile JSON configuration file of the runs, or null (the modality and seed are set per run)
   * @param overrides {@code key=value} settings of the runs
   * @param targets targets in model order (empty: every target of the dataset)
   * @param seeds run seeds 0..seeds-1
   */
  public static Result run(
      Path dataset, Path out, Path configFile, List<String> overrides, List<String> targets, int seeds,
      Listener listener) throws IOException {
    if (seeds < 1) {
      throw new IllegalArgumentException("an experiment needs at least one seed");
    }
    Map<String, List<EvaluationResult>> byModality = new LinkedHashMap<>();
    Map<String, EvaluationResult> runs = new LinkedHashMap<>();
    Map<String, List<EvaluationRecord>> curves = new LinkedHashMap<>();
    RunConfig base = RunConfig.resolve(configFile, overrides);
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, base, targets)) {
      List<String> names = data.targets().stream().map(TargetSpec::name).toList();
      for (Modality modality : MODALITIES) {
        String modalityName = modality.name().toLowerCase(Locale.ROOT);
        for (int seed = 0; seed < seeds; seed++) {
          List<String> runOverrides = new ArrayList<>(overrides);
          runOverrides.add("model.modality=" + modality.name());
          runOverrides.add("train.seed=" + seed);
          RunConfig config = RunConfig.resolve(configFile, runOverrides);
          String label = modalityName + "-seed" + seed;
          Path runDir = out.resolve("runs").resolve(label);
          Path scores = runDir.resolve(TEST_SCORES);
          EvaluationResult test;
          boolean reused = Files.exists(scores) && RunDirectory.open(runDir).config().equals(config);
          if (reused) {
            test = EvaluationResult.read(scores);
          } else {
            Trainer trainer =
                new Trainer(listener.runStarting(label, Trainer.totalSteps(config.train(), data),
                    config.train().batchSize()));
            trainer.fitOrResume(runDir, config, data);
            test = testScores(runDir, data, names, config.train().batchSize());
            test.write(scores);
          }
          listener.runScored(label, test, reused);
          byModality.computeIfAbsent(modalityName, k -> new ArrayList<>()).add(test);
          runs.put(label, test);
          curves.put(label, RunDirectory.open(runDir).readMetrics());
        }
      }
      Map<String, SeedAggregate> aggregates = new LinkedHashMap<>();
      byModality.forEach((m, list) -> aggregates.put(m, SeedAggregate.of(list)));
      Result result = new Result(aggregates, runs, data.targets());
      write(out, result, curves);
      return result;
    }
  }

  private static EvaluationResult testScores(Path runDir, DatasetTrainingData data, List<String> names, int batchSize)
      throws IOException {
    try (DatasetLoader loader = data.evaluationLoader(Split.TEST, batchSize);
        XxactModel model = RunLoader.load(runDir)) {
      if (!model.targets().stream().map(TargetSpec::name).toList().equals(names)) {
        throw new IllegalStateException("run " + runDir + " predicts other targets than " + names);
      }
      return ModelEvaluator.evaluate(model, loader.epoch(0), loader.targetSpecs()).result();
    }
  }

  private static void write(Path out, Result result, Map<String, List<EvaluationRecord>> curves)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("split", Split.TEST.label());
    json.put("aggregates", result.aggregates());
    json.put("runs", result.runs());
    try {
      AtomicFiles.writeString(out.resolve("results.json"), Json.MAPPER.writeValueAsString(json) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("results do not serialise", e);
    }
    AtomicFiles.writeString(out.resolve("results.md"), table(result));
    List<PlotSeries> series = new ArrayList<>();
    curves.forEach(
        (label, records) -> {
          if (!records.isEmpty()) {
            series.add(
                PlotSeries.of(
                    label,
                    records.stream().mapToDouble(EvaluationRecord::step).toArray(),
                    records.stream().mapToDouble(r -> r.validation().loss()).toArray()));
          }
        });
    if (!series.isEmpty()) {
      Plots.learningCurves(
          out.resolve("learning-loss.png"), "validation loss by modality", "step", "validation loss", series, false);
    }
  }

  /** The Markdown table: one row per modality, MAE per regression target and accuracy per class target. */
  public static String table(Result result) {
    List<MarkdownTable.Column> columns = new ArrayList<>();
    for (TargetSpec t : result.targets()) {
      if (t.kind() == TargetKind.REGRESSION) {
        String unit = t.unit().isEmpty() ? "" : " (" + t.unit() + ")";
        columns.add(new MarkdownTable.Column(t.name() + " MAE" + unit, t.name(), "mae", 4));
      } else {
        columns.add(new MarkdownTable.Column(t.name() + " accuracy", t.name(), "accuracy", 4));
      }
    }
    return MarkdownTable.ofAggregates("modality", result.aggregates(), columns).render();
  }
}
