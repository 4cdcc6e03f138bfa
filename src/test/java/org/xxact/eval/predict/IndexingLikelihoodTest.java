package org.xxact.eval.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;
import org.xxact.eval.predict.IndexingLikelihood.Evidence;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.LatticeIndexer.Metric;

class IndexingLikelihoodTest {
  private static final List<String> CLASSES = List.of("tetragonal", "cubic");
  private static final List<Metric> RULE_2 = IndexedCrystalSystem.METRICS;
  private static final int NONE = 0;
  private static final int CUBIC_CELL = 1 + Metric.CUBIC.ordinal();
  private static final int VALUES = Evidence.METRIC.names(RULE_2).size();

  /** 10 cubic materials, 9 with a cubic cell; 10 tetragonal ones, 1 with a cubic cell (pseudo-cubic). */
  private static IndexingLikelihood counted() {
    int[] evidence = new int[20];
    int[] actual = new int[20];
    for (int i = 0; i < 10; i++) {
      actual[i] = 1;
      evidence[i] = i < 9 ? CUBIC_CELL : NONE;
      actual[10 + i] = 0;
      evidence[10 + i] = i < 1 ? CUBIC_CELL : NONE;
    }
    return IndexingLikelihood.count(Evidence.METRIC, RULE_2, CLASSES, evidence, actual, null);
  }

  @Test
  void countsAreSmoothedOverTheEvidenceValues() {
    IndexingLikelihood l = counted();

    assertThat(l.counts()[CUBIC_CELL]).containsExactly(1, 9);
    assertThat(l.counts()[NONE]).containsExactly(9, 1);
    assertThat(l.likelihood(CUBIC_CELL, 1)).isCloseTo(10.0 / 15, within(1e-12));
    assertThat(l.likelihood(CUBIC_CELL, 0)).isCloseTo(2.0 / 15, within(1e-12));
    double total = 0;
    for (int e = 0; e < VALUES; e++) {
      total += l.likelihood(e, 0);
    }
    assertThat(total).isCloseTo(1, within(1e-12));
  }

  @Test
  void aCellMovesAnUnsureClassifierButNotAConfidentOne() {
    IndexingLikelihood l = counted();

    assertThat(l.posterior(new double[] {0.6, 0.4}, CUBIC_CELL)[1]).isGreaterThan(0.5);
    assertThat(l.posterior(new double[] {0.95, 0.05}, CUBIC_CELL)[0]).isGreaterThan(0.5);
    double[] p = l.posterior(new double[] {0.6, 0.4}, NONE);
    assertThat(p[0] + p[1]).isCloseTo(1, within(1e-12));
    assertThat(p[0]).isGreaterThan(0.6);
  }

  @Test
  void latticeEvidenceNamesEveryMetricAndCentringOnce() {
    List<String> names = Evidence.LATTICE.names(RULE_2);

    assertThat(names).hasSize(14).doesNotHaveDuplicates().startsWith("no cell", "cubic P", "cubic I", "cubic F");
    LatticeIndexer.Cell bodyCentredTetragonal =
        new LatticeIndexer.Cell(Metric.TETRAGONAL, LatticeIndexer.Centring.I, 4, 4, 9, 90, 0, 20, 20, 30, 40);
    assertThat(names.get(Evidence.LATTICE.of(bodyCentredTetragonal, RULE_2))).isEqualTo("tetragonal I");
    assertThat(Evidence.METRIC.names(RULE_2).get(Evidence.METRIC.of(bodyCentredTetragonal, RULE_2)))
        .isEqualTo("tetragonal");
    assertThat(Evidence.LATTICE.of(null, RULE_2)).isZero();
  }

