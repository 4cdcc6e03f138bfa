package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.xxact.data.AtomicFiles;
import org.xxact.data.Batch;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.eval.plot.PlotSeries;
import org.xxact.eval.plot.Plots;
import org.xxact.model.ConfigTree;
import org.xxact.model.ModelConfig;
import org.xxact.model.PatchMasking;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingModel;
import org.xxact.model.PretrainingObjective;
import org.xxact.train.DataConfig;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.Pretrainer;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.TrainingListener;

/**
 * Does pretraining speed up and improve fine-tuning (XxaCT-NN: "up to 4.2x faster convergence")? The fused model is
 * pretrained once per objective (MXM, contrastive, both) on the training split's inputs, then fine-tuned on every
 * target with the same budget and seeds as a model trained from scratch.
 *
 * <p>Convergence speedup, per target and objective: the optimiser steps the scratch model needs to reach its best
 * validation error, divided by the steps the pretrained model needs to reach that same error ("not reached" when it
 * never does). Errors are MAE for a regression target, 1 - accuracy for a class target and the loss for "loss"; the
 * curves are the means over seeds at each evaluation step (every run evaluates at the same steps).
 *
 * <p>Files: {@code pretrain/OBJECTIVE/} and {@code finetune/INIT/seedS/} run directories (reused or resumed when the
 * command runs again), {@code results.json}, {@code results.md}, {@code curves-TARGET.png} and
 * {@code mxm-reconstruction-K.png} (masked test patterns reconstructed by the first pretrained model with MXM, when
 * an objective with MXM is compared).
 */
public final class ConvergenceExperiment {
  /** Name of the from-scratch arm. */
  public static final String SCRATCH = "scratch";
  /** Test patterns shown reconstructed by the MXM-pretrained model. */
  public static final int RECONSTRUCTIONS = 4;
  /** Evaluations per training epoch, so that the curves resolve a speedup finer than an epoch. */
  public static final int EVALUATIONS_PER_EPOCH = 4;

  /**
   * @param seeds fine-tuning seeds per arm (1..seeds)
   * @param pretrainOverrides {@code key=value} on the pretraining run configuration ({@link Pretrainer#defaultRunConfig}),
   *     or, prefixed {@value PretrainingConfig#OVERRIDE_PREFIX}, on the pretraining settings
   * @param fineTuneOverrides {@code key=value} on the fine-tuning run configuration (training defaults)
   * @param objectives the pretraining objectives compared with scratch, in order (all three unless a larger model
   *     makes three pretrainings too costly); at least one, each once (the message of the exception otherwise reads
   *     after the option's name)
   */
  public record Options(
      int seeds, List<String> pretrainOverrides, List<String> fineTuneOverrides, List<PretrainingObjective> objectives) {
    public Options {
      if (objectives.isEmpty() || objectives.stream().distinct().count() < objectives.size()) {
        throw new IllegalArgumentException("names an objective twice, or none: " + objectives);
      }
      objectives = List.copyOf(objectives);
    }

    /** The objectives of the paper: MXM, contrastive and both. */
    public Options(int seeds, List<String> pretrainOverrides, List<String> fineTuneOverrides) {
      this(seeds, pretrainOverrides, fineTuneOverrides, PretrainingObjective.PAPER);
    }
  }

  private ConvergenceExperiment() {}

