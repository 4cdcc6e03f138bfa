package org.xxact.eval.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.ConfusionMatrix;
import org.xxact.eval.ModelEvaluator;
import org.xxact.train.EvaluationRecord;

/**
 * The plots of one evaluated run, written into a folder: learning curves from the run's metrics ({@code
 * learning-loss.png}: training and validation loss; {@code learning-TARGET.png}: validation MAE or accuracy), a parity
 * plot per regression target ({@code parity-TARGET.png}) and a row-normalised confusion matrix per classification
 * target ({@code confusion-TARGET.png}).
 */
public final class EvaluationPlots {
  /**
   * Classes shown in a confusion matrix: a target with more (230 space groups) shows its most frequent true classes
   * and gathers the rest as "other", so that the cells stay readable.
   */
  public static final int MAX_CONFUSION_CLASSES = 16;

  private EvaluationPlots() {}

  /**
   * Writes every plot into {@code dir}.
   *
   * @param metrics the run's evaluations (learning curves); none drawn when empty
   * @param label names the run and the evaluated split in the titles
   * @return the files written
   */
  public static List<Path> write(
      Path dir, ModelEvaluator.Outcome outcome, List<EvaluationRecord> metrics, String label) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!metrics.isEmpty()) {
      double[] steps = metrics.stream().mapToDouble(EvaluationRecord::step).toArray();
      Path loss = dir.resolve("learning-loss.png");
      List<PlotSeries> lossSeries = new ArrayList<>();
      List<EvaluationRecord> withTrainLoss =
          metrics.stream().filter(r -> Double.isFinite(r.trainLoss())).toList();
      if (!withTrainLoss.isEmpty()) {
        lossSeries.add(
            PlotSeries.of(
                "training",
                withTrainLoss.stream().mapToDouble(EvaluationRecord::step).toArray(),
                withTrainLoss.stream().mapToDouble(EvaluationRecord::trainLoss).toArray()));
      }
      lossSeries.add(PlotSeries.of("validation", steps, values(metrics, r -> r.validation().loss())));
      Plots.learningCurves(loss, label + ": loss", "step", "loss", lossSeries, false);
      files.add(loss);
      for (ModelEvaluator.TargetOutcome t : outcome.targets()) {
        String name = t.target().name();
        boolean regression = t.target().kind() == TargetKind.REGRESSION;
        Map<String, Double> first = regression ? metrics.get(0).validation().mae() : metrics.get(0).validation()
            .accuracy();
        if (!first.containsKey(name)) {
          continue;
        }
        double[] y =
            values(metrics, r -> (regression ? r.validation().mae() : r.validation().accuracy()).getOrDefault(name,
                Double.NaN));
        Path file = dir.resolve("learning-" + name + ".png");
        String yLabel = regression ? "validation MAE" + unit(t.target()) : "validation accuracy";
        Plots.learningCurves(file, label + ": " + name, "step", yLabel, List.of(PlotSeries.of(name, steps, y)), false);
        files.add(file);
      }
    }
    for (ModelEvaluator.TargetOutcome t : outcome.targets()) {
      if (!t.anyLabelled()) {
        continue;
      }
      String name = t.target().name();
      if (t.target().kind() == TargetKind.REGRESSION) {
        int[] rows = IntStream.range(0, t.actual().length).filter(i -> t.labelled()[i]).toArray();
        double[] actual = IntStream.of(rows).mapToDouble(i -> t.actual()[i]).toArray();
        double[] predicted = IntStream.of(rows).mapToDouble(i -> t.predicted()[i]).toArray();
        Path file = dir.resolve("parity-" + name + ".png");
        Plots.parity(file, name, t.target().unit(), actual, predicted);
        files.add(file);
      } else {
        Path file = dir.resolve("confusion-" + name + ".png");
        writeConfusion(file, label + ": " + name, t);
        files.add(file);
      }
    }
    return files;
  }

  private static void writeConfusion(Path file, String title, ModelEvaluator.TargetOutcome t) throws IOException {
    int[] actual = t.actualClasses();
    int[] predicted = ClassificationMetrics.argmax(t.probabilities());
    List<String> names = t.target().classNames();
    if (names.size() <= MAX_CONFUSION_CLASSES) {
      Plots.confusionMatrix(
          file, title, ConfusionMatrix.of(predicted, actual, names.size(), t.labelled()), names, true);
      return;
    }
    int[] counts = new int[names.size()];
    for (int i = 0; i < actual.length; i++) {
      if (t.labelled()[i]) {
        counts[actual[i]]++;
      }
    }
    int shown = MAX_CONFUSION_CLASSES - 1;
    List<Integer> frequent =
        IntStream.range(0, names.size())
            .boxed()
            .sorted(Comparator.comparingInt((Integer c) -> -counts[c]).thenComparingInt(c -> c))
            .limit(shown)
            .sorted()
            .toList();
    Map<Integer, Integer> index = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (int c : frequent) {
      index.put(c, labels.size());
      labels.add(names.get(c));
    }
    labels.add("other");
    int[] a = new int[actual.length];
    int[] p = new int[actual.length];
    for (int i = 0; i < actual.length; i++) {
      a[i] = t.labelled()[i] ? index.getOrDefault(actual[i], shown) : -1;
      p[i] = index.getOrDefault(predicted[i], shown);
    }
    Plots.confusionMatrix(
        file, title + " (" + shown + " most frequent classes)", ConfusionMatrix.of(p, a, labels.size(), t.labelled()),
        labels, true);
  }

  private static double[] values(List<EvaluationRecord> metrics, ToDoubleFunction<EvaluationRecord> f) {
    return metrics.stream().mapToDouble(f).toArray();
  }

  private static String unit(TargetSpec t) {
    return t.unit().isEmpty() ? "" : " (" + t.unit() + ")";
  }
}
