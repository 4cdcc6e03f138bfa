package org.xxact.eval.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.CrystalSystem;
import org.xxact.data.Augmentation;
import org.xxact.data.TargetKind;
import org.xxact.model.Modality;
import org.xxact.train.RunConfig;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.io.LabelledPattern;
import org.xxact.xrd.io.MeasuredPattern;
import org.xxact.xrd.io.PatternLabels;

class MeasuredTransferTest {
  @TempDir Path dir;

  /** A labelled pattern (its measured form is not read by the scoring) predicted from a grid pattern of n spikes. */
  private static LabelledPattern labelled(String id, CrystalSystem system, int spaceGroup) {
    MeasuredPattern measured =
        new MeasuredPattern(
            id, new double[] {10, 20}, new double[] {1, 2}, new double[0], Optional.empty(), Map.of(), List.of());
    return new LabelledPattern(id, measured, new PatternLabels(system, spaceGroup));
  }

  private static Prediction prediction(int spikes, String system, double probability, String... spaceGroups) {
    float[] grid = new float[2048];
    for (int k = 0; k < spikes; k++) {
      grid[20 + 40 * k] = 1f - 0.01f * k;
    }
    PredictionInput input =
        new PredictionInput("test", null, grid, PredictionInput.Origin.MEASURED, null, List.of());
    List<TargetValue.ClassProbability> groups = new ArrayList<>();
    for (int i = 0; i < spaceGroups.length; i++) {
      groups.add(new TargetValue.ClassProbability(spaceGroups[i], Integer.parseInt(spaceGroups[i]) - 1, 0.3 - 0.1 * i));
    }
    return new Prediction(
        input,
        List.of(
            new TargetValue(
                MeasuredTransfer.CRYSTAL_SYSTEM, TargetKind.CLASSIFICATION, "", Double.NaN, Double.NaN,
                List.of(new TargetValue.ClassProbability(system, CrystalSystem.ofLabel(system).ordinal(), probability))),
            new TargetValue(
                MeasuredTransfer.SPACE_GROUP, TargetKind.CLASSIFICATION, "", Double.NaN, Double.NaN, groups)));
  }

  private static MeasuredTransfer.Evaluation threePatterns() {
    List<LabelledPattern> labelled =
        List.of(
            labelled("rock-salt", CrystalSystem.CUBIC, 225),
            labelled("a,monoclinic", CrystalSystem.MONOCLINIC, 14),
            labelled("orthorhombic", CrystalSystem.ORTHORHOMBIC, 62));
    List<Prediction> predictions =
        List.of(
            prediction(3, "cubic", 0.9, "225", "221", "229"),
            prediction(15, "monoclinic", 0.6, "15", "14", "2"),
            prediction(25, "monoclinic", 0.5, "14", "15", "2"));
    LatticeIndexer.Cell cubic = new LatticeIndexer.Cell(
        LatticeIndexer.Metric.CUBIC, LatticeIndexer.Centring.F, 5.64, 5.64, 5.64, 90, 0.1, 6, 6, 120, 8);
    LatticeIndexer.Cell tetragonal = new LatticeIndexer.Cell(
        LatticeIndexer.Metric.TETRAGONAL, LatticeIndexer.Centring.P, 4.6, 4.6, 2.96, 90, 0, 20, 19, 12, 60);
    List<IndexedCrystalSystem.Decision> decisions =
        List.of(
            new IndexedCrystalSystem.Decision("cubic", cubic),
            new IndexedCrystalSystem.Decision("monoclinic", null),
            new IndexedCrystalSystem.Decision("tetragonal", tetragonal));
    List<List<String>> withIndexing = List.of(List.of("225", "221", "229"), List.of("15", "14", "2"), List.of("136"));
    return MeasuredTransfer.score("set.csv", "model", true, true, labelled, predictions, decisions, withIndexing);
  }

