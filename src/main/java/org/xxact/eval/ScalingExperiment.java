package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.xxact.data.AtomicFiles;
import org.xxact.eval.plot.PlotSeries;
import org.xxact.eval.plot.Plots;
import org.xxact.model.ConfigTree;
import org.xxact.model.Modality;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingObjective;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.RunConfig;
import org.xxact.train.TrainingListener;

/**
 * Does the multimodal gain grow with data, and what does pretraining add at each size (XxaCT-NN's scaling claims)?
 * Composition-only, XRD-only and fused models are trained on nested training subsets of each size (the smaller inside
 * the larger, {@link org.xxact.train.DataConfig#trainSubset}) and scored on the same validation and test splits, each
 * from random initialisation and from the encoders of one pretraining run (both objectives, fused model, on the inputs
 * of the whole training split: unlabelled data is what pretraining adds).
 *
 * <p>Files: {@code pretrain/both/} and {@code runs/MODALITY-SIZE-INIT-seedS/} run directories (reused or resumed),
 * {@code results.json}, {@code results.md} and {@code scaling-TARGET.png} (test error against training-set size, log x,
 * mean ± std over seeds).
 */
public final class ScalingExperiment {
  /** Initialisations compared at every size. */
  public static final List<String> INITS = List.of("scratch", "pretrained");

  /**
   * @param sizes training-set sizes; 0 stands for the whole training split
   * @param seeds seeds per configuration
   * @param pretrainOverrides {@code key=value} on the pretraining run configuration or, prefixed
   *     {@value PretrainingConfig#OVERRIDE_PREFIX}, on the pretraining settings
   * @param trainOverrides {@code key=value} on every training run's configuration
   */
  public record Options(List<Integer> sizes, int seeds, List<String> pretrainOverrides, List<String> trainOverrides) {}

  private ScalingExperiment() {}

  /** Runs (or completes) the experiment and writes its report; returns the results.json content. */
  public static Map<String, Object> run(
      Path outDir, Path dataset, Options options, TrainingListener listener, Consumer<String> log)
      throws IOException {
    ExperimentRuns.PretrainingSetup setup = ExperimentRuns.PretrainingSetup.of(options.pretrainOverrides());
    RunConfig pretrainConfig = setup.run();
    PretrainingConfig pretraining = setup.settings();
    log.accept("pretraining (both objectives) on the whole training split");
    Path pretrained =
        ExperimentRuns.pretrain(
            outDir.resolve("pretrain").resolve("both"), pretrainConfig,
            pretraining.withObjective(PretrainingObjective.BOTH), dataset, listener);
    int trainSplit;
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, pretrainConfig, List.of())) {
      trainSplit = data.trainSize();
    }
    RunConfig base =
        ConfigTree.resolve(
            RunConfig.defaults().withModel(pretrainConfig.model()), RunConfig.class, null, options.trainOverrides());
    Map<String, Map<Integer, SeedAggregate>> results = new LinkedHashMap<>();
    for (Modality modality : Modality.values()) {
      for (String init : INITS) {
        String series = modality.name().toLowerCase(Locale.ROOT) + " " + init;
        Map<Integer, SeedAggregate> bySize = new LinkedHashMap<>();
        for (int size : options.sizes()) {
          int n = size == 0 || size >= trainSplit ? trainSplit : size;
          List<EvaluationResult> scores = new ArrayList<>();
          for (int seed = 1; seed <= options.seeds(); seed++) {
            String name =
                modality.name().toLowerCase(Locale.ROOT) + "-" + (size == 0 ? "all" : size) + "-" + init + "-seed"
                    + seed;
            log.accept("training " + name);
            RunConfig config =
                ConfigTree.resolve(
                    base.withModel(base.model().withModality(modality)), RunConfig.class, null,
                    List.of("train.seed=" + seed, "data.trainSubset=" + (n == trainSplit ? 0 : n)));
            Path run =
                ExperimentRuns.train(
                    outDir.resolve("runs").resolve(name), config, dataset, init.equals("scratch") ? null : pretrained,
                    listener);
            scores.add(ExperimentRuns.testScores(run, dataset));
          }
          bySize.put(n, SeedAggregate.of(scores));
        }
        results.put(series, bySize);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seeds", options.seeds());
    json.put("test", results);
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(json));
    report(outDir, results);
    return json;
  }

  private static void report(Path outDir, Map<String, Map<Integer, SeedAggregate>> results) throws IOException {
    Map<String, String> targetScore = new LinkedHashMap<>();
    results.values().iterator().next().values().iterator().next().byTarget()
        .forEach((target, scores) -> targetScore.put(target, scores.containsKey("mae") ? "mae" : "accuracy"));
    Map<String, SeedAggregate> rows = new LinkedHashMap<>();
    results.forEach((series, bySize) -> bySize.forEach((n, agg) -> rows.put(series + " " + n, agg)));
    List<MarkdownTable.Column> columns = new ArrayList<>();
    targetScore.forEach((t, s) -> columns.add(new MarkdownTable.Column(t + " test " + s, t, s, 4)));
    MarkdownTable.ofAggregates("model, init, training samples", rows, columns).write(outDir.resolve("results.md"));
    for (Map.Entry<String, String> ts : targetScore.entrySet()) {
      List<PlotSeries> lines = new ArrayList<>();
      results.forEach(
          (series, bySize) -> {
            double[] x = new double[bySize.size()];
            double[] y = new double[bySize.size()];
            double[] err = new double[bySize.size()];
            int i = 0;
            for (Map.Entry<Integer, SeedAggregate> e : bySize.entrySet()) {
              MeanStd m = e.getValue().get(ts.getKey(), ts.getValue());
              x[i] = e.getKey();
              y[i] = m == null ? Double.NaN : m.mean();
              err[i++] = m == null || !Double.isFinite(m.std()) ? 0 : m.std();
            }
            lines.add(new PlotSeries(series, x, y, err));
          });
      Plots.errorVsTrainingSize(
          outDir.resolve("scaling-" + ts.getKey() + ".png"), ts.getKey() + " on the test split",
          "test " + ts.getValue(), lines);
    }
  }
}
