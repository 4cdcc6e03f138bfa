package org.xxact.eval.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.io.SpaceGroup;
import org.xxact.data.TargetDefinition;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.LatticeIndexer.Cell;
import org.xxact.xrd.LatticeIndexer.Metric;
import org.xxact.xrd.io.GridSpec;

/**
 * The crystal system of a measured pattern from lattice indexing and the classifier together. A classifier trained on
 * simulated Materials Project patterns has seen few garnets, micas or other mineral cells, and on measured patterns it
 * answers "monoclinic" for most of what it does not know; a cell of high metric symmetry that indexes the lines
 * ({@link LatticeIndexer}) is evidence that needs no training data. The rule (fixed before it was scored, in
 * docs/experiments/measured-indexing/plan.txt, rule 2, rule 4 with the monoclinic step and rule 5 with the last):
 *
 * <ol>
 *   <li>a cubic cell is accepted: cubic (a cubic lattice also indexes as tetragonal and rhombohedral, so cubic is
 *       tried first: the highest symmetry that indexes the lines is the crystallographer's choice);
 *   <li>otherwise a tetragonal or hexagonal cell is accepted (both: the higher figure of merit): tetragonal, or for the
 *       hexagonal metric, which trigonal and hexagonal crystals share, whichever of the two the classifier ranks
 *       higher among its three most probable classes (hexagonal when it ranks neither);
 *   <li>otherwise an orthorhombic cell is accepted: orthorhombic;
 *   <li>otherwise, where the monoclinic metric is searched, a monoclinic cell is accepted: monoclinic;
 *   <li>otherwise, for measured patterns, a cubic cell that leaves up to {@value #IMPURITY_LINES_PER_TEN} of every ten
 *       lines unindexed is accepted: cubic. A measured mineral often carries a second phase whose lines fall among the
 *       first twenty, and a one-parameter cubic ladder fits them by chance far less often than the lower metrics do;
 *       tried only when no cell of any metric is accepted, it changes no decision of the steps before it;
 *   <li>otherwise the classifier's answer.
 * </ol>
 *
 * <p>Indexing proposes a metric, not a space group, so a lower-symmetry crystal whose cell has a high-symmetry metric
 * within the resolution is called by the metric; the classifier's probabilities are reported beside the decision.
 */
public final class IndexedCrystalSystem {

  /**
   * The decided crystal system.
   *
   * @param crystalSystem the crystal system's label
   * @param cell the accepted cell that decided it, or null when the classifier did
   */
  public record Decision(String crystalSystem, Cell cell) {

    /** The cell in words ("cubic F, a = 5.468 A, M = 364, zero offset 0.06 deg"), or empty without one. */
    public String cellDescription() {
      return cell == null ? "" : describe(cell);
    }
  }

  /**
   * The metrics rule 2 searches, from the most constrained: those whose cells the simulated-pattern evidence ({@link
   * IndexingLikelihood}) counts.
   */
  public static final List<Metric> METRICS =
      List.of(Metric.CUBIC, Metric.TETRAGONAL, Metric.HEXAGONAL, Metric.ORTHORHOMBIC);

  /**
   * Unindexed lines per ten the last step allows a cubic cell (three times the plan's one), chosen on 175 simulated
   * tube patterns (40 cubic) with a second phase added (plan.txt, addendum 6). With the second phase's strongest line
   * at 15 % of the first's, it indexed 11 of the 33 cubic structures that no earlier step indexed and called 1 of 101
   * such non-cubic structures cubic; at 5 %, 2 of 8 and none; clean, none either way. Four per ten called 5 clean
   * non-cubic structures cubic.
   */
  public static final int IMPURITY_LINES_PER_TEN = 3;

  private final LatticeIndexer indexer;
  private final List<Metric> metrics;
  private final LatticeIndexer impurityTolerantCubic;

