package org.xxact.eval.predict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.xxact.crystal.CrystalSystem;
import org.xxact.data.AtomicFiles;
import org.xxact.data.Augmentation;
import org.xxact.data.TargetDefinition;
import org.xxact.data.CsvText;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.ConfusionMatrix;
import org.xxact.eval.MarkdownTable;
import org.xxact.eval.plot.Plots;
import org.xxact.model.ConfigTree;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.RunConfig;
import org.xxact.xrd.io.LabelledPattern;
import org.xxact.xrd.io.PatternPreprocessor;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.ResolvedPeaks;
import org.xxact.xrd.io.RruffPatternSet;

/**
 * Transfer from simulated to measured patterns (experiment 5 of the design): an XRD-only model learns crystal system and
 * space group from simulated patterns rendered with augmentations that imitate measured ones, then predicts the
 * labelled RRUFF mineral patterns, preprocessed exactly as {@code xxact predict} preprocesses a measured file.
 *
 * <p>The augmentation ranges ({@link #RRUFF_LIKE}) come from the 454 RRUFF patterns themselves: the strongest peak's
 * full width at half maximum is 0.06-0.17 degrees (10th-90th percentile, median 0.10), the background left in the files
 * is below 1 % of the maximum in 90 % of them (the set is background-subtracted, and predict removes what is left), and
 * the point-to-point noise is 0.2-2.8 % of the maximum (median 0.7 %), that of a few hundred to a few thousand counts at
 * the top. Minerals are often textured, so intensities vary more than in the loader's defaults. The strongest peak
 * lies at low angle, where microstrain hardly widens it; at high angle RRUFF peaks can be three times wider (a
 * rock-salt pattern: 0.25 degree at 32 degrees, 0.7 degree at 84 degrees, a microstrain of about 0.35 %). From the
 * widths of the strongest peak at 20-40 and at 60-88 degrees of 277 patterns with both, the microstrain is 0 in half
 * of them, 0.16 % at the 75th and 0.27 % at the 90th percentile, hence a range of 0-0.3 %.
 */
public final class MeasuredTransfer {
  /** Targets of the model: crystal system (scored here) and space group (reported). */
  public static final List<String> TARGETS = List.of("crystal_system", "spacegroup_number");

  /** The crystal-system target's name. */
  public static final String CRYSTAL_SYSTEM = TargetDefinition.CRYSTAL_SYSTEM_NAME;

  /** The space-group target's name. */
  public static final String SPACE_GROUP = TargetDefinition.SPACE_GROUP_NAME;

  /** Augmentation ranges of simulated training patterns, chosen to cover the measured RRUFF patterns (see above). */
  public static final Augmentation RRUFF_LIKE =
      new Augmentation(
          new Augmentation.Range(0.05, 0.25),
          new Augmentation.Range(0.0, 0.7),
          new Augmentation.Range(-0.15, 0.15),
          new Augmentation.Range(-0.02, 0.015),
          new Augmentation.Range(0.0, 0.5),
          new Augmentation.Range(0.0, 0.5),
          new Augmentation.Range(0.0, 0.05),
          new Augmentation.Range(200, 20_000),
          new Augmentation.Range(0.0, 0.003),
          null);

  /**
   * Upper ends of the bins of resolved reflections in which the accuracy is reported (then one open bin): a few lines
   * of a small high-symmetry cell up to the dozens of a large low-symmetry one.
   */
  static final int[] PEAK_BIN_UPPER_BOUNDS = {10, 20, 40};

  /** Lower ends of the bins of stated crystal-system probability in which reliability is reported. */
  static final double[] PROBABILITY_BIN_LOWER_BOUNDS = {0, 0.4, 0.6, 0.8};

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MeasuredTransfer() {}

  /**
   * The experiment's starting point, applied before the user's {@code --set}: the augmentation ranges
   * {@link #RRUFF_LIKE} (recorded in the run's configuration), which {@code --set data.augmentation.NAME=...} then
   * changes one range at a time.
   */
  public static List<String> baseSettings() {
    return List.of("data.augmentation=" + ConfigTree.toJson(RRUFF_LIKE));
  }