  /** Runs (or completes) the experiment and writes its report; returns the results.json content. */
  public static Map<String, Object> run(
      Path outDir, Path dataset, Options options, TrainingListener listener, Consumer<String> log)
      throws IOException {
    ExperimentRuns.PretrainingSetup setup = ExperimentRuns.PretrainingSetup.of(options.pretrainOverrides());
    RunConfig pretrainConfig = setup.run();
    PretrainingConfig pretraining = setup.settings();
    Map<String, Path> pretrained = new LinkedHashMap<>();
    for (PretrainingObjective objective : options.objectives()) {
      String name = objective.name().toLowerCase(Locale.ROOT);
      log.accept("pretraining " + name);
      pretrained.put(
          name,
          ExperimentRuns.pretrain(
              outDir.resolve("pretrain").resolve(name), pretrainConfig,
              pretraining.withObjective(objective), dataset, listener));
    }
    RunConfig base = fineTuneConfig(dataset, options.fineTuneOverrides(), pretrainConfig.model());
    List<String> arms = new ArrayList<>(List.of(SCRATCH));
    arms.addAll(pretrained.keySet());
    Map<String, List<List<EvaluationRecord>>> metrics = new LinkedHashMap<>();
    Map<String, SeedAggregate> test = new LinkedHashMap<>();
    for (String arm : arms) {
      List<List<EvaluationRecord>> perSeed = new ArrayList<>();
      List<EvaluationResult> scores = new ArrayList<>();
      for (int seed = 1; seed <= options.seeds(); seed++) {
        log.accept("fine-tuning " + arm + " seed " + seed);
        RunConfig config = ConfigTree.resolve(base, RunConfig.class, null, List.of("train.seed=" + seed));
        Path run =
            ExperimentRuns.train(
                outDir.resolve("finetune").resolve(arm).resolve("seed" + seed), config, dataset,
                pretrained.get(arm), listener);
        perSeed.add(RunDirectory.open(run).readMetrics());
        scores.add(ExperimentRuns.testScores(run, dataset));
      }
      metrics.put(arm, perSeed);
      test.put(arm, SeedAggregate.of(scores));
    }

    Map<String, Map<String, Curve>> curves = curves(metrics);
    Map<String, Map<String, Object>> speedups =
        speedupsAndPlots(outDir, curves, SCRATCH, pretrained.keySet(), " (mean of " + options.seeds() + " seeds)");
    Optional<PretrainingObjective> masked =
        options.objectives().stream().filter(PretrainingObjective::usesMxm).findFirst();
    if (masked.isPresent()) {
      reconstructions(outDir, dataset, pretrained.get(masked.get().name().toLowerCase(Locale.ROOT)));
    }

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("seeds", options.seeds());
    results.put("speedup", speedups);
    results.put("test", test);
    results.put("curves", curves);
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(results));
    report(outDir, speedups, test, pretrained.keySet());
    return results;
  }

  /** Training defaults, every target, evaluated {@value #EVALUATIONS_PER_EPOCH} times per epoch, no early stop. */
  private static RunConfig fineTuneConfig(Path dataset, List<String> overrides, ModelConfig pretrainedModel)
      throws IOException {
    RunConfig defaults = RunConfig.defaults().withModel(pretrainedModel);
    int batchesPerEpoch;
    RunConfig probe = ConfigTree.resolve(defaults, RunConfig.class, null, overrides);
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, probe, List.of())) {
      batchesPerEpoch = data.trainBatchesPerEpoch(probe.train().batchSize());
    }
    List<String> all = new ArrayList<>();
    all.add("train.evalEverySteps=" + Math.max(1, batchesPerEpoch / EVALUATIONS_PER_EPOCH));
    all.add("train.earlyStoppingPatience=0");
    all.addAll(overrides);
    return ConfigTree.resolve(defaults, RunConfig.class, null, all);
  }

  /**
   * One validation curve: mean error over seeds at each evaluation step.
   *
   * @param steps optimiser steps of the evaluations
   * @param errors mean error at each (lower is better)
   */
  public record Curve(double[] steps, double[] errors) {}

  /** Curves by error name ("loss", then each target), then arm. */
  static Map<String, Map<String, Curve>> curves(Map<String, List<List<EvaluationRecord>>> metrics) {
    Map<String, Map<String, Curve>> out = new LinkedHashMap<>();
    metrics.forEach(
        (arm, seeds) -> {
          Map<String, TreeMap<Long, List<Double>>> byName = new LinkedHashMap<>();
          for (List<EvaluationRecord> records : seeds) {
            for (EvaluationRecord r : records) {
              Map<String, Double> errors = new LinkedHashMap<>();
              errors.put("loss", r.validation().loss());
              errors.putAll(r.validation().mae());
              r.validation().accuracy().forEach((t, a) -> errors.put(t, 1 - a));
              errors.forEach(
                  (name, v) ->
                      byName.computeIfAbsent(name, n -> new TreeMap<>())
                          .computeIfAbsent(r.step(), s -> new ArrayList<>())
                          .add(v));
            }
          }
          byName.forEach(
              (name, points) -> {
                double[] steps = new double[points.size()];
                double[] errors = new double[points.size()];
                int i = 0;
                for (Map.Entry<Long, List<Double>> p : points.entrySet()) {
                  steps[i] = p.getKey();
                  errors[i++] = p.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                }
                out.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(arm, new Curve(steps, errors));
              });
        });
    return out;
  }

  /**
   * Steps the scratch curve needs to reach its best error, over the steps {@code pretrained} needs to reach that error;
   * the string "not reached" when it never does.
   */
  static Object speedup(Curve scratch, Curve pretrained) {
    int best = 0;
    for (int i = 1; i < scratch.errors().length; i++) {
      if (scratch.errors()[i] < scratch.errors()[best]) {
        best = i;
      }
    }
    double target = scratch.errors()[best];
    for (int i = 0; i < pretrained.errors().length; i++) {
      if (pretrained.errors()[i] <= target) {
        return scratch.steps()[best] / pretrained.steps()[i];
      }
    }
    return NOT_REACHED;
  }

  /** Written for a pretrained arm that never reaches the scratch model's best error. */
  public static final String NOT_REACHED = "not reached";

  /**
   * The speedup of each compared arm over the reference arm for every error that all arms have, and a plot of the
   * curves of each such error ({@code curves-NAME.png}).
   *
   * @param curves by error name, then arm, as {@link #curves} gives them
   * @param titleSuffix appended to each plot's title (what the curves are means of)
   * @return by error name, then compared arm: a speedup, or {@link #NOT_REACHED}
   */
  static Map<String, Map<String, Object>> speedupsAndPlots(
      Path outDir, Map<String, Map<String, Curve>> curves, String reference, Collection<String> compared,
      String titleSuffix)
      throws IOException {
    Map<String, Map<String, Object>> speedups = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Curve>> e : curves.entrySet()) {
      Map<String, Curve> byArm = e.getValue();
      if (!byArm.containsKey(reference) || !byArm.keySet().containsAll(compared)) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (String arm : compared) {
        row.put(arm, speedup(byArm.get(reference), byArm.get(arm)));
      }
      speedups.put(e.getKey(), row);
      List<PlotSeries> lines = new ArrayList<>();
      byArm.forEach((arm, c) -> lines.add(PlotSeries.of(arm, c.steps(), c.errors())));
      Plots.learningCurves(
          outDir.resolve("curves-" + e.getKey() + ".png"), "validation " + e.getKey() + titleSuffix,
          "optimiser step", errorName(e.getKey()), lines, e.getKey().equals("loss"));
    }
    return speedups;
  }

  /** The speedup table: one row per error, one column per compared arm. */
  static String speedupTable(Map<String, Map<String, Object>> speedups, Collection<String> compared) {
    List<String> header = new ArrayList<>(List.of("error"));
    compared.forEach(o -> header.add(o + " speedup"));
    MarkdownTable speed = new MarkdownTable(header);
    speedups.forEach(
        (name, row) -> {
          List<String> cells = new ArrayList<>(List.of(name));
          row.values().forEach(v -> cells.add(v instanceof Double d ? MarkdownTable.format(d, 2) + "x" : v.toString()));
          speed.row(cells);
        });
    return speed.render();
  }

  private static String errorName(String name) {
    return name.equals("loss") ? "validation loss" : "validation error (MAE, or 1 - accuracy)";
  }

  private static void report(
      Path outDir, Map<String, Map<String, Object>> speedups, Map<String, SeedAggregate> test,
      Collection<String> objectives)
      throws IOException {
    List<MarkdownTable.Column> columns = new ArrayList<>();
    SeedAggregate any = test.values().iterator().next();
    any.byTarget()
        .forEach(
            (target, scores) -> {
              String score = scores.containsKey("mae") ? "mae" : "accuracy";
              columns.add(new MarkdownTable.Column(target + " test " + score, target, score, 4));
            });
    MarkdownTable testTable = MarkdownTable.ofAggregates("initialisation", test, columns);
    AtomicFiles.writeString(
        outDir.resolve("results.md"),
        "Convergence speedup (scratch steps to its best validation error / pretrained steps to reach it)\n\n"
            + speedupTable(speedups, objectives)
            + "\nTest scores of the best validation checkpoint (mean ± std over seeds)\n\n"
            + testTable.render());
  }

  /** Plots {@value #RECONSTRUCTIONS} test patterns masked and reconstructed by the MXM-pretrained model. */
  static void reconstructions(Path outDir, Path dataset, Path mxmRun) throws IOException {
    try (PretrainingModel model = Pretrainer.load(mxmRun);
        DatasetTrainingData data =
            DatasetTrainingData.open(
                dataset, model.model().config(), DatasetTrainingData.Options.of(List.of(), DataConfig.defaults()));
        DatasetLoader loader = data.evaluationLoader(Split.TEST, RECONSTRUCTIONS)) {
      Batch batch = loader.epoch(0).next();
      ModelConfig mc = model.model().config();
      int p = mc.numPatches();
      float[] mask =
          PatchMasking.draw(
              batch.size(), p, model.config().maskRatio(), model.config().maskMode(), model.config().spanPatches(),
              new SplittableRandom(0));
      PretrainingModel.Reconstruction r = model.reconstruct(batch, mask);
      int g = mc.gridPoints();
      double[] twoTheta = new double[g];
      for (int j = 0; j < g; j++) {
        twoTheta[j] = mc.twoThetaMinDeg() + (mc.twoThetaMaxDeg() - mc.twoThetaMinDeg()) * j / (g - 1);
      }
      for (int i = 0; i < batch.size(); i++) {
        double[] original = new double[g];
        double[] reconstructed = new double[g];
        boolean[] masked = new boolean[g];
        for (int j = 0; j < g; j++) {
          original[j] = r.original()[i * g + j];
          masked[j] = mask[i * p + j / mc.patchSize()] == 1f;
          reconstructed[j] = masked[j] ? r.reconstructed()[i * g + j] : original[j];
        }
        Plots.xrdReconstruction(
            outDir.resolve("mxm-reconstruction-" + (i + 1) + ".png"),
            "MXM reconstruction of test pattern " + data.dataset().id(batch.indices()[i]), twoTheta, original,
            reconstructed, masked);
      }
    }
  }
}