  /**
   * @param monoclinic whether the monoclinic metric is searched too (step 4), when no cell of higher symmetry is
   *     accepted: its four-parameter search takes about two seconds a pattern on one core
   * @param impurityTolerantCubic whether the last step, a cubic cell with impurity lines, is tried (step 5)
   */
  private IndexedCrystalSystem(LatticeIndexer indexer, boolean monoclinic, boolean impurityTolerantCubic) {
    this.indexer = indexer;
    this.metrics = monoclinic ? List.of(Metric.values()) : METRICS;
    this.impurityTolerantCubic = impurityTolerantCubic
        ? new LatticeIndexer(indexer.settings().withUnindexedPerTenLines(IMPURITY_LINES_PER_TEN))
        : null;
  }

  /** The metrics searched, from the most constrained. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** Rule 2, the metrics of {@link #METRICS}, with the indexing settings of the plan. */
  public IndexedCrystalSystem() {
    this(new LatticeIndexer(LatticeIndexer.Settings.DEFAULT), false, false);
  }

  /** Rule 4, monoclinic cells included, with the indexing settings of the plan. */
  public static IndexedCrystalSystem withMonoclinicCells() {
    return new IndexedCrystalSystem(new LatticeIndexer(LatticeIndexer.Settings.DEFAULT), true, false);
  }

  /**
   * Rule 5, rule 4 with a last step for cubic cells among impurity lines: the rule `xxact predict` and `xxact
   * experiment measured` use for measured patterns.
   */
  public static IndexedCrystalSystem forMeasuredPatterns() {
    return new IndexedCrystalSystem(new LatticeIndexer(LatticeIndexer.Settings.DEFAULT), true, true);
  }

  /**
   * The decision for a pattern on a model's grid, given the classifier's crystal-system prediction. The orthorhombic
   * and monoclinic searches, the costliest, run only when no cell of higher symmetry is accepted, as only then can they
   * decide.
   *
   * @param pattern intensities on {@code grid}
   */
  public Decision decide(float[] pattern, GridSpec grid, TargetValue crystalSystem) {
    double[] lines = indexer.linesTwoThetaDeg(pattern, grid.angles(), grid.radiation());
    double wavelength = grid.radiation().wavelengthAngstrom();
    List<Cell> accepted = new ArrayList<>();
    for (Metric metric : List.of(Metric.CUBIC, Metric.TETRAGONAL, Metric.HEXAGONAL)) {
      indexer.best(metric, lines, wavelength).filter(indexer::accepted).ifPresent(accepted::add);
    }
    if (accepted.isEmpty()) {
      indexer.best(Metric.ORTHORHOMBIC, lines, wavelength).filter(indexer::accepted).ifPresent(accepted::add);
    }
    if (accepted.isEmpty() && metrics.contains(Metric.MONOCLINIC)) {
      indexer.best(Metric.MONOCLINIC, lines, wavelength).filter(indexer::accepted).ifPresent(accepted::add);
    }
    if (accepted.isEmpty() && impurityTolerantCubic != null) {
      impurityTolerantCubic.best(Metric.CUBIC, lines, wavelength)
          .filter(impurityTolerantCubic::accepted)
          .ifPresent(accepted::add);
    }
    return decide(accepted, crystalSystem);
  }

  /**
   * Which space groups the decision's cell can carry by their reflection conditions. Each group of a crystal system the
   * cell's metric holds (cubic; tetragonal; trigonal or hexagonal; orthorhombic; monoclinic) gets 1 when the
   * reflections it allows index every line the cell indexes ({@link LatticeIndexer#linesIndexedUnder}), 0 when a line
   * needs a reflection the group forbids; other groups, and every group when no cell decided, get -1 (not tested).
   *
   * @param pattern the pattern the decision was made on, on {@code grid}
   * @return per group, in the order given
   */
  public int[] extinctions(float[] pattern, GridSpec grid, Decision decision, List<SpaceGroup> groups) {
    int[] out = new int[groups.size()];
    Arrays.fill(out, -1);
    Cell cell = decision.cell();
    if (cell == null) {
      return out;
    }
    double[] lines = indexer.linesTwoThetaDeg(pattern, grid.angles(), grid.radiation());
    double wavelength = grid.radiation().wavelengthAngstrom();
    for (int g = 0; g < out.length; g++) {
      SpaceGroup group = groups.get(g);
      if (holds(cell.metric(), group.crystalSystem())) {
        int indexed = indexer.linesIndexedUnder(cell, lines, wavelength, (h, k, l) -> !group.forbids(h, k, l));
        out[g] = indexed >= cell.linesIndexed() ? 1 : 0;
      }
    }
    return out;
  }