  /**
   * The settings that make a run this experiment's, applied over any others: XRD only, augmentation on, early stopping
   * on the crystal-system accuracy of the (simulated) validation split.
   */
  public static List<String> experimentSettings() {
    return List.of("model.modality=XRD", "data.augment=true", "train.earlyStoppingMetric=" + CRYSTAL_SYSTEM);
  }

  /**
   * The training data of the experiment: the dataset's crystal-system and space-group labels, training patterns
   * rendered with the configuration's augmentation (validation patterns without). The caller closes it.
   */
  public static DatasetTrainingData trainingData(Path dataset, RunConfig config) throws IOException {
    return DatasetTrainingData.open(dataset, config.model(), DatasetTrainingData.Options.of(TARGETS, config.data()));
  }

  /**
   * The crystal-system scores of a model on a labelled measured set.
   *
   * @param removeBackground preprocess with background removal (as {@code xxact predict} does by default)
   * @param stripKAlpha2 strip the K-alpha2 line (as {@code xxact predict --strip-kalpha2} does)
   * @throws IllegalArgumentException when the model does not predict the crystal system or needs a composition
   */
  public static Evaluation evaluate(
      Predictor predictor, Path labelledSet, boolean removeBackground, boolean stripKAlpha2) {
    if (predictor.needsComposition()) {
      throw new IllegalArgumentException(
          "model " + predictor.directory() + " reads the composition; the measured set has none");
    }
    PatternPreprocessor preprocessor = new PatternPreprocessor(predictor.preprocessing(removeBackground, stripKAlpha2));
    List<PredictionInput> inputs = new ArrayList<>();
    List<LabelledPattern> labelled = RruffPatternSet.readAll(labelledSet);
    for (LabelledPattern p : labelled) {
      inputs.add(PredictionInputs.measured(p.pattern(), null, null, preprocessor));
    }
    List<Prediction> predictions = predictor.predict(inputs);
    IndexedCrystalSystem indexing = IndexedCrystalSystem.forMeasuredPatterns();
    List<IndexedCrystalSystem.Decision> decisions = predictions.parallelStream()
        .map(p -> indexing.decide(p.input().pattern(), predictor.grid(), p.value(CRYSTAL_SYSTEM)))
        .toList();
    List<List<String>> spaceGroups = IntStream.range(0, predictions.size())
        .parallel()
        .mapToObj(i -> indexing.topSpaceGroups(predictions.get(i), predictor.grid(), decisions.get(i)).stream()
            .map(TargetValue.ClassProbability::className)
            .toList())
        .toList();
    return score(labelledSet.toString(), predictor.directory().toString(), removeBackground, stripKAlpha2, labelled,
        predictions, decisions, spaceGroups);
  }

  private static boolean predictsSpaceGroup(Prediction p) {
    return p.values().stream().anyMatch(v -> v.target().equals(SPACE_GROUP));
  }

