package org.xxact.eval.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.data.TargetKind;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.io.GridSpec;
import org.xxact.xrd.LatticeIndexer.Cell;
import org.xxact.xrd.LatticeIndexer.Centring;
import org.xxact.xrd.LatticeIndexer.Metric;

class IndexedCrystalSystemTest {
  private static final Cell CUBIC = new Cell(Metric.CUBIC, Centring.I, 11.5, 11.5, 11.5, 90, 0.1, 20, 19, 15, 30);
  private static final Cell TETRAGONAL =
      new Cell(Metric.TETRAGONAL, Centring.P, 4.6, 4.6, 2.96, 90, 0, 12, 12, 40, 20);
  private static final Cell HEXAGONAL =
      new Cell(Metric.HEXAGONAL, Centring.P, 3.25, 3.25, 5.21, 90, 0, 10, 10, 200, 17);
  private static final Cell ORTHORHOMBIC =
      new Cell(Metric.ORTHORHOMBIC, Centring.P, 7.4, 6.3, 5.1, 90, 0, 20, 20, 30, 40);
  private static final Cell MONOCLINIC =
      new Cell(Metric.MONOCLINIC, Centring.C, 9.7, 8.9, 5.3, 105.2, 0.12, 20, 19, 22, 60);

  /** A classifier's crystal-system prediction with these three classes, most probable first. */
  private static TargetValue classifier(String... classes) {
    List<TargetValue.ClassProbability> top = List.of(
        new TargetValue.ClassProbability(classes[0], 0, 0.5),
        new TargetValue.ClassProbability(classes[1], 1, 0.3),
        new TargetValue.ClassProbability(classes[2], 2, 0.1));
    return new TargetValue("crystal_system", TargetKind.CLASSIFICATION, "", Double.NaN, Double.NaN, top);
  }

  @Test
  void aCubicCellWinsOverTheClassifierAndOverLowerMetrics() {
    IndexedCrystalSystem.Decision d = IndexedCrystalSystem.decide(
        List.of(HEXAGONAL, TETRAGONAL, CUBIC), classifier("monoclinic", "orthorhombic", "triclinic"));

    assertThat(d.crystalSystem()).isEqualTo("cubic");
    assertThat(d.cell()).isEqualTo(CUBIC);
    assertThat(d.cellDescription()).startsWith("cubic I, a = 11.500 A, M20 = 15 (19 of 20 lines)");
  }

  @Test
  void betweenTetragonalAndHexagonalTheHigherFigureOfMeritDecides() {
    assertThat(IndexedCrystalSystem.decide(List.of(TETRAGONAL, HEXAGONAL), classifier("monoclinic", "a", "b"))
            .crystalSystem())
        .isEqualTo("hexagonal");
    Cell weakHexagonal = new Cell(Metric.HEXAGONAL, Centring.R, 5.0, 5.0, 14.0, 90, 0, 12, 12, 11, 40);
    assertThat(IndexedCrystalSystem.decide(List.of(TETRAGONAL, weakHexagonal), classifier("cubic", "a", "b"))
            .crystalSystem())
        .isEqualTo("tetragonal");
  }

  @Test
  void theClassifierChoosesBetweenTrigonalAndHexagonal() {
    assertThat(IndexedCrystalSystem.decide(List.of(HEXAGONAL), classifier("monoclinic", "trigonal", "hexagonal"))
            .crystalSystem())
        .isEqualTo("trigonal");
    assertThat(IndexedCrystalSystem.decide(List.of(HEXAGONAL), classifier("monoclinic", "orthorhombic", "cubic"))
            .crystalSystem())
        .isEqualTo("hexagonal");
  }