  /** With monoclinic cells searched (rule 4), their metric and four centrings are evidence values of their own. */
  @Test
  void monoclinicCellsAreEvidenceOnlyWhereTheyAreSearched() {
    List<Metric> rule4 = List.of(Metric.values());
    LatticeIndexer.Cell cCentred =
        new LatticeIndexer.Cell(Metric.MONOCLINIC, LatticeIndexer.Centring.C, 9.7, 8.9, 5.3, 105, 0, 20, 20, 22, 60);

    assertThat(Evidence.LATTICE.names(rule4)).hasSize(18).endsWith(
        "monoclinic P", "monoclinic A", "monoclinic C", "monoclinic I");
    assertThat(Evidence.LATTICE.names(rule4).get(Evidence.LATTICE.of(cCentred, rule4))).isEqualTo("monoclinic C");
    assertThat(Evidence.METRIC.of(cCentred, rule4)).isEqualTo(5);
    assertThatThrownBy(() -> Evidence.METRIC.of(cCentred, RULE_2)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Space groups 136 (tetragonal P) and 139 (tetragonal I) weighted by the likelihood of their lattice. */
  @Test
  void finerClassesTakeTheLikelihoodOfTheClassTheyBelongTo() {
    int centredCell = Evidence.LATTICE.names(RULE_2).indexOf("tetragonal I");
    int[][] counts = new int[Evidence.LATTICE.names(RULE_2).size()][2];
    counts[centredCell] = new int[] {1, 9};
    counts[0] = new int[] {9, 1};
    IndexingLikelihood l = new IndexingLikelihood(
        Evidence.LATTICE, RULE_2, List.of("tetragonal P", "tetragonal I"), counts);

    double[] p = l.posterior(new double[] {0.3, 0.3, 0.4}, centredCell, new int[] {0, 0, 1});

    assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
    assertThat(p[0]).isCloseTo(p[1], within(1e-12));
    assertThat(p[2] / p[0]).isCloseTo(0.4 / 0.3 * 10 / 2, within(1e-9));
  }

  @Test
  void extinctionTestsWeighOnlyTheTestedGroups() {
    int[][] tested = {{1, 0, -1}, {1, 1, -1}, {-1, -1, -1}};
    IndexingLikelihood l = IndexingLikelihood.countExtinctions(
        RULE_2, tested, new int[] {0, 1, 2}, null);

    assertThat(l.counts()).isDeepEqualTo(new int[][] {{0, 1}, {2, 1}});
    double[] p = l.weighTested(new double[] {0.25, 0.25, 0.5}, new int[] {1, 0, -1});
    // P(1 | true) / P(1 | other) = (3/4) / (2/4); P(0 | true) / P(0 | other) = (1/4) / (2/4)
    double[] expected = {0.25 * 1.5, 0.25 * 0.5, 0.5};
    double sum = expected[0] + expected[1] + expected[2];
    assertThat(p).containsExactly(new double[] {expected[0] / sum, expected[1] / sum, expected[2] / sum}, within(1e-12));
    assertThatThrownBy(() -> Evidence.EXTINCTION.of(null, RULE_2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> counted().weighTested(new double[] {0.5, 0.5}, new int[] {1, 1}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void countsSurviveAFileAndABrokenFileNamesItself(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("likelihood.json");
    IndexingLikelihood.write(Map.of("crystal_system", counted()), file);

    IndexingLikelihood read = IndexingLikelihood.read(file).get("crystal_system");
    assertThat(read.evidence()).isEqualTo(Evidence.METRIC);
    assertThat(read.metrics()).isEqualTo(RULE_2);
    assertThat(read.classNames()).isEqualTo(CLASSES);
    assertThat(read.counts()).isDeepEqualTo(counted().counts());

    Path broken = dir.resolve("broken.json");
    Files.writeString(
        broken, "{\"crystal_system\": {\"evidence\": \"METRIC\", \"class_names\": [\"cubic\"], \"counts\": [[1]]}}");
    assertThatThrownBy(() -> IndexingLikelihood.read(broken))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("need 5 rows");
    Path rule4 = dir.resolve("rule4.json");
    Files.writeString(rule4, "{\"crystal_system\": {\"evidence\": \"METRIC\", \"metrics\": [\"CUBIC\", \"TETRAGONAL\","
        + " \"HEXAGONAL\", \"ORTHORHOMBIC\", \"MONOCLINIC\"], \"class_names\": [\"cubic\"],"
        + " \"counts\": [[1], [2], [0], [0], [0], [3]]}}");
    assertThat(IndexingLikelihood.read(rule4).get("crystal_system").metrics()).containsExactly(Metric.values());
    Path unkeyed = dir.resolve("unkeyed.json");
    Files.writeString(unkeyed, "{\"class_names\": [\"cubic\"], \"counts\": [[1]]}");
    assertThatThrownBy(() -> IndexingLikelihood.read(unkeyed))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(unkeyed.toString());
    assertThatThrownBy(() -> IndexingLikelihood.read(dir.resolve("missing.json")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no such file");
  }
}
