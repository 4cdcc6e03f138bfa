package org.xxact.eval.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.xxact.data.TargetDefinition;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.EvaluationResult;
import org.xxact.eval.ModelEvaluator;
import org.xxact.eval.TargetMetrics;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.io.GridSpec;

/**
 * Scores, on the patterns of a labelled dataset split, the crystal system that {@code xxact predict} reports for a
 * measured pattern: lattice indexing beside the classifier ({@link IndexedCrystalSystem}). The dataset's labels come
 * from the symmetry of each structure, so every decision is checked, which a measured set of a few hundred minerals
 * cannot do for the rarer systems.
 *
 * <p>The decisions are added to the model's outcome as one more classification target, {@value #TARGET_NAME}, whose
 * probabilities are the decision as a one-hot row: its accuracy and macro-F1 are those of the decisions, and plots
 * draw its confusion matrix like any other target's.
 */
public final class IndexedEvaluation {
  /** The name the decisions are scored under, beside the classifier's {@code crystal_system}. */
  public static final String TARGET_NAME = "crystal_system_indexed";

  private IndexedEvaluation() {}

  /**
   * The outcome with the decisions added, and how many were made by a cell.
   *
   * @param outcome the model's outcome, with a {@code crystal_system} target
   * @param decidedByCell patterns whose decision an accepted cell made
   * @param decidedByMetric the same, per {@link LatticeIndexer.Metric} (in its order)
   * @param cellCorrect decisions made by a cell that match the label
   */
  public record Scored(ModelEvaluator.Outcome outcome, int decidedByCell, int[] decidedByMetric, int cellCorrect) {}

  /**
   * Decides the crystal system of every evaluated sample from its pattern and the classifier's probabilities, on all
   * available cores.
   *
   * @param patterns the pattern of each evaluated sample, in outcome order, on {@code grid}
   * @param progress called with the number of patterns decided so far, after each one
   * @throws IllegalArgumentException when the outcome has no crystal-system target, or as many patterns as samples
   */
  public static Scored score(
      ModelEvaluator.Outcome outcome,
      List<float[]> patterns,
      GridSpec grid,
      IndexedCrystalSystem rule,
      IntConsumer progress) {
    ModelEvaluator.TargetOutcome system = outcome.targets().stream()
        .filter(t -> t.target().name().equals(TargetDefinition.CRYSTAL_SYSTEM_NAME))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model does not predict the crystal system"));
    int n = system.actual().length;
    if (patterns.size() != n) {
      throw new IllegalArgumentException(patterns.size() + " patterns for " + n + " evaluated samples");
    }
    TargetSpec spec = system.target();
    AtomicInteger done = new AtomicInteger();
    List<IndexedCrystalSystem.Decision> decisions = IntStream.range(0, n)
        .parallel()
        .mapToObj(i -> {
          double[] row = system.probabilities()[i];
          IndexedCrystalSystem.Decision d =
              rule.decide(patterns.get(i), grid, TargetValue.ofClasses(spec, k -> row[k], Predictor.TOP_CLASSES));
          progress.accept(done.incrementAndGet());
          return d;
        })
        .toList();
    double[][] oneHot = new double[n][spec.numClasses()];
    double[] predicted = new double[n];
    int[] actual = system.actualClasses();
    int[] byMetric = new int[LatticeIndexer.Metric.values().length];
    int byCell = 0;
    int cellCorrect = 0;
    for (int i = 0; i < n; i++) {
      IndexedCrystalSystem.Decision d = decisions.get(i);
      int c = spec.classNames().indexOf(d.crystalSystem());
      if (c < 0) {
        throw new IllegalArgumentException(
            "the model's crystal-system classes " + spec.classNames() + " lack '" + d.crystalSystem() + "'");
      }
      oneHot[i][c] = 1;
      predicted[i] = c;
      if (d.cell() != null) {
        byCell++;
        byMetric[d.cell().metric().ordinal()]++;
        cellCorrect += system.labelled()[i] && actual[i] == c ? 1 : 0;
      }
    }
    TargetSpec indexedSpec =
        new TargetSpec(TARGET_NAME, TargetKind.CLASSIFICATION, spec.unit(), spec.mean(), spec.std(), spec.classNames());
    ModelEvaluator.TargetOutcome indexed =
        new ModelEvaluator.TargetOutcome(indexedSpec, system.labelled(), system.actual(), predicted, null, oneHot);
    List<ModelEvaluator.TargetOutcome> targets = new ArrayList<>(outcome.targets());
    targets.add(indexed);
    Map<String, TargetMetrics> scores = new LinkedHashMap<>(outcome.result().targets());
    if (indexed.anyLabelled()) {
      scores.put(TARGET_NAME, ClassificationMetrics.ofScores(oneHot, actual, system.labelled()));
    }
    return new Scored(
        new ModelEvaluator.Outcome(new EvaluationResult(scores), List.copyOf(targets), outcome.samples()),
        byCell,
        byMetric,
        cellCorrect);
  }
}
