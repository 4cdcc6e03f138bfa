package org.xxact.eval.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.xxact.crystal.io.SpaceGroup;
import org.xxact.data.TargetDefinition;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.EvaluationResult;
import org.xxact.eval.ModelEvaluator;
import org.xxact.eval.TargetMetrics;
import org.xxact.eval.predict.IndexingLikelihood.Evidence;
import org.xxact.model.CrystalSystemConsensus;
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
 * draw its confusion matrix like any other target's. A model that also predicts the space group gets {@value
 * #SPACE_GROUP_TARGET_NAME}: its space-group probabilities restricted to the groups of the decided crystal system and
 * renormalised, since every space group belongs to one system (International Tables for Crystallography A, 2016).
 *
 * <p>{@link Scored} also combines the classifier with the outcome of the search as evidence ({@link
 * IndexingLikelihood}), for the crystal system ({@value #BAYES_TARGET_NAME}) and the space group ({@value
 * #SPACE_GROUP_BAYES_TARGET_NAME} by Bravais lattice, {@value #SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME} by crystal
 * system, {@value #SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME} by Bravais lattice and each group's reflection
 * conditions): with counts from another split, or fitted on the same split with each sample scored with the other
 * half's counts (the names with {@value #CV_SUFFIX}). On the simulated mp_cgcnn36k patterns the combination, not the rule, is
 * the better (docs/RESULTS.md, "Lattice indexing of the simulated patterns").
 */
public final class IndexedEvaluation {
  /** The name the decisions are scored under, beside the classifier's {@code crystal_system}. */
  public static final String TARGET_NAME = "crystal_system_indexed";

  /** The name the Bayes combination of cell and classifier ({@link IndexingLikelihood}) is scored under. */
  public static final String BAYES_TARGET_NAME = "crystal_system_bayes";

  /** The name the space group combined with the cell's metric and centring per Bravais lattice is scored under. */
  public static final String SPACE_GROUP_BAYES_TARGET_NAME = "spacegroup_number_bayes";

  /** The name the space group combined with the cell's metric per crystal system is scored under. */
  public static final String SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME = "spacegroup_number_bayes_system";

  /**
   * The name the space group combined per Bravais lattice and weighed by the test of each group's reflection conditions
   * is scored under.
   */
  public static final String SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME = "spacegroup_number_bayes_extinction";

  /** The key of the extinction-test counts in a counts file, beside the targets' names. */
  public static final String EXTINCTIONS_KEY = "spacegroup_number_extinctions";

  /** Appended to the names of the combined targets when each sample is scored with counts from the other fold. */
  public static final String CV_SUFFIX = "_cv";

  /** The name the space group restricted to the decided crystal system is scored under. */
  public static final String SPACE_GROUP_TARGET_NAME = "spacegroup_number_indexed";

  private IndexedEvaluation() {}

  /**
   * The outcome with the decisions added, and how many were made by a cell.
   *
   * @param outcome the model's outcome, with a {@code crystal_system} target
   * @param cellCorrect decisions made by a cell that match the label
   * @param metrics the metrics the indexing searched ({@link IndexedCrystalSystem#metrics()})
   * @param cellsByTrueClass [true crystal-system class][metric, in the order of {@code metrics}] the patterns decided
   *     by a cell, by their label and the cell's metric (unlabelled patterns left out)
   * @param cells per sample, the cell that decided it, or null where the classifier did
   * @param extinctions per sample and space-group class, the test of the group's reflection conditions against the
   *     cell ({@link IndexedCrystalSystem#extinctions}); null when the model predicts no space groups by number
   */
  public record Scored(
      ModelEvaluator.Outcome outcome,
      int cellCorrect,
      List<LatticeIndexer.Metric> metrics,
      int[][] cellsByTrueClass,
      LatticeIndexer.Cell[] cells,
      int[][] extinctions) {

    /** Patterns whose decision an accepted cell made, per metric searched (in the order of {@link #metrics}). */
    public int[] decidedByMetric() {
      int[] byMetric = new int[metrics.size()];
      for (LatticeIndexer.Cell cell : cells) {
        if (cell != null) {
          byMetric[metrics.indexOf(cell.metric())]++;
        }
      }
      return byMetric;
    }

    /** Patterns whose decision an accepted cell made. */
    public int decidedByCell() {
      return IntStream.of(decidedByMetric()).sum();
    }

    /** The classifier's crystal-system outcome. */
    public ModelEvaluator.TargetOutcome crystalSystem() {
      return systemOf(outcome);
    }

    /**
     * Counts of the evidence over the whole split, keyed by target: the cell's metric per crystal system, and, when
     * the model predicts space groups by number, the cell's metric and centring per Bravais lattice and the extinction
     * tests ({@value #EXTINCTIONS_KEY}).
     */
    public Map<String, IndexingLikelihood> likelihoods() {
      return likelihoods(null);
    }

    private Map<String, IndexingLikelihood> likelihoods(boolean[] use) {
      Map<String, IndexingLikelihood> out = new LinkedHashMap<>();
      ModelEvaluator.TargetOutcome system = crystalSystem();
      out.put(
          TargetDefinition.CRYSTAL_SYSTEM_NAME,
          IndexingLikelihood.count(Evidence.METRIC, metrics, system.target().classNames(), evidence(Evidence.METRIC),
              system.actualClasses(), use));
      groups().ifPresent(g -> {
        out.put(
            TargetDefinition.SPACE_GROUP_NAME,
            IndexingLikelihood.count(Evidence.LATTICE, metrics, SpaceGroup.bravaisLattices(),
                evidence(Evidence.LATTICE),
                g.actualLattices(), use));
        out.put(EXTINCTIONS_KEY,
            IndexingLikelihood.countExtinctions(metrics, extinctions, g.outcome().actualClasses(), use));
      });
      return out;
    }

    /** Each sample's evidence value of the given kind. */
    private int[] evidence(Evidence kind) {
      return Arrays.stream(cells).mapToInt(cell -> kind.of(cell, metrics)).toArray();
    }

    /**
     * {@code base} with the classifier combined with the evidence by {@code counts}: {@value #BAYES_TARGET_NAME},
     * and, when the model predicts space groups, {@value #SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME} (by crystal system),
     * {@value #SPACE_GROUP_BAYES_TARGET_NAME} (by Bravais lattice, if the counts have them) and {@value
     * #SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME} (that, weighed by the extinction tests, if the counts have them).
     *
     * @throws IllegalArgumentException when the counts are for other classes than the model's
     */
    public ModelEvaluator.Outcome withBayes(ModelEvaluator.Outcome base, Map<String, IndexingLikelihood> counts) {
      Map<String, double[][]> posteriors = new LinkedHashMap<>();
      combine(counts, 0, 1, posteriors);
      return withPosteriors(base, posteriors, "");
    }

    /**
     * {@code base} with the targets of {@link #withBayes}, named with {@value #CV_SUFFIX}: samples at even positions
     * combined with counts from the odd ones and the other way round, so that no sample is scored with its own count.
     */
    public ModelEvaluator.Outcome withCrossValidatedBayes(ModelEvaluator.Outcome base) {
      Map<String, double[][]> posteriors = new LinkedHashMap<>();
      for (int fold = 0; fold < 2; fold++) {
        boolean[] others = new boolean[cells.length];
        for (int i = 0; i < others.length; i++) {
          others[i] = i % 2 != fold;
        }
        combine(likelihoods(others), fold, 2, posteriors);
      }
      return withPosteriors(base, posteriors, CV_SUFFIX);
    }

    /** Fills rows {@code from}, {@code from + step}, ... of each combined target's posterior. */
    private void combine(Map<String, IndexingLikelihood> counts, int from, int step, Map<String, double[][]> into) {
      ModelEvaluator.TargetOutcome system = crystalSystem();
      IndexingLikelihood bySystem = counts.get(TargetDefinition.CRYSTAL_SYSTEM_NAME);
      if (bySystem == null || bySystem.evidence() != Evidence.METRIC) {
        throw new IllegalArgumentException("the indexing counts have no crystal-system counts by metric");
      }
      for (IndexingLikelihood l : counts.values()) {
        if (!l.metrics().equals(metrics)) {
          throw new IllegalArgumentException("the indexing counts are for cells of " + l.metrics()
              + ", the indexing searched " + metrics);
        }
      }
      checkClasses(bySystem, system.target().classNames());
      int[] metric = evidence(Evidence.METRIC);
      double[][] systems = into.computeIfAbsent(BAYES_TARGET_NAME, k -> new double[cells.length][]);
      for (int i = from; i < cells.length; i += step) {
        systems[i] = bySystem.posterior(system.probabilities()[i], metric[i]);
      }
      Optional<GroupClasses> groups = groups();
      if (groups.isEmpty()) {
        return;
      }
      GroupClasses g = groups.get();
      double[][] bySystemGroups = into.computeIfAbsent(
          SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME, k -> new double[cells.length][]);
      for (int i = from; i < cells.length; i += step) {
        bySystemGroups[i] = bySystem.posterior(g.outcome().probabilities()[i], metric[i], g.systemOf());
      }
      IndexingLikelihood byLattice = counts.get(TargetDefinition.SPACE_GROUP_NAME);
      if (byLattice == null) {
        return;
      }
      if (byLattice.evidence() != Evidence.LATTICE) {
        throw new IllegalArgumentException("the space-group indexing counts are not by metric and centring");
      }
      checkClasses(byLattice, SpaceGroup.bravaisLattices());
      int[] lattice = evidence(Evidence.LATTICE);
      double[][] byLatticeGroups = into.computeIfAbsent(SPACE_GROUP_BAYES_TARGET_NAME, k -> new double[cells.length][]);
      for (int i = from; i < cells.length; i += step) {
        byLatticeGroups[i] = byLattice.posterior(g.outcome().probabilities()[i], lattice[i], g.latticeOf());
      }
      IndexingLikelihood byExtinction = counts.get(EXTINCTIONS_KEY);
      if (byExtinction == null) {
        return;
      }
      double[][] byExtinctionGroups =
          into.computeIfAbsent(SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME, k -> new double[cells.length][]);
      for (int i = from; i < cells.length; i += step) {
        byExtinctionGroups[i] = byExtinction.weighTested(byLatticeGroups[i], extinctions[i]);
      }
    }

    private ModelEvaluator.Outcome withPosteriors(
        ModelEvaluator.Outcome base, Map<String, double[][]> posteriors, String suffix) {
      ModelEvaluator.Outcome out = base;
      for (Map.Entry<String, double[][]> e : posteriors.entrySet()) {
        ModelEvaluator.TargetOutcome like = e.getKey().equals(BAYES_TARGET_NAME)
            ? crystalSystem()
            : groups().orElseThrow().outcome();
        out = withTarget(out, e.getKey() + suffix, like, e.getValue());
      }
      return out;
    }

    /** The space-group outcome with its classes' systems and lattices, when the model predicts groups by number. */
    private Optional<GroupClasses> groups() {
      return target(outcome, TargetDefinition.SPACE_GROUP_NAME)
          .flatMap(t -> GroupClasses.of(t, crystalSystem().target()));
    }
  }

  /**
   * A space-group outcome with, for each group class, its space group, crystal-system class and Bravais lattice
   * (index in {@link SpaceGroup#bravaisLattices()}), and each sample's true lattice (-1 unlabelled).
   */
  private record GroupClasses(
      ModelEvaluator.TargetOutcome outcome,
      List<SpaceGroup> groups,
      int[] systemOf,
      int[] latticeOf,
      int[] actualLattices) {

    static Optional<GroupClasses> of(ModelEvaluator.TargetOutcome group, TargetSpec systemSpec) {
      int[] systemOf = CrystalSystemConsensus.systemOfGroupClass(systemSpec, group.target());
      if (systemOf == null) {
        return Optional.empty();
      }
      List<SpaceGroup> groups =
          group.target().classNames().stream().map(name -> SpaceGroup.of(Integer.parseInt(name))).toList();
      int[] latticeOf = groups.stream()
          .mapToInt(g -> SpaceGroup.bravaisLattices().indexOf(g.bravaisLattice()))
          .toArray();
      int[] actual = group.actualClasses();
      int[] actualLattices = new int[actual.length];
      for (int i = 0; i < actual.length; i++) {
        actualLattices[i] = actual[i] < 0 ? -1 : latticeOf[actual[i]];
      }
      return Optional.of(new GroupClasses(group, groups, systemOf, latticeOf, actualLattices));
    }
  }

  private static void checkClasses(IndexingLikelihood l, List<String> classes) {
    if (!l.classNames().equals(classes)) {
      throw new IllegalArgumentException(
          "the indexing counts are for classes " + l.classNames() + ", the model's are " + classes);
    }
  }

  private static ModelEvaluator.TargetOutcome systemOf(ModelEvaluator.Outcome outcome) {
    return target(outcome, TargetDefinition.CRYSTAL_SYSTEM_NAME)
        .orElseThrow(() -> new IllegalArgumentException("the model does not predict the crystal system"));
  }

  private static Optional<ModelEvaluator.TargetOutcome> target(ModelEvaluator.Outcome outcome, String name) {
    return outcome.targets().stream().filter(t -> t.target().name().equals(name)).findFirst();
  }

  /** The outcome with one more classification target scored from {@code probabilities}, labelled as {@code like}. */
  private static ModelEvaluator.Outcome withTarget(
      ModelEvaluator.Outcome outcome, String name, ModelEvaluator.TargetOutcome like, double[][] probabilities) {
    int[] best = ClassificationMetrics.argmax(probabilities);
    double[] predicted = new double[best.length];
    for (int i = 0; i < best.length; i++) {
      predicted[i] = best[i];
    }
    TargetSpec spec = like.target();
    ModelEvaluator.TargetOutcome added = new ModelEvaluator.TargetOutcome(
        new TargetSpec(name, TargetKind.CLASSIFICATION, spec.unit(), spec.mean(), spec.std(), spec.classNames()),
        like.labelled(), like.actual(), predicted, null, probabilities);
    return withTarget(outcome, added);
  }

  private static ModelEvaluator.Outcome withTarget(ModelEvaluator.Outcome outcome, ModelEvaluator.TargetOutcome added) {
    List<ModelEvaluator.TargetOutcome> targets = new ArrayList<>(outcome.targets());
    targets.add(added);
    Map<String, TargetMetrics> scores = new LinkedHashMap<>(outcome.result().targets());
    if (added.anyLabelled()) {
      scores.put(
          added.target().name(),
          ClassificationMetrics.ofScores(added.probabilities(), added.actualClasses(), added.labelled()));
    }
    return new ModelEvaluator.Outcome(new EvaluationResult(scores), List.copyOf(targets), outcome.samples());
  }

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
    ModelEvaluator.TargetOutcome system = systemOf(outcome);
    int n = system.actual().length;
    if (patterns.size() != n) {
      throw new IllegalArgumentException(patterns.size() + " patterns for " + n + " evaluated samples");
    }
    TargetSpec spec = system.target();
    Optional<ModelEvaluator.TargetOutcome> group = target(outcome, TargetDefinition.SPACE_GROUP_NAME);
    List<SpaceGroup> groups = group.flatMap(g -> GroupClasses.of(g, spec)).map(GroupClasses::groups).orElse(null);
    int[][] extinctions = groups == null ? null : new int[n][];
    AtomicInteger done = new AtomicInteger();
    List<IndexedCrystalSystem.Decision> decisions = IntStream.range(0, n)
        .parallel()
        .mapToObj(i -> {
          double[] row = system.probabilities()[i];
          IndexedCrystalSystem.Decision d =
              rule.decide(patterns.get(i), grid, TargetValue.ofClasses(spec, k -> row[k]));
          if (groups != null) {
            extinctions[i] = rule.extinctions(patterns.get(i), grid, d, groups);
          }
          progress.accept(done.incrementAndGet());
          return d;
        })
        .toList();
    double[][] oneHot = new double[n][spec.numClasses()];
    int[] decided = new int[n];
    LatticeIndexer.Cell[] cells = new LatticeIndexer.Cell[n];
    int[] actual = system.actualClasses();
    int[][] byClass = new int[spec.numClasses()][rule.metrics().size()];
    int cellCorrect = 0;
    for (int i = 0; i < n; i++) {
      IndexedCrystalSystem.Decision d = decisions.get(i);
      int c = spec.classNames().indexOf(d.crystalSystem());
      if (c < 0) {
        throw new IllegalArgumentException(
            "the model's crystal-system classes " + spec.classNames() + " lack '" + d.crystalSystem() + "'");
      }
      oneHot[i][c] = 1;
      decided[i] = c;
      cells[i] = d.cell();
      if (d.cell() != null && system.labelled()[i]) {
        cellCorrect += actual[i] == c ? 1 : 0;
        byClass[actual[i]][rule.metrics().indexOf(d.cell().metric())]++;
      }
    }
    ModelEvaluator.Outcome scored = withTarget(outcome, TARGET_NAME, system, oneHot);
    if (group.isPresent()) {
      scored = withTarget(scored, SPACE_GROUP_TARGET_NAME, group.get(), restricted(group.get(), spec, decided));
    }
    return new Scored(scored, cellCorrect, rule.metrics(), byClass, cells, extinctions);
  }

  /**
   * The space-group probabilities restricted to the groups of each sample's decided crystal system and renormalised;
   * a sample whose decided system has no group among the classes keeps its probabilities.
   *
   * @param decided the decided crystal-system class of each sample
   * @return [sample][space-group class] probabilities
   * @throws IllegalArgumentException when the space-group classes are not space-group numbers
   */
  static double[][] restricted(ModelEvaluator.TargetOutcome group, TargetSpec systemSpec, int[] decided) {
    int[] systemOf = CrystalSystemConsensus.systemOfGroupClass(systemSpec, group.target());
    if (systemOf == null) {
      throw new IllegalArgumentException(
          "the space-group classes " + group.target().classNames() + " are not space-group numbers");
    }
    double[][] probabilities = new double[decided.length][];
    for (int i = 0; i < decided.length; i++) {
      int system = decided[i];
      probabilities[i] = IndexingLikelihood.reweighted(group.probabilities()[i], g -> systemOf[g] == system ? 1 : 0);
    }
    return probabilities;
  }
}