  @Test
  void aMonoclinicCellDecidesOnlyWhenNoCellOfHigherSymmetryIsAccepted() {
    IndexedCrystalSystem.Decision d =
        IndexedCrystalSystem.decide(List.of(MONOCLINIC), classifier("triclinic", "orthorhombic", "monoclinic"));

    assertThat(d.crystalSystem()).isEqualTo("monoclinic");
    assertThat(d.cellDescription())
        .startsWith("monoclinic C, a = 9.700 A, b = 8.900 A, c = 5.300 A, beta = 105.20 deg, M20 = 22 (19 of 20");
    assertThat(IndexedCrystalSystem.decide(List.of(MONOCLINIC, ORTHORHOMBIC), classifier("triclinic", "a", "b"))
            .crystalSystem())
        .as("the higher symmetry that indexes the lines").isEqualTo("orthorhombic");
  }

  @Test
  void withoutAnAcceptedCellTheClassifierDecides() {
    IndexedCrystalSystem.Decision d =
        IndexedCrystalSystem.decide(List.of(), classifier("orthorhombic", "monoclinic", "cubic"));

    assertThat(d.crystalSystem()).isEqualTo("orthorhombic");
    assertThat(d.cell()).isNull();
    assertThat(d.cellDescription()).isEmpty();
  }

  /**
   * A body-centred cubic cell (a = 11.5 angstrom, lines h^2 + k^2 + l^2 = 2, 4, ..., 42) with four lines of a second
   * phase among its first ten, as Gaussian peaks on the model grid.
   */
  private static float[] cubicWithImpurityLines() {
    List<Double> lines = new java.util.ArrayList<>();
    for (int n = 2; n <= 42; n += 2) {
      if (n != 28) { // 28 = 4 x 7 is no sum of three squares
        lines.add(BraggGeometry.twoThetaDeg(11.5 / Math.sqrt(n), Radiation.CU_KA.wavelengthAngstrom()));
      }
    }
    int cubicLines = lines.size();
    // At h^2 + k^2 + l^2 = 5.3, 7.7, 11.4 and 14.3 of the cell.
    for (double n : new double[] {5.3, 7.7, 11.4, 14.3}) {
      lines.add(BraggGeometry.twoThetaDeg(11.5 / Math.sqrt(n), Radiation.CU_KA.wavelengthAngstrom()));
    }
    double[] twoTheta = lines.stream().mapToDouble(Double::doubleValue).toArray();
    double[] height = new double[twoTheta.length];
    for (int i = 0; i < height.length; i++) {
      height[i] = i < cubicLines ? 1.0 / (1 + 0.05 * i) : 0.3;
    }
    float[] y = new float[GridSpec.MODEL.points()];
    new PatternRenderer(GridSpec.MODEL.angles(), PeakShape.GAUSSIAN)
        .render(twoTheta, height, twoTheta.length, 0.12, y);
    return y;
  }

  @Test
  void forMeasuredPatternsACubicCellMayLeaveImpurityLinesUnindexedWhenNoCellIsAccepted() {
    float[] pattern = cubicWithImpurityLines();
    TargetValue classifier = classifier("monoclinic", "orthorhombic", "triclinic");

    IndexedCrystalSystem.Decision rule4 =
        IndexedCrystalSystem.withMonoclinicCells().decide(pattern, GridSpec.MODEL, classifier);
    IndexedCrystalSystem.Decision rule5 =
        IndexedCrystalSystem.forMeasuredPatterns().decide(pattern, GridSpec.MODEL, classifier);

    assertThat(rule4.cell()).as("4 unindexed lines of 20 exceed the plan's 2 for every metric").isNull();
    assertThat(rule4.crystalSystem()).isEqualTo("monoclinic");
    assertThat(rule5.crystalSystem()).isEqualTo("cubic");
    // The cubic cell of the highest figure of merit within the wider allowance is the primitive one of edge
    // a / sqrt(2): it indexes every body-centred line but two (h^2 + k^2 + l^2 = 14 and 30 halve to 7 and 15, no sums
    // of three squares) with fewer calculated lines. The allowance can report such a sub-cell; the system is right.
    assertThat(rule5.cell().metric()).isEqualTo(Metric.CUBIC);
    assertThat(rule5.cell().aAngstrom()).isCloseTo(11.5 / Math.sqrt(2), org.assertj.core.api.Assertions.within(0.01));
    assertThat(rule5.cell().linesUsed() - rule5.cell().linesIndexed()).isEqualTo(6);
  }
}
