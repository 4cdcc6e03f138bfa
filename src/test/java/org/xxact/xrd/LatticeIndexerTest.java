package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.SpaceGroup;
import org.xxact.xrd.LatticeIndexer.Cell;
import org.xxact.xrd.LatticeIndexer.Centring;
import org.xxact.xrd.LatticeIndexer.Metric;
import org.xxact.xrd.io.MeasuredPattern;
import org.xxact.xrd.io.MeasuredPatternReader;
import org.xxact.xrd.io.PatternPreprocessor;
import org.xxact.xrd.io.PreprocessedPattern;

class LatticeIndexerTest {
  private static final double CU = Radiation.CU_KA.wavelengthAngstrom();
  private static final LatticeIndexer INDEXER = new LatticeIndexer(LatticeIndexer.Settings.DEFAULT);

  /** Lines of a simulated structure: reflections above 5 % of the strongest, as a measurement would resolve them. */
  private static double[] simulatedLines(Structure s, double zeroOffsetDeg) {
    DiffractionPattern p = XrdCalculator.builder().radiation(Radiation.CU_KA).twoThetaRangeDeg(5, 90).build()
        .calculate(s);
    double max = Arrays.stream(p.intensities()).max().orElseThrow();
    List<Double> lines = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      if (p.intensities()[i] >= 0.05 * max) {
        lines.add(p.twoThetasDeg()[i] + zeroOffsetDeg);
      }
    }
    return lines.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Every reflection of a cell up to 2-theta 60 degrees (no extinctions): a low-symmetry pattern rich in lines. */
  private static double[] allLines(Lattice lattice) {
    List<Double> lines = new ArrayList<>();
    for (int h = -8; h <= 8; h++) {
      for (int k = -8; k <= 8; k++) {
        for (int l = 0; l <= 8; l++) {
          if (h == 0 && k == 0 && l == 0) {
            continue;
          }
          double d = lattice.dSpacingAngstrom(h, k, l);
          double twoTheta = BraggGeometry.twoThetaDeg(d, CU);
          if (twoTheta < 60 && lines.stream().noneMatch(x -> Math.abs(x - twoTheta) < 0.05)) {
            lines.add(twoTheta);
          }
        }
      }
    }
    return lines.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  /** Wurtzite ZnO (P6_3mc, a = 3.25, c = 5.207 angstrom, u = 0.382). */
  private static Structure wurtzite() {
    List<Site> sites = new ArrayList<>();
    sites.add(Site.of(Species.of("Zn"), 1.0 / 3, 2.0 / 3, 0));
    sites.add(Site.of(Species.of("Zn"), 2.0 / 3, 1.0 / 3, 0.5));
    sites.add(Site.of(Species.of("O"), 1.0 / 3, 2.0 / 3, 0.382));
    sites.add(Site.of(Species.of("O"), 2.0 / 3, 1.0 / 3, 0.882));
    return new Structure(Lattice.fromParameters(3.25, 3.25, 5.207, 90, 90, 120), sites);
  }

  @Test
  void aRockSaltPatternWithAZeroOffsetIndexesAsFaceCentredCubic() {
    List<Cell> cells = INDEXER.acceptedCells(simulatedLines(XrdPhysicsTest.nacl(), 0.15), CU);

    assertThat(cells).isNotEmpty();
    Cell cubic = cells.get(0);
    assertThat(cubic.metric()).isEqualTo(Metric.CUBIC);
    assertThat(cubic.centring()).isEqualTo(Centring.F);
    assertThat(cubic.aAngstrom()).isCloseTo(5.6402, within(0.01));
    assertThat(cubic.zeroOffsetDeg()).isCloseTo(0.15, within(0.03));
    assertThat(cubic.linesIndexed()).isEqualTo(cubic.linesUsed());
  }

  @Test
  void rutileIndexesAsTetragonalAndNotAsCubic() {
    double[] lines = simulatedLines(TestStructures.rutile(), -0.1);

    Optional<Cell> tetragonal = INDEXER.best(Metric.TETRAGONAL, lines, CU);
    assertThat(tetragonal).get().matches(INDEXER::accepted);
    assertThat(tetragonal.get().aAngstrom()).isCloseTo(4.594, within(0.01));
    assertThat(tetragonal.get().cAngstrom()).isCloseTo(2.959, within(0.01));
    assertThat(INDEXER.best(Metric.CUBIC, lines, CU).filter(INDEXER::accepted)).isEmpty();
  }

  @Test
  /** The orthohexagonal cell (b = a sqrt 3, C-centred) is orthorhombic in metric, so it is accepted too. */
  void wurtziteIndexesAsHexagonalAndItsOrthohexagonalCell() {
    List<Cell> cells = INDEXER.acceptedCells(simulatedLines(wurtzite(), 0), CU);

    assertThat(cells).extracting(Cell::metric)
        .containsExactly(Metric.HEXAGONAL, Metric.ORTHORHOMBIC, Metric.MONOCLINIC);
    assertThat(cells.get(1).aAngstrom() / cells.get(1).cAngstrom()).isCloseTo(Math.sqrt(3), within(0.01));
    assertThat(cells.get(0).aAngstrom()).isCloseTo(3.25, within(0.01));
    assertThat(cells.get(0).cAngstrom()).isCloseTo(5.207, within(0.01));
  }

  /**
   * A primitive monoclinic cell a = 5.1, b = 6.3, c = 7.4 angstrom, beta = 103 degrees, with a zero offset: found in
   * the reduced setting (a* &lt;= c*, so a and c swapped), and by no metric of higher symmetry.
   */
  @Test
  void aMonoclinicCellRichInLinesIsIndexedByItsOwnMetricOnly() {
    double[] lines = allLines(Lattice.fromParameters(5.1, 6.3, 7.4, 90, 103, 90));
    for (int i = 0; i < lines.length; i++) {
      lines[i] -= 0.08;
    }

    List<Cell> cells = INDEXER.acceptedCells(lines, CU);

    assertThat(lines.length).isGreaterThan(20);
    assertThat(cells).extracting(Cell::metric).containsExactly(Metric.MONOCLINIC);
    Cell cell = cells.get(0);
    assertThat(cell.centring()).isEqualTo(Centring.P);
    assertThat(cell.linesIndexed()).isEqualTo(cell.linesUsed());
    assertThat(new double[] {cell.aAngstrom(), cell.bAngstrom(), cell.cAngstrom(), cell.betaDeg()})
        .containsExactly(new double[] {7.4, 6.3, 5.1, 103}, within(0.02));
    assertThat(cell.zeroOffsetDeg()).isCloseTo(-0.08, within(0.021));
  }

  /**
   * The reflections P2_1/c (14) allows of a cell a = 5.6, b = 7.9, c = 9.2 angstrom, beta = 111 degrees: the search
   * reports the cell in its reduced setting, and the group's conditions (h0l with l odd and 0k0 with k odd absent)
   * are found to fit under a reindexing of h and l, while C2/c's centring forbids observed lines.
   */
  @Test
  void aMonoclinicGroupsConditionsAreTestedInEverySettingOfTheCell() {
    Lattice lattice = Lattice.fromParameters(5.6, 7.9, 9.2, 90, 111, 90);
    double[] lines = linesAllowedBy(lattice, SpaceGroup.of(14));

    Cell cell = INDEXER.best(Metric.MONOCLINIC, lines, CU).orElseThrow();

    assertThat(cell).matches(INDEXER::accepted);
    assertThat(cell.centring()).isEqualTo(Centring.P);
    assertThat(cell.bAngstrom()).isCloseTo(7.9, within(0.01));
    assertGroupsFit(cell, lines, 15, 14, 10); // C2/c forbids h + k odd in every setting
  }

  /**
   * Every line the cell indexes stays indexed under the reflection conditions of each {@code fitting} group, and some
   * line needs a reflection that {@code forbidding} forbids.
   */
  private static void assertGroupsFit(Cell cell, double[] lines, int forbidding, int... fitting) {
    for (int group : fitting) {
      assertThat(INDEXER.linesIndexedUnder(cell, lines, CU, allowedBy(group))).as("group %d", group)
          .isEqualTo(cell.linesIndexed());
    }
    assertThat(INDEXER.linesIndexedUnder(cell, lines, CU, allowedBy(forbidding))).as("group %d", forbidding)
        .isLessThan(cell.linesIndexed());
  }

  /** A C-centred monoclinic lattice shows its centring: half the primitive cell's lines are absent. */
  @Test
  void aCentredMonoclinicCellIsReportedWithItsCentring() {
    double[] lines = linesAllowedBy(Lattice.fromParameters(9.8, 8.9, 5.3, 90, 105, 90), SpaceGroup.of(12));

    Cell cell = INDEXER.best(Metric.MONOCLINIC, lines, CU).orElseThrow();

    assertThat(cell).matches(INDEXER::accepted);
    assertThat(cell.centring()).isIn(Centring.A, Centring.C, Centring.I);
    assertThat(cell.bAngstrom()).isCloseTo(8.9, within(0.01));
    assertThat(cell.aAngstrom() * cell.bAngstrom() * cell.cAngstrom() * Math.sin(Math.toRadians(cell.betaDeg())))
        .as("the conventional cell's volume").isCloseTo(
            9.8 * 8.9 * 5.3 * Math.sin(Math.toRadians(105)), within(0.5));
  }

  @Test
  void anOrthorhombicCellIsFoundWithItsThreeEdges() {
    double[] lines = allLines(Lattice.fromParameters(5.1, 6.3, 7.4, 90, 90, 90));
    for (int i = 0; i < lines.length; i++) {
      lines[i] += 0.12;
    }

    Optional<Cell> cell = INDEXER.best(Metric.ORTHORHOMBIC, lines, CU);

    assertThat(cell).get().matches(INDEXER::accepted);
    assertThat(new double[] {cell.get().aAngstrom(), cell.get().bAngstrom(), cell.get().cAngstrom()})
        .containsExactly(new double[] {7.4, 6.3, 5.1}, within(0.01));
    assertThat(INDEXER.acceptedCells(lines, CU)).extracting(Cell::metric)
        .containsExactly(Metric.ORTHORHOMBIC, Metric.MONOCLINIC);
  }

  @Test
  void aSpaceGroupWhoseExtinctionsRemoveObservedLinesIndexesFewer() {
    double[] nacl = simulatedLines(XrdPhysicsTest.nacl(), 0.15);
    Cell cubic = INDEXER.best(Metric.CUBIC, nacl, CU).orElseThrow();
    assertGroupsFit(cubic, nacl, 227, 225, 221); // Fd-3m forbids 200 and 420

    double[] rutile = simulatedLines(TestStructures.rutile(), -0.1);
    Cell tetragonal = INDEXER.best(Metric.TETRAGONAL, rutile, CU).orElseThrow();
    assertGroupsFit(tetragonal, rutile, 139, 136); // I4/mmm forbids 111 and 210
  }

  /**
   * Pnma's reflections of a cell a = 5.5, b = 7.7, c = 5.4 angstrom: the search reports the edges as 7.7, 5.5, 5.4,
   * and the group's conditions apply once b is taken as its second axis.
   */
  @Test
  void theEdgesOfAnOrthorhombicCellAreAssignedToTheGroupsAxes() {
    double[] lines = linesAllowedBy(Lattice.fromParameters(5.5, 7.7, 5.4, 90, 90, 90), SpaceGroup.of(62));
    Cell cell = INDEXER.best(Metric.ORTHORHOMBIC, lines, CU).orElseThrow();
    assertThat(cell.aAngstrom()).isCloseTo(7.7, within(0.01));

    assertGroupsFit(cell, lines, 69, 62); // Fmmm forbids most of them
  }

  /** The lines of {@link #allLines} that at least one reflection the group allows falls on (within 0.05 degree). */
  private static double[] linesAllowedBy(Lattice lattice, SpaceGroup group) {
    List<Double> allowed = new ArrayList<>();
    for (double twoTheta : allLines(lattice)) {
      boolean seen = false;
      for (int h = -8; h <= 8 && !seen; h++) {
        for (int k = -8; k <= 8 && !seen; k++) {
          for (int l = 0; l <= 8 && !seen; l++) {
            seen = (h != 0 || k != 0 || l != 0) && !group.forbids(h, k, l)
                && Math.abs(BraggGeometry.twoThetaDeg(lattice.dSpacingAngstrom(h, k, l), CU) - twoTheta) < 0.05;
          }
        }
      }
      if (seen) {
        allowed.add(twoTheta);
      }
    }
    return allowed.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static LatticeIndexer.ReflectionCondition allowedBy(int spaceGroup) {
    SpaceGroup group = SpaceGroup.of(spaceGroup);
    return (h, k, l) -> !group.forbids(h, k, l);
  }

  @Test
  void tooFewLinesAreNotIndexed() {
    double[] lines = Arrays.copyOf(simulatedLines(XrdPhysicsTest.nacl(), 0), 4);

    assertThat(INDEXER.best(Metric.CUBIC, lines, CU)).isEmpty();
  }

  @Test
  /**
   * The bundled RRUFF pattern (fluorite, CaF2, Fm-3m, a = 5.463 angstrom): its seventh maximum, at 87.70 degrees, is
   * the K-alpha-2 line of the 87.43-degree reflection and is left out; the other six index as face-centred cubic.
   */
  void theMeasuredFluoriteExampleIndexesAsFaceCentredCubic() {
    MeasuredPattern measured = MeasuredPatternReader.read(Path.of("examples", "rruff-328_cubic_sg225.xy"));
    PreprocessedPattern onGrid = new PatternPreprocessor().preprocess(measured, Radiation.CU_KA);
    float[] intensity = new float[onGrid.intensity().length];
    for (int i = 0; i < intensity.length; i++) {
      intensity[i] = (float) onGrid.intensity()[i];
    }
    double[] lines = INDEXER.linesTwoThetaDeg(intensity, onGrid.grid().angles(), Radiation.CU_KA);

    List<Cell> cells = INDEXER.acceptedCells(lines, CU);

    assertThat(lines).hasSize(6);
    assertThat(cells).isNotEmpty();
    assertThat(cells.get(0).metric()).isEqualTo(Metric.CUBIC);
    assertThat(cells.get(0).centring()).isEqualTo(Centring.F);
    assertThat(cells.get(0).aAngstrom()).isCloseTo(5.463, within(0.01));
  }

  /**
   * The calculated lines, enumerated over one octant or half of reciprocal space, are those of every hkl: the reference
   * here walks the whole sphere and keeps the distinct values.
   */
  @Test
  void calculatedLinesAreThoseOfTheWholeSphere() {
    java.util.Random random = new java.util.Random(5);
    for (Metric metric : Metric.values()) {
      for (Centring centring : Centring.values()) {
        if (centring == Centring.R && metric != Metric.HEXAGONAL) {
          continue; // the rhombohedral condition is not sign-symmetric and is used with the hexagonal metric only
        }
        for (int trial = 0; trial < 5; trial++) {
          double a = 1 / Math.pow(3 + 10 * random.nextDouble(), 2);
          double b = 1 / Math.pow(3 + 10 * random.nextDouble(), 2);
          double c = 1 / Math.pow(3 + 10 * random.nextDouble(), 2);
          double[] coefficients = switch (metric) {
            case CUBIC -> new double[] {a};
            case TETRAGONAL, HEXAGONAL -> new double[] {a, c};
            case ORTHORHOMBIC -> new double[] {a, b, c};
            case MONOCLINIC -> new double[] {Math.min(a, c), b, Math.max(a, c), Math.min(a, c) * random.nextDouble()};
          };
          double sMax = 0.25;
          assertThat(LatticeIndexer.calculatedLines(metric, coefficients, centring, sMax))
              .as("%s %s %s", metric, centring, Arrays.toString(coefficients))
              .containsExactly(wholeSphere(metric, coefficients, centring, sMax));
        }
      }
    }
  }

  private static double[] wholeSphere(Metric metric, double[] x, Centring centring, double sMax) {
    int max = 40;
    List<Double> values = new ArrayList<>();
    for (int h = -max; h <= max; h++) {
      for (int k = -max; k <= max; k++) {
        for (int l = -max; l <= max; l++) {
          if ((h == 0 && k == 0 && l == 0) || !centring.allows(h, k, l)) {
            continue;
          }
          double s = switch (metric) {
            case CUBIC -> x[0] * (h * h + k * k + l * l);
            case TETRAGONAL -> x[0] * (h * h + k * k) + x[1] * l * l;
            case HEXAGONAL -> x[0] * (h * h + h * k + k * k) + x[1] * l * l;
            case ORTHORHOMBIC -> x[0] * h * h + x[1] * k * k + x[2] * l * l;
            case MONOCLINIC -> x[0] * h * h + x[1] * k * k + x[2] * l * l + x[3] * h * l;
          };
          if (s <= sMax) {
            values.add(s);
          }
        }
      }
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    List<Double> distinct = new ArrayList<>();
    for (double v : sorted) {
      if (distinct.isEmpty() || v - distinct.get(distinct.size() - 1) > 1e-9 * v) {
        distinct.add(v);
      }
    }
    return distinct.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
