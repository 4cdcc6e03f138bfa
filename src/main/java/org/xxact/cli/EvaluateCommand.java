package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.data.Batch;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetDefinition;
import org.xxact.data.TargetSpec;
import org.xxact.eval.MarkdownTable;
import org.xxact.eval.ModelEvaluator;
import org.xxact.eval.plot.EvaluationPlots;
import org.xxact.eval.predict.IndexedCrystalSystem;
import org.xxact.eval.predict.IndexedEvaluation;
import org.xxact.eval.predict.IndexingLikelihood;
import org.xxact.eval.predict.Predictor;
import org.xxact.model.ModelConfig;
import org.xxact.model.PropertyModel;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.ModelDirectory;
import org.xxact.xrd.io.GridSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact evaluate}: scores the best checkpoint of a run (or an ensemble of runs) on a split of a dataset, in
 * physical units, and prints a Markdown table (or, with {@code --json}, the EvaluationResult JSON keyed by target);
 * optionally writes the learning curves, parity plots and confusion matrices.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Score a trained run or ensemble on a dataset split: MAE, RMSE, R2 per regression target (physical units),"
          + " with the calibration of predicted standard deviations; accuracy, macro-F1 (and ROC-AUC for two classes)"
          + " per class target.",
      "Exit codes: 0 ok, 2 usage error, 3 input error, 4 internal error."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "RUN",
      description = "Run directory (its best checkpoint) or ensemble directory (ensemble.json).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "SPLIT",
      description = "train, val or test (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--json", description = "Print the scores as JSON keyed by target instead of a table.")
  boolean json;

  @Option(names = "--plots", paramLabel = "DIR", description = "Write learning curves, parity and confusion plots here.")
  Path plots;

  @Option(
      names = "--lattice-indexing",
      description = "Also score the crystal system that `xxact predict` reports for a measured pattern: lattice"
          + " indexing of each pattern beside the classifier, as target " + IndexedEvaluation.TARGET_NAME
          + " (about half a core-second per pattern).")
  boolean latticeIndexing;

  @Option(
      names = "--monoclinic-indexing",
      description = "With --lattice-indexing: search monoclinic cells too, as `xxact predict` does for a measured"
          + " pattern (about 2 core-seconds more per pattern without a cell of higher symmetry). Counts fitted with"
          + " it are for it only.")
  boolean monoclinicIndexing;

  @Option(
      names = "--fit-indexing-likelihood",
      paramLabel = "FILE",
      description = "With --lattice-indexing: count how often each indexing outcome occurs per true crystal system"
          + " (and per Bravais lattice, for a space-group model) on this split, write the counts to FILE, and score the"
          + " combined targets (classifier x likelihood) with " + IndexedEvaluation.CV_SUFFIX
          + ": each sample with counts from the other half of the split.")
  Path fitLikelihood;

  @Option(
      names = "--indexing-likelihood",
      paramLabel = "FILE",
      description = "With --lattice-indexing: score " + IndexedEvaluation.BAYES_TARGET_NAME + ", "
          + IndexedEvaluation.SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME + ", "
          + IndexedEvaluation.SPACE_GROUP_BAYES_TARGET_NAME + " and "
          + IndexedEvaluation.SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME
          + ": the classifier combined with the indexing outcome by the counts in FILE (--fit-indexing-likelihood).")
  Path likelihood;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Split which = parseSplit(split);
    ModelDirectory run = ModelDirectory.open(model);
    List<String> names = run.targets().stream().map(TargetSpec::name).toList();
    ModelConfig config = run.first().config().model();
    if (!latticeIndexing && (fitLikelihood != null || likelihood != null || monoclinicIndexing)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--fit-indexing-likelihood, --indexing-likelihood and --monoclinic-indexing need --lattice-indexing");
    }
    IndexedCrystalSystem rule = monoclinicIndexing
        ? IndexedCrystalSystem.withMonoclinicCells()
        : new IndexedCrystalSystem();
    Map<String, IndexingLikelihood> counts = likelihood == null ? null : IndexingLikelihood.read(likelihood);
    if (counts != null && counts.values().stream().anyMatch(c -> !c.metrics().equals(rule.metrics()))) {
      throw new CommandLine.ParameterException(spec.commandLine(), likelihood + " holds counts for cells of "
          + counts.values().iterator().next().metrics() + "; this indexing searches " + rule.metrics()
          + (monoclinicIndexing ? " (drop --monoclinic-indexing)" : " (add --monoclinic-indexing)"));
    }
    if (latticeIndexing && !(config.modality().usesXrd() && names.contains(TargetDefinition.CRYSTAL_SYSTEM_NAME))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--lattice-indexing needs a model that reads XRD and predicts the crystal system; "
              + model + " is a " + config.modality() + " model of " + names);
    }
    ModelEvaluator.Outcome outcome;
    List<float[]> patterns = new ArrayList<>();
    try (DatasetTrainingData dataset = DatasetTrainingData.forRun(data, run.first().config(), names);
        DatasetLoader loader = dataset.evaluationLoader(which, run.first().config().train().batchSize());
        PropertyModel m = run.load()) {
      Iterator<Batch> batches = loader.epoch(0);
      outcome = ModelEvaluator.evaluate(
          m, latticeIndexing ? recording(batches, patterns) : batches, loader.targetSpecs());
    }
    err.printf(Locale.ROOT, "%s on the %s split of %s: %,d samples%n", model, which.label(), data, outcome.samples());
    if (latticeIndexing) {
      IndexedEvaluation.Scored scored = index(outcome, patterns, Predictor.gridOf(config), rule, err);
      outcome = scored.outcome();
      if (fitLikelihood != null) {
        IndexingLikelihood.write(scored.likelihoods(), fitLikelihood);
        err.printf(Locale.ROOT, "wrote the indexing likelihood counts to %s%n", fitLikelihood);
        outcome = scored.withCrossValidatedBayes(outcome);
      }
      if (counts != null) {
        outcome = scored.withBayes(outcome, counts);
      }
    }
    if (plots != null) {
      List<Path> files =
          EvaluationPlots.write(plots, outcome, run.metrics(), model.getFileName() + " (" + which.label() + ")");
      err.printf(Locale.ROOT, "wrote %d plots to %s%n", files.size(), plots);
    }
    err.flush();
    out.print(json ? outcome.result().toJson() : MarkdownTable.ofResult(outcome.result()).render());
    out.flush();
    return ExitCode.OK;
  }

  /** The batches, each sample's pattern copied into {@code patterns} as it passes. */
  private static Iterator<Batch> recording(Iterator<Batch> batches, List<float[]> patterns) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return batches.hasNext();
      }

      @Override
      public Batch next() {
        Batch b = batches.next();
        int g = b.gridPoints();
        for (int i = 0; i < b.size(); i++) {
          patterns.add(Arrays.copyOfRange(b.xrd(), i * g, (i + 1) * g));
        }
        return b;
      }
    };
  }

  private static IndexedEvaluation.Scored index(
      ModelEvaluator.Outcome outcome,
      List<float[]> patterns,
      GridSpec grid,
      IndexedCrystalSystem rule,
      PrintWriter err) {
    long start = System.nanoTime();
    int n = patterns.size();
    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        outcome,
        patterns,
        grid,
        rule,
        done -> {
          if (done % 500 == 0) {
            synchronized (err) {
              err.printf(Locale.ROOT, "lattice indexing: %,d of %,d patterns%n", done, n);
              err.flush();
            }
          }
        });
    List<String> metrics =
        scored.metrics().stream().map(metric -> metric.name().toLowerCase(Locale.ROOT)).toList();
    int[] m = scored.decidedByMetric();
    List<String> byMetric = new ArrayList<>();
    for (int k = 0; k < m.length; k++) {
      byMetric.add(metrics.get(k) + " " + m[k]);
    }
    err.printf(
        Locale.ROOT,
        "lattice indexing: %,d of %,d patterns decided by a cell (%s), %,d of them correctly; %.1f min%n",
        scored.decidedByCell(), n, String.join(", ", byMetric), scored.cellCorrect(),
        (System.nanoTime() - start) / 6e10);
    List<String> classes = scored.crystalSystem().target().classNames();
    List<String> header = new ArrayList<>();
    header.add("true \\ cell");
    header.addAll(metrics);
    MarkdownTable table = new MarkdownTable(header);
    for (int c = 0; c < classes.size(); c++) {
      List<String> cells = new ArrayList<>();
      cells.add(classes.get(c));
      for (int count : scored.cellsByTrueClass()[c]) {
        cells.add(Integer.toString(count));
      }
      table.row(cells);
    }
    err.print(table.render());
    return scored;
  }

  private Split parseSplit(String text) {
    for (Split s : Split.values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "--split must be train, val or test, got '" + text + "'");
  }
}
