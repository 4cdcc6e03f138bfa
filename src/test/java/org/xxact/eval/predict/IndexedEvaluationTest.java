package org.xxact.eval.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.io.SpaceGroup;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.EvaluationResult;
import org.xxact.eval.ModelEvaluator;
import org.xxact.eval.predict.IndexingLikelihood.Evidence;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.LatticeIndexer.Metric;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.TestStructures;
import org.xxact.xrd.XrdCalculator;
import org.xxact.xrd.io.GridSpec;

class IndexedEvaluationTest {
  private static final GridSpec GRID = new GridSpec(Radiation.CU_KA, new PatternGrid(5, 90, 2048));
  private static final List<String> SYSTEMS = List.of(CrystalSystem.values()).stream().map(CrystalSystem::label)
      .toList();
  private static final TargetSpec SYSTEM =
      new TargetSpec("crystal_system", TargetKind.CLASSIFICATION, "", 0, 1, SYSTEMS);

  /** Rutile rendered as the dataset loader renders a sample: 0.15 degree Gaussians on the grid, maximum 1. */
  private static float[] rutilePattern() {
    DiffractionPattern p = XrdCalculator.builder().radiation(Radiation.CU_KA).twoThetaRangeDeg(5, 90).build()
        .calculate(TestStructures.rutile());
    float[] y = new float[GRID.points()];
    new PatternRenderer(GRID.angles(), PeakShape.GAUSSIAN).render(p.twoThetasDeg(), p.intensities(), p.size(), 0.15, y);
    return y;
  }

  private static double[] favouring(CrystalSystem system) {
    double[] row = new double[SYSTEMS.size()];
    Arrays.fill(row, 0.05);
    row[system.ordinal()] = 0.7;
    return row;
  }

  /** Two samples: rutile (tetragonal) that the classifier calls orthorhombic, a blank pattern it calls monoclinic. */
  private static ModelEvaluator.Outcome outcome(CrystalSystem blankLabel) {
    double[][] probabilities = {favouring(CrystalSystem.ORTHORHOMBIC), favouring(CrystalSystem.MONOCLINIC)};
    double[] actual = {CrystalSystem.TETRAGONAL.ordinal(), blankLabel.ordinal()};
    double[] predicted = {CrystalSystem.ORTHORHOMBIC.ordinal(), CrystalSystem.MONOCLINIC.ordinal()};
    boolean[] labelled = {true, true};
    ModelEvaluator.TargetOutcome t =
        new ModelEvaluator.TargetOutcome(SYSTEM, labelled, actual, predicted, null, probabilities);
    int[] classes = t.actualClasses();
    EvaluationResult result =
        new EvaluationResult(Map.of("crystal_system", ClassificationMetrics.ofScores(probabilities, classes, labelled)));
    return new ModelEvaluator.Outcome(result, List.of(t), 2);
  }

  @Test
  void anIndexedCellCorrectsTheClassifierAndThePatternWithoutLinesKeepsItsAnswer() {
    List<Integer> progress = new ArrayList<>();
    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        outcome(CrystalSystem.MONOCLINIC), List.of(rutilePattern(), new float[GRID.points()]), GRID,
        new IndexedCrystalSystem(), d -> {
          synchronized (progress) {
            progress.add(d);
          }
        });