  /**
   * The space groups to report with a decision, most probable first. When a cell decided, they are the model's groups
   * of the decided crystal system whose reflection conditions pass the extinction test against the cell ({@link
   * #extinctions}), or every group of that system if none passes, with the model's probabilities renormalised over
   * them; without a cell, when the classes are not space-group numbers or none is of the decided system, the model's
   * own ranking (rule of
   * docs/experiments/measured-indexing/plan.txt, addendum 3).
   *
   * @param spaceGroup the model's space-group prediction for the pattern
   */
  public List<TargetValue.ClassProbability> spaceGroups(
      float[] pattern, GridSpec grid, Decision decision, TargetValue spaceGroup) {
    List<TargetValue.ClassProbability> ranked = spaceGroup.classes();
    if (decision.cell() == null || !ranked.stream().allMatch(c -> c.className().matches("\\d{1,3}"))) {
      return ranked;
    }
    List<TargetValue.ClassProbability> ofSystem = new ArrayList<>();
    List<SpaceGroup> groups = new ArrayList<>();
    for (TargetValue.ClassProbability c : ranked) {
      int number = Integer.parseInt(c.className());
      if (number >= 1 && number <= CrystalSystem.SPACE_GROUPS
          && CrystalSystem.ofSpaceGroup(number).label().equals(decision.crystalSystem())) {
        ofSystem.add(c);
        groups.add(SpaceGroup.of(number));
      }
    }
    if (ofSystem.isEmpty()) {
      return ranked;
    }
    int[] tested = extinctions(pattern, grid, decision, groups);
    List<TargetValue.ClassProbability> kept = new ArrayList<>();
    for (int g = 0; g < tested.length; g++) {
      if (tested[g] == 1) {
        kept.add(ofSystem.get(g));
      }
    }
    if (kept.isEmpty()) {
      kept = ofSystem;
    }
    double total = kept.stream().mapToDouble(TargetValue.ClassProbability::probability).sum();
    return total > 0
        ? kept.stream()
            .map(c -> new TargetValue.ClassProbability(c.className(), c.index(), c.probability() / total))
            .toList()
        : List.copyOf(kept);
  }

  /**
   * The first {@link TargetValue#TOP_CLASSES} of {@link #spaceGroups} for a prediction, or none when the model has no
   * space-group target.
   */
  public List<TargetValue.ClassProbability> topSpaceGroups(Prediction prediction, GridSpec grid, Decision decision) {
    if (prediction.values().stream().noneMatch(v -> v.target().equals(TargetDefinition.SPACE_GROUP_NAME))) {
      return List.of();
    }
    List<TargetValue.ClassProbability> groups = spaceGroups(
        prediction.input().pattern(), grid, decision, prediction.value(TargetDefinition.SPACE_GROUP_NAME));
    return groups.subList(0, Math.min(TargetValue.TOP_CLASSES, groups.size()));
  }

  /** Whether a cell of this metric can be the conventional cell of a crystal of this system. */
  private static boolean holds(Metric metric, CrystalSystem system) {
    return switch (metric) {
      case CUBIC -> system == CrystalSystem.CUBIC;
      case TETRAGONAL -> system == CrystalSystem.TETRAGONAL;
      case HEXAGONAL -> system == CrystalSystem.TRIGONAL || system == CrystalSystem.HEXAGONAL;
      case ORTHORHOMBIC -> system == CrystalSystem.ORTHORHOMBIC;
      case MONOCLINIC -> system == CrystalSystem.MONOCLINIC;
    };
  }