  /**
   * Scores predictions of labelled patterns: the crystal-system confusion matrix, space-group top-1 and top-3 accuracy
   * (when the model predicts it), the accuracy by the number of reflections each preprocessed pattern resolves
   * ({@link ResolvedPeaks}, binned at {@link #PEAK_BIN_UPPER_BOUNDS}) and the reliability of the stated probability.
   *
   * @param predictions one per labelled pattern, in the same order; each holds the preprocessed pattern it was made from
   * @param decisions the crystal system from lattice indexing and the classifier ({@link IndexedCrystalSystem}), one
   *     per labelled pattern, scored beside the classifier's own answer
   */
  static Evaluation score(
      String labelledSet,
      String model,
      boolean removeBackground,
      boolean stripKAlpha2,
      List<LabelledPattern> labelled,
      List<Prediction> predictions,
      List<IndexedCrystalSystem.Decision> decisions,
      List<List<String>> spaceGroupsWithIndexing) {
    List<String> classNames = List.of(CrystalSystem.values()).stream().map(CrystalSystem::label).toList();
    boolean hasSpaceGroup = predictions.stream().allMatch(MeasuredTransfer::predictsSpaceGroup);
    int n = labelled.size();
    int[] actual = new int[n];
    int[] predicted = new int[n];
    int[] predictedWithIndexing = new int[n];
    int[][] indexedByClass = new int[classNames.size()][LatticeIndexer.Metric.values().length];
    int spaceGroupTop1 = 0;
    int spaceGroupTop3 = 0;
    int spaceGroupWithIndexingTop1 = 0;
    int spaceGroupWithIndexingTop3 = 0;
    List<PatternOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LabelledPattern truth = labelled.get(i);
      TargetValue system = predictions.get(i).value(CRYSTAL_SYSTEM);
      actual[i] = truth.labels().crystalSystem().ordinal();
      predicted[i] = CrystalSystem.ofLabel(system.predictedClass()).ordinal();
      IndexedCrystalSystem.Decision decision = decisions.get(i);
      predictedWithIndexing[i] = CrystalSystem.ofLabel(decision.crystalSystem()).ordinal();
      if (decision.cell() != null) {
        indexedByClass[actual[i]][decision.cell().metric().ordinal()]++;
      }
      List<String> spaceGroups = List.of();
      if (hasSpaceGroup) {
        String sg = Integer.toString(truth.labels().spaceGroupNumber());
        spaceGroups = predictions.get(i).value(SPACE_GROUP).topClasses().stream()
            .limit(3).map(TargetValue.ClassProbability::className).toList();
        spaceGroupTop1 += spaceGroups.get(0).equals(sg) ? 1 : 0;
        spaceGroupTop3 += spaceGroups.contains(sg) ? 1 : 0;
        List<String> withIndexing = spaceGroupsWithIndexing.get(i);
        spaceGroupWithIndexingTop1 += withIndexing.get(0).equals(sg) ? 1 : 0;
        spaceGroupWithIndexingTop3 += withIndexing.contains(sg) ? 1 : 0;
      }
      outcomes.add(new PatternOutcome(
          truth.id(),
          truth.labels().crystalSystem().label(),
          system.predictedClass(),
          system.topClasses().get(0).probability(),
          truth.labels().spaceGroupNumber(),
          spaceGroups,
          ResolvedPeaks.count(predictions.get(i).input().pattern()),
          decision.crystalSystem(),
          decision.cellDescription(),
          spaceGroupsWithIndexing.get(i)));
    }
    ConfusionMatrix matrix = ConfusionMatrix.of(predicted, actual, classNames.size(), null);
    ConfusionMatrix matrixWithIndexing = ConfusionMatrix.of(predictedWithIndexing, actual, classNames.size(), null);
    int[] labelCounts = new int[classNames.size()];
    int[] predictedCounts = new int[classNames.size()];
    for (int i = 0; i < n; i++) {
      labelCounts[actual[i]]++;
      predictedCounts[predicted[i]]++;
    }
    return new Evaluation(
        labelledSet,
        model,
        removeBackground,
        stripKAlpha2,
        n,
        ClassificationMetrics.of(matrix),
        classNames,
        matrix,
        labelCounts,
        predictedCounts,
        predictedCounts[CrystalSystem.TRIGONAL.ordinal()],
        hasSpaceGroup ? (double) spaceGroupTop1 / n : null,
        hasSpaceGroup ? (double) spaceGroupTop3 / n : null,
        peakBins(outcomes),
        reliability(outcomes),
        new IndexingScores(
            ClassificationMetrics.of(matrixWithIndexing),
            matrixWithIndexing,
            List.of(LatticeIndexer.Metric.values()).stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList(),
            indexedByClass,
            hasSpaceGroup ? (double) spaceGroupWithIndexingTop1 / n : null,
            hasSpaceGroup ? (double) spaceGroupWithIndexingTop3 / n : null),
        outcomes);
  }

  /** Crystal-system accuracy of the patterns in each bin of resolved reflections; empty bins are left out. */
  static List<PeakBin> peakBins(List<PatternOutcome> outcomes) {
    List<PeakBin> bins = new ArrayList<>();
    int lower = 0;
    for (int b = 0; b <= PEAK_BIN_UPPER_BOUNDS.length; b++) {
      Integer upper = b < PEAK_BIN_UPPER_BOUNDS.length ? PEAK_BIN_UPPER_BOUNDS[b] : null;
      int min = lower;
      List<PatternOutcome> in =
          outcomes.stream().filter(o -> PeakBin.inRange(o.peaks(), min, upper)).toList();
      if (!in.isEmpty()) {
        long correct = in.stream().filter(PatternOutcome::correct).count();
        String label = upper == null ? lower + " or more" : lower + "-" + upper;
        bins.add(new PeakBin(label, lower, upper, in.size(), (double) correct / in.size()));
      }
      lower = upper == null ? lower : upper + 1;
    }
    return bins;
  }

  /**
   * Reliability of the stated crystal-system probability: for the predictions whose probability falls in each bin
   * ({@link #PROBABILITY_BIN_LOWER_BOUNDS}), the mean stated probability against the fraction that is right. A
   * calibrated model has the two equal; on measured patterns, far from the simulated training data, a model is
   * usually overconfident, and a user of {@code predict} needs to know by how much.
   */
  static List<ReliabilityBin> reliability(List<PatternOutcome> outcomes) {
    List<ReliabilityBin> bins = new ArrayList<>();
    for (int b = 0; b < PROBABILITY_BIN_LOWER_BOUNDS.length; b++) {
      double lower = PROBABILITY_BIN_LOWER_BOUNDS[b];
      double upper = b + 1 < PROBABILITY_BIN_LOWER_BOUNDS.length ? PROBABILITY_BIN_LOWER_BOUNDS[b + 1] : 1;
      boolean last = b + 1 == PROBABILITY_BIN_LOWER_BOUNDS.length;
      List<PatternOutcome> in = outcomes.stream()
          .filter(o -> o.probability() >= lower && (o.probability() < upper || last))
          .toList();
      if (!in.isEmpty()) {
        double stated = in.stream().mapToDouble(PatternOutcome::probability).average().orElseThrow();
        double right = (double) in.stream().filter(PatternOutcome::correct).count() / in.size();
        bins.add(new ReliabilityBin(lower, upper, in.size(), stated, right));
      }
    }
    return bins;
  }

  /**
   * Predictions whose stated crystal-system probability lies in [{@code min}, {@code max}).
   *
   * @param min lower end of the bin
   * @param max upper end (the last bin includes 1)
   * @param n predictions in the bin
   * @param meanProbability their mean stated probability
   * @param accuracy the fraction of them that is right
   */
  public record ReliabilityBin(
      @JsonProperty("min_probability") double min,
      @JsonProperty("max_probability") double max,
      @JsonProperty("n") int n,
      @JsonProperty("mean_probability") double meanProbability,
      @JsonProperty("accuracy") double accuracy) {}

  /**
   * What the model said about one labelled pattern.
   *
   * @param id the pattern's id in its set
   * @param crystalSystem the true crystal system
   * @param predictedCrystalSystem the most probable crystal system
   * @param probability the predicted crystal system's probability
   * @param spaceGroup the true space-group number
   * @param predictedSpaceGroups the three most probable space groups, most probable first (empty when not predicted)
   * @param peaks reflections the preprocessed pattern resolves ({@link ResolvedPeaks})
   * @param predictedWithIndexing the crystal system from lattice indexing and the classifier
   * @param cell the accepted cell that decided it, in words; empty when the classifier decided
   * @param spaceGroupsWithIndexing the three space groups reported with the decision ({@link
   *     IndexedCrystalSystem#spaceGroups}), most probable first (empty when not predicted)
   */
  public record PatternOutcome(
      String id,
      String crystalSystem,
      String predictedCrystalSystem,
      double probability,
      int spaceGroup,
      List<String> predictedSpaceGroups,
      int peaks,
      String predictedWithIndexing,
      String cell,
      List<String> spaceGroupsWithIndexing) {

    /** Whether the crystal system was predicted right. */
    public boolean correct() {
      return crystalSystem.equals(predictedCrystalSystem);
    }

    /** Whether the crystal system from indexing and the classifier is right. */
    public boolean correctWithIndexing() {
      return crystalSystem.equals(predictedWithIndexing);
    }
  }

  /**
   * Crystal-system accuracy of the patterns that resolve between {@code minPeaks} and {@code maxPeaks} reflections.
   *
   * @param label the range as text ("11-20", "41 or more")
   * @param minPeaks smallest count in the bin
   * @param maxPeaks largest count in the bin; null for the open last bin
   * @param n patterns in the bin
   * @param accuracy crystal-system accuracy in the bin
   */
  public record PeakBin(
      @JsonProperty("label") String label,
      @JsonProperty("min_peaks") int minPeaks,
      @JsonProperty("max_peaks") Integer maxPeaks,
      @JsonProperty("n") int n,
      @JsonProperty("accuracy") double accuracy) {

    /** Whether a pattern resolving {@code peaks} reflections falls in this bin. */
    public boolean contains(int peaks) {
      return inRange(peaks, minPeaks, maxPeaks);
    }

    /** Whether {@code peaks} lies in [min, max] (max null: no upper end). */
    static boolean inRange(int peaks, int min, Integer max) {
      return peaks >= min && (max == null || peaks <= max);
    }
  }

  /**
   * The crystal system from lattice indexing and the classifier ({@link IndexedCrystalSystem}) on the same patterns.
   *
   * @param crystalSystem accuracy and macro-F1
   * @param matrix the confusion matrix (written as {@code confusion}: counts [true class][predicted class])
   * @param metrics names of the lattice metrics, in the column order of {@code indexedByClass}
   * @param indexedByClass patterns decided by an accepted cell, [true class][metric]
   * @param spaceGroupAccuracy top-1 accuracy of the space groups reported with the decision ({@link
   *     IndexedCrystalSystem#spaceGroups}), or null when the model does not predict space groups
   * @param spaceGroupTop3Accuracy their top-3 accuracy, or null
   */
  public record IndexingScores(
      @JsonProperty("crystal_system") ClassificationMetrics crystalSystem,
      @JsonIgnore ConfusionMatrix matrix,
      @JsonProperty("metrics") List<String> metrics,
      @JsonProperty("decided_by_indexing") int[][] indexedByClass,
      @JsonProperty("spacegroup_accuracy") Double spaceGroupAccuracy,
      @JsonProperty("spacegroup_top3_accuracy") Double spaceGroupTop3Accuracy) {

    /** Counts [true class][predicted class]. */
    @JsonProperty("confusion")
    public int[][] confusion() {
      return matrix.counts();
    }
  }

  /**
   * Scores of a model on a labelled measured set.
   *
   * @param labelledSet the file of labelled patterns
   * @param model the model directory
   * @param backgroundRemoved whether the patterns were preprocessed with background removal
   * @param kAlpha2Stripped whether the K-alpha2 line was stripped from the patterns
   * @param n patterns scored
   * @param crystalSystem accuracy and macro-F1 of the crystal system
   * @param classNames crystal-system names in index order
   * @param matrix the confusion matrix (written as {@code confusion}: counts [true class][predicted class])
   * @param labelCounts patterns per true class
   * @param predictedCounts patterns per predicted class
   * @param predictedTrigonal patterns predicted trigonal (the RRUFF set has no trigonal label)
   * @param spaceGroupAccuracy top-1 space-group accuracy, or null when the model does not predict it
   * @param spaceGroupTop3Accuracy top-3 space-group accuracy, or null
   * @param peakBins crystal-system accuracy by the number of reflections a pattern resolves
   * @param reliability stated crystal-system probability against accuracy, by probability bin
   * @param withIndexing the crystal system from lattice indexing and the classifier
   * @param patterns every pattern's outcome, in the set's order (written to {@code predictions.csv})
   */
  public record Evaluation(
      @JsonProperty("labelled_set") String labelledSet,
      @JsonProperty("model") String model,
      @JsonProperty("background_removed") boolean backgroundRemoved,
      @JsonProperty("kalpha2_stripped") boolean kAlpha2Stripped,
      @JsonProperty("n") int n,
      @JsonProperty("crystal_system") ClassificationMetrics crystalSystem,
      @JsonProperty("class_names") List<String> classNames,
      @JsonIgnore ConfusionMatrix matrix,
      @JsonProperty("label_counts") int[] labelCounts,
      @JsonProperty("predicted_counts") int[] predictedCounts,
      @JsonProperty("predicted_trigonal") int predictedTrigonal,
      @JsonProperty("spacegroup_accuracy") Double spaceGroupAccuracy,
      @JsonProperty("spacegroup_top3_accuracy") Double spaceGroupTop3Accuracy,
      @JsonProperty("accuracy_by_peaks") List<PeakBin> peakBins,
      @JsonProperty("reliability") List<ReliabilityBin> reliability,
      @JsonProperty("with_indexing") IndexingScores withIndexing,
      @JsonIgnore List<PatternOutcome> patterns) {

    /** Counts [true class][predicted class]. */
    @JsonProperty("confusion")
    public int[][] confusion() {
      return matrix.counts();
    }
  }

  /**
   * Writes {@code results.json}, {@code results.md}, the confusion matrices ({@code confusion.png} with counts,
   * {@code confusion-normalised.png} by true class) and {@code predictions.csv} (one row per pattern) into {@code
   * outDir}.
   *
   * @param command the command line that produced the result, quoted in the Markdown
   */
  public static void writeReport(Path outDir, Evaluation e, String command) throws IOException {
    AtomicFiles.writeString(outDir.resolve("results.json"), JSON.writeValueAsString(e) + "\n");
    ConfusionMatrix matrix = e.matrix();
    Plots.confusionMatrix(outDir.resolve("confusion.png"), "Crystal system on RRUFF", matrix, e.classNames(), false);
    Plots.confusionMatrix(
        outDir.resolve("confusion-normalised.png"), "Crystal system on RRUFF", matrix, e.classNames(), true);
    Plots.confusionMatrix(
        outDir.resolve("confusion-with-indexing.png"), "Crystal system on RRUFF, with lattice indexing",
        e.withIndexing().matrix(), e.classNames(), false);
    StringBuilder md = new StringBuilder();
    md.append("# Measured patterns: crystal system on ").append(e.n()).append(" RRUFF patterns\n\n");
    md.append("Model `").append(e.model()).append("`, set `").append(e.labelledSet()).append("`, background ")
        .append(e.backgroundRemoved() ? "removed (SNIP)" : "kept").append(", K-alpha2 ")
        .append(e.kAlpha2Stripped() ? "stripped" : "kept").append(".\n\n");
    md.append("```bash\n").append(command).append("\n```\n\n");
    MarkdownTable scores = new MarkdownTable(List.of("score", "value"));
    scores.row("crystal-system accuracy", MarkdownTable.format(e.crystalSystem().accuracy(), 3));
    scores.row("crystal-system macro-F1", MarkdownTable.format(e.crystalSystem().macroF1(), 3));
    scores.row("patterns predicted trigonal (no trigonal label in the set)", Integer.toString(e.predictedTrigonal()));
    if (e.spaceGroupAccuracy() != null) {
      scores.row("space-group accuracy (top 1)", MarkdownTable.format(e.spaceGroupAccuracy(), 3));
      scores.row("space-group accuracy (top 3)", MarkdownTable.format(e.spaceGroupTop3Accuracy(), 3));
    }
    md.append(scores.render()).append('\n');
    md.append(confusionTable(e.classNames(), matrix, e.labelCounts()).render()).append('\n');
    md.append("Crystal-system accuracy by the reflections a preprocessed pattern resolves (local maxima above ")
        .append(MarkdownTable.format(100 * ResolvedPeaks.DEFAULT_MIN_RELATIVE_HEIGHT, 0))
        .append(" % of the strongest):\n\n");
    MarkdownTable byPeaks = new MarkdownTable(List.of("reflections", "patterns", "accuracy"));
    for (PeakBin bin : e.peakBins()) {
      byPeaks.row(bin.label(), Integer.toString(bin.n()), MarkdownTable.format(bin.accuracy(), 3));
    }
    md.append(byPeaks.render()).append('\n');
    md.append("Correct / patterns by true crystal system and reflections:\n\n");
    md.append(peakBinsByClass(e).render()).append('\n');
    md.append("Reliability of the stated crystal-system probability (calibrated: the two columns equal):\n\n");
    MarkdownTable reliability =
        new MarkdownTable(List.of("stated probability", "patterns", "mean stated probability", "accuracy"));
    for (ReliabilityBin bin : e.reliability()) {
      reliability.row(
          MarkdownTable.format(bin.min(), 1) + "-" + MarkdownTable.format(bin.max(), 1),
          Integer.toString(bin.n()),
          MarkdownTable.format(bin.meanProbability(), 3),
          MarkdownTable.format(bin.accuracy(), 3));
    }
    md.append(reliability.render()).append('\n');
    md.append(String.format(
        Locale.ROOT,
        "Plots: [confusion.png](confusion.png), [confusion-normalised.png](confusion-normalised.png). Every pattern:"
            + " [predictions.csv](predictions.csv).%n%n"));
    appendIndexing(md, e);
    AtomicFiles.writeString(outDir.resolve("results.md"), md.toString());
    AtomicFiles.writeString(outDir.resolve("predictions.csv"), predictionsCsv(e.patterns()));
  }

  /** Rows: true classes; columns: predicted classes, then the patterns of the class and its recall. */
  private static MarkdownTable confusionTable(List<String> classNames, ConfusionMatrix matrix, int[] labelCounts) {
    List<String> header = new ArrayList<>();
    header.add("true \\ predicted");
    header.addAll(classNames);
    header.add("patterns");
    header.add("recall");
    MarkdownTable confusion = new MarkdownTable(header);
    double[][] normalised = matrix.rowNormalised();
    int[][] counts = matrix.counts();
    for (int a = 0; a < classNames.size(); a++) {
      List<String> cells = new ArrayList<>();
      cells.add(classNames.get(a));
      for (int p = 0; p < classNames.size(); p++) {
        cells.add(Integer.toString(counts[a][p]));
      }
      cells.add(Integer.toString(labelCounts[a]));
      cells.add(labelCounts[a] == 0 ? MarkdownTable.NOT_AVAILABLE : MarkdownTable.format(normalised[a][a], 2));
      confusion.row(cells);
    }
    return confusion;
  }

  /** The section on the crystal system from lattice indexing and the classifier. */
  private static void appendIndexing(StringBuilder md, Evaluation e) {
    IndexingScores indexing = e.withIndexing();
    md.append("## With lattice indexing\n\n")
        .append("The crystal system from a cubic, tetragonal, hexagonal, orthorhombic or monoclinic cell that")
        .append(" indexes the pattern's lines, else from a cubic cell that leaves up to 3 of 10 lines unindexed")
        .append(" (impurity lines), the classifier's answer otherwise (`IndexedCrystalSystem`; rule and settings")
        .append(" fixed in docs/experiments/measured-indexing/plan.txt, rule 5).\n\n");
    MarkdownTable scores = new MarkdownTable(List.of("score", "classifier", "with indexing"));
    scores.row(
        "crystal-system accuracy",
        MarkdownTable.format(e.crystalSystem().accuracy(), 3),
        MarkdownTable.format(indexing.crystalSystem().accuracy(), 3));
    scores.row(
        "crystal-system macro-F1",
        MarkdownTable.format(e.crystalSystem().macroF1(), 3),
        MarkdownTable.format(indexing.crystalSystem().macroF1(), 3));
    if (indexing.spaceGroupAccuracy() != null) {
      scores.row(
          "space-group accuracy (top 1)",
          MarkdownTable.format(e.spaceGroupAccuracy(), 3),
          MarkdownTable.format(indexing.spaceGroupAccuracy(), 3));
      scores.row(
          "space-group accuracy (top 3)",
          MarkdownTable.format(e.spaceGroupTop3Accuracy(), 3),
          MarkdownTable.format(indexing.spaceGroupTop3Accuracy(), 3));
    }
    md.append(scores.render()).append('\n');
    if (indexing.spaceGroupAccuracy() != null) {
      md.append("Space groups with indexing: when a cell decides, the model's groups of the decided system whose")
          .append(" reflection conditions leave every line the cell indexes indexed (all of the system's groups if")
          .append(" none does), by the model's probability (plan.txt, addendum 3).\n\n");
    }
    md.append(confusionTable(e.classNames(), indexing.matrix(), e.labelCounts()).render()).append('\n');
    md.append("Patterns decided by an accepted cell, by true crystal system and the cell's metric:\n\n");
    List<String> header = new ArrayList<>();
    header.add("true \\ cell");
    header.addAll(indexing.metrics());
    header.add("patterns");
    MarkdownTable decided = new MarkdownTable(header);
    for (int c = 0; c < e.classNames().size(); c++) {
      if (e.labelCounts()[c] == 0) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      cells.add(e.classNames().get(c));
      for (int count : indexing.indexedByClass()[c]) {
        cells.add(Integer.toString(count));
      }
      cells.add(Integer.toString(e.labelCounts()[c]));
      decided.row(cells);
    }
    md.append(decided.render()).append('\n');
    md.append("Plot: [confusion-with-indexing.png](confusion-with-indexing.png).\n");
  }

  /** Rows: true crystal systems present in the set; columns: the reflection bins; cells: "correct/patterns". */
  private static MarkdownTable peakBinsByClass(Evaluation e) {
    List<String> header = new ArrayList<>();
    header.add("true \\ reflections");
    e.peakBins().forEach(b -> header.add(b.label()));
    MarkdownTable table = new MarkdownTable(header);
    for (int c = 0; c < e.classNames().size(); c++) {
      if (e.labelCounts()[c] == 0) {
        continue;
      }
      String name = e.classNames().get(c);
      List<String> cells = new ArrayList<>();
      cells.add(name);
      for (PeakBin bin : e.peakBins()) {
        List<PatternOutcome> in = e.patterns().stream()
            .filter(o -> o.crystalSystem().equals(name) && bin.contains(o.peaks()))
            .toList();
        long correct = in.stream().filter(PatternOutcome::correct).count();
        cells.add(correct + "/" + in.size());
      }
      table.row(cells);
    }
    return table;
  }

  /**
   * One row per pattern: id, true and predicted crystal system, the prediction's probability, true space group, the
   * three most probable space groups (space-separated), the resolved reflections, the crystal system with indexing,
   * the cell that decided it and the three space groups reported with it.
   */
  static String predictionsCsv(List<PatternOutcome> patterns) {
    StringBuilder csv = new StringBuilder(
        "id,crystal_system,predicted_crystal_system,probability,spacegroup_number,predicted_spacegroups_top3,peaks,"
            + "crystal_system_with_indexing,indexed_cell,spacegroups_with_indexing_top3\n");
    for (PatternOutcome o : patterns) {
      csv.append(CsvText.field(o.id())).append(',')
          .append(o.crystalSystem()).append(',')
          .append(o.predictedCrystalSystem()).append(',')
          .append(String.format(Locale.ROOT, "%.4f", o.probability())).append(',')
          .append(o.spaceGroup()).append(',')
          .append(String.join(" ", o.predictedSpaceGroups())).append(',')
          .append(o.peaks()).append(',')
          .append(o.predictedWithIndexing()).append(',')
          .append(CsvText.field(o.cell())).append(',')
          .append(String.join(" ", o.spaceGroupsWithIndexing())).append('\n');
    }
    return csv.toString();
  }
}