  @Test
  void scoresCrystalSystemSpaceGroupAndAccuracyByResolvedReflections() {
    MeasuredTransfer.Evaluation e = threePatterns();
    assertThat(e.n()).isEqualTo(3);
    assertThat(e.crystalSystem().accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.spaceGroupAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(e.spaceGroupTop3Accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.confusion()[CrystalSystem.ORTHORHOMBIC.ordinal()][CrystalSystem.MONOCLINIC.ordinal()]).isEqualTo(1);
    assertThat(e.predictedCounts()[CrystalSystem.MONOCLINIC.ordinal()]).isEqualTo(2);
    assertThat(e.patterns()).extracting(MeasuredTransfer.PatternOutcome::peaks).containsExactly(3, 15, 25);
    assertThat(e.peakBins())
        .containsExactly(
            new MeasuredTransfer.PeakBin("0-10", 0, 10, 1, 1.0),
            new MeasuredTransfer.PeakBin("11-20", 11, 20, 1, 1.0),
            new MeasuredTransfer.PeakBin("21-40", 21, 40, 1, 0.0));
    assertThat(e.reliability())
        .containsExactly(
            new MeasuredTransfer.ReliabilityBin(0.4, 0.6, 1, 0.5, 0.0),
            new MeasuredTransfer.ReliabilityBin(0.6, 0.8, 1, 0.6, 1.0),
            new MeasuredTransfer.ReliabilityBin(0.8, 1.0, 1, 0.9, 1.0));
    assertThat(e.withIndexing().crystalSystem().accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.withIndexing().confusion()[CrystalSystem.ORTHORHOMBIC.ordinal()][CrystalSystem.TETRAGONAL.ordinal()])
        .isEqualTo(1);
    assertThat(e.withIndexing().indexedByClass()[CrystalSystem.CUBIC.ordinal()])
        .containsExactly(1, 0, 0, 0, 0);
    assertThat(e.withIndexing().indexedByClass()[CrystalSystem.ORTHORHOMBIC.ordinal()])
        .containsExactly(0, 1, 0, 0, 0);
  }

  @Test
  void reportHasOneCsvRowPerPatternAndTheBinsInJson() throws IOException {
    MeasuredTransfer.writeReport(dir, threePatterns(), "xxact experiment measured --model model");
    List<String> rows = Files.readAllLines(dir.resolve("predictions.csv"));
    assertThat(rows)
        .containsExactly(
            "id,crystal_system,predicted_crystal_system,probability,spacegroup_number,predicted_spacegroups_top3,peaks,"
                + "crystal_system_with_indexing,indexed_cell,spacegroups_with_indexing_top3",
            "rock-salt,cubic,cubic,0.9000,225,225 221 229,3,cubic,"
                + "\"cubic F, a = 5.640 A, M6 = 120 (6 of 6 lines), zero offset 0.10 deg\",225 221 229",
            "\"a,monoclinic\",monoclinic,monoclinic,0.6000,14,15 14 2,15,monoclinic,,15 14 2",
            "orthorhombic,orthorhombic,monoclinic,0.5000,62,14 15 2,25,tetragonal,"
                + "\"tetragonal P, a = 4.600 A, c = 2.960 A, M20 = 12 (19 of 20 lines), zero offset 0.00 deg\",136");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(json.get("accuracy_by_peaks")).hasSize(3);
    assertThat(json.get("accuracy_by_peaks").get(2).get("accuracy").asDouble()).isZero();
    assertThat(Files.readString(dir.resolve("results.md")))
        .contains(
            "| 21-40       |        1 |    0.000 |",
            "| orthorhombic       |  0/0 |   0/0 |   0/1 |",
            "## With lattice indexing");
    assertThat(json.get("with_indexing").get("decided_by_indexing").get(CrystalSystem.CUBIC.ordinal()).get(0).asInt())
        .isEqualTo(1);
    assertThat(dir.resolve("confusion-with-indexing.png")).isNotEmptyFile();
  }

  @Test
  void theUserChangesTheAugmentationRangesButNotWhatMakesTheExperiment() {
    List<String> settings = new ArrayList<>(MeasuredTransfer.baseSettings());
    settings.add("data.augmentation.secondPhaseFraction={\"min\":0,\"max\":0.15}");
    settings.add("model.modality=FUSED");
    settings.addAll(MeasuredTransfer.experimentSettings());
    RunConfig config = RunConfig.resolve(null, settings);
    Augmentation used = config.data().trainingAugmentation();
    assertThat(used.secondPhaseFraction()).isEqualTo(new Augmentation.Range(0, 0.15));
    assertThat(used.microstrain()).isEqualTo(MeasuredTransfer.RRUFF_LIKE.microstrain());
    assertThat(used.countsAtMax()).isEqualTo(MeasuredTransfer.RRUFF_LIKE.countsAtMax());
    assertThat(config.model().modality()).isEqualTo(Modality.XRD);
  }
}