    ClassificationMetrics classifier = (ClassificationMetrics) scored.outcome().result().get("crystal_system");
    ClassificationMetrics indexed =
        (ClassificationMetrics) scored.outcome().result().get(IndexedEvaluation.TARGET_NAME);
    assertThat(classifier.accuracy()).isEqualTo(0.5);
    assertThat(indexed.accuracy()).isEqualTo(1.0);
    assertThat(indexed.n()).isEqualTo(2);
    assertThat(scored.decidedByCell()).isEqualTo(1);
    assertThat(scored.decidedByMetric()).containsExactly(0, 1, 0, 0);
    assertThat(scored.cellCorrect()).isEqualTo(1);
    assertThat(progress).containsExactlyInAnyOrder(1, 2);
    ModelEvaluator.TargetOutcome added = scored.outcome().targets().get(1);
    assertThat(added.target().name()).isEqualTo(IndexedEvaluation.TARGET_NAME);
    assertThat(added.predicted()).containsExactly(CrystalSystem.TETRAGONAL.ordinal(), CrystalSystem.MONOCLINIC.ordinal());
  }

  @Test
  void aWrongClassifierAnswerWithoutACellStaysWrong() {
    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        outcome(CrystalSystem.TRICLINIC), List.of(rutilePattern(), new float[GRID.points()]), GRID,
        new IndexedCrystalSystem(), d -> {});

    assertThat(((ClassificationMetrics) scored.outcome().result().get(IndexedEvaluation.TARGET_NAME)).accuracy())
        .isEqualTo(0.5);
  }

  @Test
  void patternsMustMatchTheSamples() {
    assertThatThrownBy(() -> IndexedEvaluation.score(
            outcome(CrystalSystem.MONOCLINIC), List.of(rutilePattern()), GRID, new IndexedCrystalSystem(), d -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 patterns for 2 evaluated samples");
  }

  @Test
  void theSpaceGroupIsChosenAmongTheGroupsOfTheDecidedSystem() {
    TargetSpec groups =
        new TargetSpec("spacegroup_number", TargetKind.CLASSIFICATION, "", 0, 1, List.of("14", "136", "225"));
    double[][] probabilities = {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}};
    ModelEvaluator.TargetOutcome group = new ModelEvaluator.TargetOutcome(
        groups, new boolean[] {true, true}, new double[] {1, 1}, new double[] {2, 0}, null, probabilities);
    int[] decided = {CrystalSystem.TETRAGONAL.ordinal(), CrystalSystem.TRIGONAL.ordinal()};

    double[][] restricted = IndexedEvaluation.restricted(group, SYSTEM, decided);

    assertThat(restricted[0]).containsExactly(0, 1, 0);
    assertThat(restricted[1]).as("no trigonal group among the classes: unchanged")
        .containsExactly(probabilities[1]);
  }

  @Test
  void theCrossValidatedCombinationScoresEachSampleWithTheOtherFoldsCounts() {
    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        outcome(CrystalSystem.MONOCLINIC), List.of(rutilePattern(), new float[GRID.points()]), GRID,
        new IndexedCrystalSystem(), d -> {});
    assertThat(scored.cells()[0].metric()).isEqualTo(LatticeIndexer.Metric.TETRAGONAL);
    assertThat(scored.cells()[1]).isNull();
    int tetragonalCell = Evidence.METRIC.of(scored.cells()[0], IndexedCrystalSystem.METRICS);

    ModelEvaluator.Outcome cv = scored.withCrossValidatedBayes(scored.outcome());
    ModelEvaluator.TargetOutcome t = cv.targets().get(cv.targets().size() - 1);
    assertThat(t.target().name()).isEqualTo(IndexedEvaluation.BAYES_TARGET_NAME + IndexedEvaluation.CV_SUFFIX);
    // Sample 0 is scored with the counts of sample 1 alone (monoclinic, no cell): a tetragonal cell is then about as
    // likely for every system (1/5, monoclinic 1/6), and the classifier's orthorhombic stays.
    assertThat(t.predicted()[0]).isEqualTo(CrystalSystem.ORTHORHOMBIC.ordinal());

    Map<String, IndexingLikelihood> all = scored.likelihoods();
    assertThat(all).containsOnlyKeys("crystal_system");
    IndexingLikelihood bySystem = all.get("crystal_system");
    assertThat(bySystem.counts()[tetragonalCell][CrystalSystem.TETRAGONAL.ordinal()]).isEqualTo(1);
    assertThat(bySystem.counts()[0][CrystalSystem.MONOCLINIC.ordinal()]).isEqualTo(1);
    ModelEvaluator.Outcome bayes = scored.withBayes(scored.outcome(), all);
    assertThat(bayes.result().get(IndexedEvaluation.BAYES_TARGET_NAME)).isNotNull();
  }

  /**
   * Rutile (P4_2/mnm, 136) and a blank pattern labelled P2_1/c (14), with space-group probabilities that favour the
   * body-centred tetragonal I4/mmm (139) for rutile: the primitive tetragonal cell, counted on the same two samples,
   * moves the space group to the primitive one.
   */
  @Test
  void theSpaceGroupIsCombinedWithTheCellsCentringPerBravaisLattice() {
    TargetSpec groups = new TargetSpec(
        "spacegroup_number", TargetKind.CLASSIFICATION, "", 0, 1, List.of("14", "136", "139"));
    double[][] groupProbabilities = {{0.1, 0.4, 0.5}, {0.8, 0.1, 0.1}};
    boolean[] labelled = {true, true};
    ModelEvaluator.TargetOutcome group = new ModelEvaluator.TargetOutcome(
        groups, labelled, new double[] {1, 0}, new double[] {2, 0}, null, groupProbabilities);
    ModelEvaluator.Outcome systemOnly = outcome(CrystalSystem.MONOCLINIC);
    ModelEvaluator.Outcome both = new ModelEvaluator.Outcome(
        systemOnly.result(), List.of(systemOnly.targets().get(0), group), 2);

    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        both, List.of(rutilePattern(), new float[GRID.points()]), GRID, new IndexedCrystalSystem(), d -> {});
    Map<String, IndexingLikelihood> counts = scored.likelihoods();

    IndexingLikelihood byLattice = counts.get("spacegroup_number");
    assertThat(byLattice.evidence()).isEqualTo(Evidence.LATTICE);
    assertThat(byLattice.classNames()).isEqualTo(SpaceGroup.bravaisLattices());
    int tetragonalP = Evidence.LATTICE.names(IndexedCrystalSystem.METRICS).indexOf("tetragonal P");
    assertThat(Evidence.LATTICE.of(scored.cells()[0], IndexedCrystalSystem.METRICS)).isEqualTo(tetragonalP);
    assertThat(byLattice.counts()[tetragonalP][SpaceGroup.bravaisLattices().indexOf("tetragonal P")]).isEqualTo(1);
    assertThat(byLattice.counts()[0][SpaceGroup.bravaisLattices().indexOf("monoclinic P")]).isEqualTo(1);

    ModelEvaluator.Outcome bayes = scored.withBayes(scored.outcome(), counts);
    ModelEvaluator.TargetOutcome byLatticeGroups = bayes.targets().stream()
        .filter(t -> t.target().name().equals(IndexedEvaluation.SPACE_GROUP_BAYES_TARGET_NAME))
        .findFirst()
        .orElseThrow();
    assertThat(byLatticeGroups.predicted()).containsExactly(1, 0);
    // By crystal system the cell cannot tell 136 from 139, and the classifier's 139 stays.
    ModelEvaluator.TargetOutcome bySystemGroups = bayes.targets().stream()
        .filter(t -> t.target().name().equals(IndexedEvaluation.SPACE_GROUP_BAYES_SYSTEM_TARGET_NAME))
        .findFirst()
        .orElseThrow();
    assertThat(bySystemGroups.predicted()[0]).isEqualTo(2);
    assertThat(((ClassificationMetrics) bayes.result().get(IndexedEvaluation.SPACE_GROUP_BAYES_TARGET_NAME))
        .accuracy()).isEqualTo(1.0);

    IndexedEvaluation.Scored withMonoclinic = IndexedEvaluation.score(both,
        List.of(rutilePattern(), new float[GRID.points()]), GRID, IndexedCrystalSystem.withMonoclinicCells(), d -> {});
    assertThat(withMonoclinic.likelihoods().get("spacegroup_number").metrics()).containsExactly(Metric.values());
    assertThatThrownBy(() -> scored.withBayes(scored.outcome(), withMonoclinic.likelihoods()))
        .as("counts of another search").isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The same two samples: rutile's lines need reflections that I4/mmm forbids (111, 210), P4_2/mnm allows them all,
   * and P2_1/c is not tested against a tetragonal cell; nothing is tested on the blank pattern.
   */
  @Test
  void eachGroupOfTheCellsSystemIsTestedAgainstTheLinesByItsReflectionConditions() {
    TargetSpec groups = new TargetSpec(
        "spacegroup_number", TargetKind.CLASSIFICATION, "", 0, 1, List.of("14", "136", "139"));
    double[][] groupProbabilities = {{0.1, 0.4, 0.5}, {0.8, 0.1, 0.1}};
    ModelEvaluator.TargetOutcome group = new ModelEvaluator.TargetOutcome(
        groups, new boolean[] {true, true}, new double[] {1, 0}, new double[] {2, 0}, null, groupProbabilities);
    ModelEvaluator.Outcome systemOnly = outcome(CrystalSystem.MONOCLINIC);
    ModelEvaluator.Outcome both = new ModelEvaluator.Outcome(
        systemOnly.result(), List.of(systemOnly.targets().get(0), group), 2);

    IndexedEvaluation.Scored scored = IndexedEvaluation.score(
        both, List.of(rutilePattern(), new float[GRID.points()]), GRID, new IndexedCrystalSystem(), d -> {});

    assertThat(scored.extinctions()[0]).containsExactly(-1, 1, 0);
    assertThat(scored.extinctions()[1]).containsExactly(-1, -1, -1);
    IndexingLikelihood counted = scored.likelihoods().get(IndexedEvaluation.EXTINCTIONS_KEY);
    assertThat(counted.counts()).isDeepEqualTo(new int[][] {{0, 1}, {1, 0}});
    ModelEvaluator.Outcome bayes = scored.withBayes(scored.outcome(), scored.likelihoods());
    ModelEvaluator.TargetOutcome weighed = bayes.targets().stream()
        .filter(t -> t.target().name().equals(IndexedEvaluation.SPACE_GROUP_BAYES_EXTINCTION_TARGET_NAME))
        .findFirst()
        .orElseThrow();
    assertThat(weighed.predicted()).containsExactly(1, 0);
    double[] lattice = bayes.targets().stream()
        .filter(t -> t.target().name().equals(IndexedEvaluation.SPACE_GROUP_BAYES_TARGET_NAME))
        .findFirst()
        .orElseThrow()
        .probabilities()[0];
    // Likelihood ratios from the two counts, smoothed: 2 for the allowed group, 1/2 for the forbidden one.
    assertThat(weighed.probabilities()[0][1] / weighed.probabilities()[0][2])
        .isCloseTo(4 * lattice[1] / lattice[2], org.assertj.core.api.Assertions.within(1e-9));
  }

  /**
   * The space groups reported with a decision on a measured pattern: of P2_1/c, P4_2/mnm, I4/mmm and Fm-3m, only
   * P4_2/mnm is tetragonal and fits rutile's lines, and it takes all the probability; without a cell the model's
   * ranking stays.
   */
  @Test
  void theSpaceGroupsReportedWithACellAreThoseOfItsSystemThatFitTheLines() {
    TargetSpec groups = new TargetSpec(
        "spacegroup_number", TargetKind.CLASSIFICATION, "", 0, 1, List.of("14", "136", "139", "225"));
    double[] p = {0.4, 0.1, 0.3, 0.2};
    TargetValue model = TargetValue.ofClasses(groups, k -> p[k]);
    IndexedCrystalSystem rule = new IndexedCrystalSystem();
    float[] rutile = rutilePattern();
    IndexedCrystalSystem.Decision decision =
        rule.decide(rutile, GRID, TargetValue.ofClasses(SYSTEM, k -> favouring(CrystalSystem.ORTHORHOMBIC)[k]));
    assertThat(decision.crystalSystem()).isEqualTo("tetragonal");

    List<TargetValue.ClassProbability> reported = rule.spaceGroups(rutile, GRID, decision, model);

    assertThat(reported).extracting(TargetValue.ClassProbability::className).containsExactly("136");
    assertThat(reported.get(0).probability()).isEqualTo(1.0);
    IndexedCrystalSystem.Decision noCell = new IndexedCrystalSystem.Decision("monoclinic", null);
    assertThat(rule.spaceGroups(rutile, GRID, noCell, model)).isEqualTo(model.classes());
  }
}