  /**
   * The decision for a prediction made from a measured pattern by a model that predicts the crystal system; empty for
   * simulated patterns (their structure states its system) and for models without a crystal-system target.
   */
  public Optional<Decision> forMeasured(Prediction prediction, GridSpec grid) {
    boolean predictsSystem =
        prediction.values().stream().anyMatch(v -> v.target().equals(TargetDefinition.CRYSTAL_SYSTEM_NAME));
    if (prediction.input().origin() != PredictionInput.Origin.MEASURED || !predictsSystem) {
      return Optional.empty();
    }
    return Optional.of(
        decide(prediction.input().pattern(), grid, prediction.value(TargetDefinition.CRYSTAL_SYSTEM_NAME)));
  }

  /** The rule, on the accepted cells (any order) and the classifier's prediction. */
  static Decision decide(List<Cell> accepted, TargetValue crystalSystem) {
    Optional<Cell> cubic = accepted.stream().filter(c -> c.metric() == Metric.CUBIC).findFirst();
    if (cubic.isPresent()) {
      return new Decision(CrystalSystem.CUBIC.label(), cubic.get());
    }
    Optional<Cell> uniaxial = accepted.stream()
        .filter(c -> c.metric() == Metric.TETRAGONAL || c.metric() == Metric.HEXAGONAL)
        .max(Comparator.comparingDouble(Cell::figureOfMerit));
    if (uniaxial.isEmpty()) {
      for (Metric metric : List.of(Metric.ORTHORHOMBIC, Metric.MONOCLINIC)) {
        Optional<Cell> cell = accepted.stream().filter(c -> c.metric() == metric).findFirst();
        if (cell.isPresent()) {
          CrystalSystem system =
              metric == Metric.ORTHORHOMBIC ? CrystalSystem.ORTHORHOMBIC : CrystalSystem.MONOCLINIC;
          return new Decision(system.label(), cell.get());
        }
      }
      return new Decision(crystalSystem.predictedClass(), null);
    }
    Cell cell = uniaxial.get();
    if (cell.metric() == Metric.TETRAGONAL) {
      return new Decision(CrystalSystem.TETRAGONAL.label(), cell);
    }
    String hexagonal = CrystalSystem.HEXAGONAL.label();
    String trigonal = CrystalSystem.TRIGONAL.label();
    String system = crystalSystem.topClasses().stream()
        .map(TargetValue.ClassProbability::className)
        .filter(name -> name.equals(hexagonal) || name.equals(trigonal))
        .findFirst()
        .orElse(hexagonal);
    return new Decision(system, cell);
  }

  /** A cell in words, for reports and the command line. */
  static String describe(Cell cell) {
    String edges = switch (cell.metric()) {
      case CUBIC -> String.format(Locale.ROOT, "a = %.3f A", cell.aAngstrom());
      case TETRAGONAL, HEXAGONAL -> String.format(
          Locale.ROOT, "a = %.3f A, c = %.3f A", cell.aAngstrom(), cell.cAngstrom());
      case ORTHORHOMBIC -> String.format(
          Locale.ROOT, "a = %.3f A, b = %.3f A, c = %.3f A", cell.aAngstrom(), cell.bAngstrom(), cell.cAngstrom());
      case MONOCLINIC -> String.format(
          Locale.ROOT,
          "a = %.3f A, b = %.3f A, c = %.3f A, beta = %.2f deg",
          cell.aAngstrom(),
          cell.bAngstrom(),
          cell.cAngstrom(),
          cell.betaDeg());
    };
    return String.format(
        Locale.ROOT,
        "%s %s, %s, M%d = %.0f (%d of %d lines), zero offset %.2f deg",
        cell.metric().name().toLowerCase(Locale.ROOT),
        cell.centring(),
        edges,
        cell.linesUsed(),
        cell.figureOfMerit(),
        cell.linesIndexed(),
        cell.linesUsed(),
        cell.zeroOffsetDeg());
  }
}
