package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;
import org.xxact.data.Batch;
import org.xxact.data.BuildOptions;
import org.xxact.data.DatasetBuilder;
import org.xxact.data.Split;
import org.xxact.model.Modality;
import org.xxact.model.ModelConfig;

/**
 * The adapter from a built dataset to the trainer: splits, full training batches, a mid-epoch restart that sees the
 * batches an uninterrupted epoch sees, nested training subsets, and the dataset's manifest checksum.
 */
class DatasetTrainingDataTest {
  private static final List<String> TARGETS = List.of("band_gap", "crystal_system");
  private static final int BATCH = 16;

  @TempDir static Path tmp;
  private static Path dataset;

  @BeforeAll
  static void build() throws Exception {
    Path input = tmp.resolve("mp_sample300.csv.gz");
    try (InputStream in = DatasetTrainingDataTest.class.getResourceAsStream("/org/xxact/data/mp_sample300.csv.gz")) {
      Files.copy(in, input);
    }
    dataset = tmp.resolve("ds");
    new DatasetBuilder(
            new BuildOptions(List.of(input), TARGETS, dataset, null, BuildOptions.SPLIT_BY_FORMULA,
                BuildOptions.DEFAULT_SPLIT, 0, 120L, 1, false, BuildOptions.DEFAULT_SHARD_SIZE, null, null, List.of()),
            new DatasetBuilder.Listener() {})
        .build();
  }

  private static DatasetTrainingData open(DataConfig data) throws Exception {
    RunConfig config = RunConfig.defaults().withData(data);
    return DatasetTrainingData.forRun(dataset, config, TARGETS);
  }

  @Test
  void servesSplitsInFullBatchesAndRestartsMidEpochIdentically() throws Exception {
    try (DatasetTrainingData data = open(DataConfig.defaults())) {
      int train = data.dataset().size(Split.TRAIN);
      assertThat(data.trainSize()).isEqualTo(train);
      assertThat(data.targets()).extracting(t -> t.name()).containsExactlyElementsOf(TARGETS);
      assertThat(data.trainBatchesPerEpoch(BATCH)).isEqualTo(train / BATCH);
      List<Batch> epoch = new ArrayList<>();
      data.trainBatches(3, 1, BATCH, 0).forEachRemaining(epoch::add);
      assertThat(epoch).hasSize(train / BATCH).allSatisfy(b -> assertThat(b.size()).isEqualTo(BATCH));
      Iterator<Batch> restarted = data.trainBatches(3, 1, BATCH, 2);
      for (int i = 2; i < epoch.size(); i++) {
        Batch b = restarted.next();
        assertThat(b.indices()).containsExactly(epoch.get(i).indices());
        assertThat(b.xrd()).containsExactly(epoch.get(i).xrd());
      }
      assertThat(restarted.hasNext()).isFalse();
      int validation = 0;
      for (Iterator<Batch> it = data.validationBatches(BATCH); it.hasNext(); ) {
        validation += it.next().size();
      }
      assertThat(validation).isEqualTo(data.dataset().size(Split.VAL));
      assertThat(data.manifestChecksum()).isEqualTo(DatasetTrainingData.manifestChecksum(dataset)).hasSize(64);
    }
  }

  @Test
  void trainingSubsetsAreNested() throws Exception {
    Set<Integer> small = new HashSet<>();
    Set<Integer> large = new HashSet<>();
    try (DatasetTrainingData data = open(new DataConfig(32, false, null))) {
      assertThat(data.trainSize()).isEqualTo(32);
      data.trainBatches(0, 0, BATCH, 0).forEachRemaining(b -> small.addAll(List.of(box(b.indices()))));
    }
    try (DatasetTrainingData data = open(new DataConfig(64, false, null))) {
      data.trainBatches(0, 0, BATCH, 0).forEachRemaining(b -> large.addAll(List.of(box(b.indices()))));
    }
    assertThat(small).hasSize(32);
    assertThat(large).hasSize(64).containsAll(small);
  }

  private static Integer[] box(int[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
  }

  @Test
  void aCompositionTableTrainsOnlyCompositionModels() throws Exception {
    StringBuilder csv = new StringBuilder("id,composition,band_gap,spg\n");
    String[] formulas = {"NaCl", "KBr", "MgO", "Fe2O3", "TiO2", "GaAs", "Si", "CsCl", "ZnS", "Al2O3", "CaF2", "LiF"};
    for (int i = 0; i < formulas.length; i++) {
      csv.append("c").append(i).append(',').append(formulas[i]).append(',').append(0.5 * i).append(",225\n");
    }
    Path table = Files.writeString(tmp.resolve("compositions.csv"), csv.toString());
    Path compositions = tmp.resolve("compositions");
    new DatasetBuilder(
            new BuildOptions(List.of(table), List.of("band_gap", "crystal_system=spg"), compositions, null,
                BuildOptions.SPLIT_BY_FORMULA, "0.5,0.25,0.25", 0, null, 1, false, BuildOptions.DEFAULT_SHARD_SIZE,
                "composition", null, List.of()),
            new DatasetBuilder.Listener() {})
        .build();
    for (Modality patterns : new Modality[] {Modality.XRD, Modality.FUSED}) {
      ModelConfig model = TinyConfigs.tiny(patterns).model();
      assertThatThrownBy(() -> DatasetTrainingData.open(compositions, model, DatasetTrainingData.Options.of(TARGETS,
              DataConfig.defaults())))
          .isInstanceOf(InputException.class)
          .hasMessageContaining(compositions.toString())
          .hasMessageContaining("use --modality composition");
    }
    try (DatasetTrainingData data = DatasetTrainingData.open(compositions, TinyConfigs.tiny(Modality.COMPOSITION).model(),
        DatasetTrainingData.Options.of(TARGETS, DataConfig.defaults()))) {
      Batch b = data.trainBatches(0, 1, 2, 0).next();
      assertThat(b.size()).isEqualTo(2);
      assertThat(b.xrd()).containsOnly(0f);
    }
  }
}
