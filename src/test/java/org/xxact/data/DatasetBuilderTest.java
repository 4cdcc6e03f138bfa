package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;

class DatasetBuilderTest {
  private static final String TARGETS = "formation_energy_per_atom,band_gap,crystal_system,is_metal";
  private static final int SHARD_SIZE = 64;

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path input;
  private static Path clean;
  private static DatasetBuilder.Result cleanResult;

  @BeforeAll
  static void buildOnce() throws IOException {
    input = TestInputs.sample(shared);
    clean = shared.resolve("clean");
    cleanResult = new DatasetBuilder(TestInputs.options(List.of(input), TARGETS, clean, 2, SHARD_SIZE),
        new DatasetBuilder.Listener() {}).build();
  }

  @Test
  void everyRowIsASampleOrARejectAndNoFormulaIsInTwoSplits() throws IOException {
    Manifest m = cleanResult.manifest();
    assertThat(m.counts().inputRecords()).isEqualTo(300);
    assertThat(m.counts().samples() + m.counts().rejected()).isEqualTo(300);
    assertThat(m.counts().rejected()).isZero();
    assertThat(m.shards()).hasSize(5);
    Dataset ds = Dataset.open(clean);
    assertThat(ds.size()).isEqualTo(300);
    Map<String, Split> formulaSplit = new HashMap<>();
    for (int i = 0; i < ds.size(); i++) {
      Split previous = formulaSplit.putIfAbsent(ds.reducedFormula(i), ds.split(i));
      assertThat(previous == null || previous == ds.split(i)).as("formula %s", ds.reducedFormula(i)).isTrue();
    }
    assertThat(m.counts().sharedFormulas()).isZero();
    assertThat(formulaSplit.size()).isLessThan(300);
    List<String> splits = Files.readAllLines(clean.resolve(DatasetLayout.SPLITS));
    assertThat(splits.get(0)).isEqualTo("id,split");
    assertThat(splits).hasSize(301);
    assertThat(splits.get(1)).isEqualTo(ds.id(0) + "," + ds.split(0).label());
    assertThat(ds.size(Split.TRAIN) / 300.0).isBetween(0.7, 0.9);
    assertThat(Files.list(clean).map(p -> p.getFileName().toString()).toList())
        .containsExactlyInAnyOrder("manifest.json", "splits.csv", "rejects.jsonl", "shards");
  }

  @Test
  void trainOnlyInputsGoToTheTrainSplitAndLeaveTheOtherSplitsAsTheyWere() throws IOException {
    Path random = tmp.resolve("random");
    RandomCrystals.write(random, 40, 40, 1, 1, new java.util.concurrent.atomic.AtomicLong());
    Path out = tmp.resolve("with-random");
    BuildOptions plain = TestInputs.options(List.of(input), "crystal_system", tmp.resolve("plain"), 2, SHARD_SIZE);
    BuildOptions withRandom = new BuildOptions(plain.inputs(), plain.targets(), out, null, plain.splitBy(),
        plain.splitFractions(), plain.seed(), null, 2, false, SHARD_SIZE, null, null, List.of(random));
    new DatasetBuilder(plain, new DatasetBuilder.Listener() {}).build();
    Manifest m = new DatasetBuilder(withRandom, new DatasetBuilder.Listener() {}).build().manifest();
    assertThat(m.build().trainOnlyInputs()).hasSize(1);
    assertThat(m.counts().samples()).isEqualTo(340);
    Dataset base = Dataset.open(tmp.resolve("plain"));
    Dataset ds = Dataset.open(out);
    for (int i = 0; i < base.size(); i++) {
      assertThat(ds.id(i)).isEqualTo(base.id(i));
      assertThat(ds.split(i)).as("sample %s", ds.id(i)).isEqualTo(base.split(i));
    }
    for (int i = base.size(); i < ds.size(); i++) {
      assertThat(ds.id(i)).startsWith("random");
      assertThat(ds.split(i)).isEqualTo(Split.TRAIN);
    }
    assertThat(ds.size(Split.VAL)).isEqualTo(base.size(Split.VAL));
    assertThat(ds.size(Split.TEST)).isEqualTo(base.size(Split.TEST));
    // The same build without the train-only input is a different dataset: the folder is not reused for it.
    BuildOptions samePlace = new BuildOptions(plain.inputs(), plain.targets(), out, null, plain.splitBy(),
        plain.splitFractions(), plain.seed(), null, 2, false, SHARD_SIZE, null, null, List.of());
    assertThatThrownBy(() -> new DatasetBuilder(samePlace, new DatasetBuilder.Listener() {}).build())
        .isInstanceOf(org.xxact.crystal.InputException.class).hasMessageContaining("holds a different dataset");
  }

  @Test
  void samplesHoldTheInputValues() throws IOException {
    Dataset ds = Dataset.open(clean);
    Sample first = ds.sample(0);
    // First row of the sample: 81,mp-1004524,HPbI3, Ef 0.23428657927600013, gap 0.0, space group 221 (cubic).
    assertThat(first.id()).isEqualTo("mp-1004524");
    assertThat(first.reducedFormula()).isEqualTo("HPbI3");
    assertThat(first.targets()).containsExactly(0.23428657927600013f, 0f, 6f, 1f);
    assertThat(first.numPeaks()).isPositive();
    assertThat(first.dSpacingAngstrom()[0]).isGreaterThan(first.dSpacingAngstrom()[first.numPeaks() - 1]);
    assertThat(first.dSpacingAngstrom()[first.numPeaks() - 1])
        .isGreaterThanOrEqualTo((float) PeakSettings.DEFAULT.minDSpacingAngstrom() * 0.99999f);
    float max = 0;
    for (float v : first.intensities()) {
      max = Math.max(max, v);
    }
    assertThat(max).isEqualTo(100f);
    Manifest.TargetInfo ef = ds.manifest().targets().get(0);
    assertThat(ef.unit()).isEqualTo("eV/atom");
    double sum = 0;
    int n = 0;
    for (int i : ds.indices(Split.TRAIN)) {
      sum += ds.sample(i).targets()[0];
      n++;
    }
    assertThat(ef.mean()).isCloseTo(sum / n, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void anInterruptedBuildResumesToTheSameBytesWithOneThread() throws IOException {
    Path out = tmp.resolve("resumed");
    BuildOptions options = TestInputs.options(List.of(input), TARGETS, out, 1, SHARD_SIZE);
    DatasetBuilder.Listener crashAfterTwoShards =
        new DatasetBuilder.Listener() {
          int written;

          @Override
          public synchronized void shardWritten(int shard, int samples, int rejects) {
            if (++written == 2) {
              throw new IllegalStateException("simulated crash");
            }
          }
        };
    assertThatThrownBy(() -> new DatasetBuilder(options, crashAfterTwoShards).build())
        .hasMessage("simulated crash");
    assertThat(out.resolve(DatasetLayout.MANIFEST)).doesNotExist();
    assertThat(out.resolve(DatasetLayout.BUILD_PARAMS)).exists();
    // What a kill during a write leaves behind: a temporary file, and a reject list whose shard never appeared.
    Files.writeString(out.resolve("shards/shard-00003.bin" + AtomicFiles.TEMP_SUFFIX), "half a shard");
    Files.writeString(DatasetLayout.shardRejects(out, 4), "{\"stale\":true}\n");

    int[] started = {-1};
    DatasetBuilder.Result resumed =
        new DatasetBuilder(options, new DatasetBuilder.Listener() {
          @Override
          public void started(int shardsAlreadyDone) {
            started[0] = shardsAlreadyDone;
          }
        }).build();
    assertThat(started[0]).isEqualTo(2);
    assertThat(resumed.shardsReused()).isEqualTo(2);
    assertSameDataset(out, clean);
  }

  @Test
  void aFinishedDatasetIsNotRebuiltAndADifferentOneIsRefusedUnlessOverwrite() throws IOException {
    Path out = tmp.resolve("ds");
    BuildOptions a = TestInputs.options(List.of(input), "band_gap", out, 2, 128);
    new DatasetBuilder(a, new DatasetBuilder.Listener() {}).build();
    assertThat(new DatasetBuilder(a, new DatasetBuilder.Listener() {}).build().alreadyBuilt()).isTrue();

    BuildOptions b = TestInputs.options(List.of(input), "formation_energy_per_atom", out, 2, 128);
    assertThatThrownBy(() -> new DatasetBuilder(b, new DatasetBuilder.Listener() {}).build())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("holds a different dataset")
        .hasMessageContaining("--overwrite");
    BuildOptions bOverwrite = new BuildOptions(b.inputs(), b.targets(), out, null, b.splitBy(), b.splitFractions(),
        b.seed(), null, 2, true, 128, null, null, List.of());
    Manifest m = new DatasetBuilder(bOverwrite, new DatasetBuilder.Listener() {}).build().manifest();
    assertThat(m.build().targets()).containsExactly("formation_energy_per_atom");
    assertThat(Dataset.open(out).targetNames()).containsExactly("formation_energy_per_atom");
  }

  @Test
  void aDirectoryWithOtherFilesIsNeverUsed() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(out.resolve("thesis.tex"), "precious");
    BuildOptions o = new BuildOptions(List.of(input), List.of("band_gap"), out, null, BuildOptions.SPLIT_BY_FORMULA,
        BuildOptions.DEFAULT_SPLIT, 1, null, 1, true, 128, null, null, List.of());
    assertThatThrownBy(() -> new DatasetBuilder(o, new DatasetBuilder.Listener() {}).build())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("is not empty and is not an xxact dataset (it holds thesis.tex)");
    assertThat(out.resolve("thesis.tex")).hasContent("precious");
  }

  @Test
  void aMissingTargetColumnStopsWithOneLineNamingTheFileAndLine() {
    BuildOptions o = TestInputs.options(List.of(input), "band_gap,e_form", tmp.resolve("x"), 1, 64);
    assertThatThrownBy(() -> new DatasetBuilder(o, new DatasetBuilder.Listener() {}).build())
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(input + ":2: target 'e_form' needs a column or data field 'e_form'")
        .hasMessageContaining("(it has: id, material_id, reduced_formula, elements")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aTextColumnAsTargetStopsWithOneLine() {
    BuildOptions o = TestInputs.options(List.of(input), "crystal_system_spglib", tmp.resolve("x"), 1, 64);
    assertThatThrownBy(() -> new DatasetBuilder(o, new DatasetBuilder.Listener() {}).build())
        .isInstanceOf(InputException.class)
        .hasMessage(input + ":2: target 'crystal_system_spglib': crystal_system_spglib = 'cubic' is not a number"
            + " (targets must be numeric; class targets are crystal_system, spacegroup_number, is_metal)");
  }

  @Test
  void brokenRecordsAreRejectedWithReasonsAndEveryGoodOneIsKept() throws IOException {
    List<String> rec = TestInputs.records();
    StringBuilder csv = new StringBuilder(rec.get(0));
    for (int i = 1; i <= 40; i++) {
      String r = rec.get(i);
      if (i == 5) {
        r = r.substring(0, r.indexOf(",\"# generated")) + ",\"this is not a CIF\"\n";
      } else if (i == 10) {
        r = r.replaceFirst("^(\\d+,mp-\\d+,[^,]+,[^,]+,\\d+,[^,]+),[^,]+,", "$1,abc,");
      } else if (i == 15) {
        r = r.replaceFirst("(?m)^  ([A-Z][a-z]?)  (\\1\\d+)  1 ", "  Qq  $2  1 ");
      } else if (i == 20) {
        r = r.replaceFirst("^(\\d+,mp-\\d+,[^,]+,[^,]+,\\d+),[^,]+,", "$1,None,");
      }
      csv.append(r);
    }
    Path mixed = tmp.resolve("mixed.csv");
    Files.writeString(mixed, csv.toString());
    Path out = tmp.resolve("mixed");
    Manifest m = new DatasetBuilder(TestInputs.options(List.of(mixed), "formation_energy_per_atom,band_gap", out, 2,
        16), new DatasetBuilder.Listener() {}).build().manifest();
    assertThat(m.counts().inputRecords()).isEqualTo(40);
    assertThat(m.counts().samples()).isEqualTo(37);
    assertThat(m.counts().rejected()).isEqualTo(3);
    List<JsonNode> rejects = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(DatasetLayout.REJECTS))) {
      rejects.add(ManifestIo.JSON.readTree(line));
    }
    assertThat(rejects).hasSize(3);
    for (JsonNode r : rejects) {
      assertThat(r.get("source").asText()).isEqualTo(mixed.toString());
      assertThat(r.get("line").asLong()).isPositive();
      assertThat(r.get("reason").asText()).isNotBlank();
    }
    assertThat(rejects.get(1).get("reason").asText()).isEqualTo("target 'band_gap': band_gap = 'abc' is not a number");
    Dataset ds = Dataset.open(out);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < ds.size(); i++) {
      ids.add(ds.id(i));
    }
    for (JsonNode r : rejects) {
      assertThat(ids).doesNotContain(r.get("id").asText());
    }
    int missing = 0;
    for (int i = 0; i < ds.size(); i++) {
      if (Float.isNaN(ds.sample(i).targets()[0])) {
        missing++;
      }
    }
    assertThat(missing).as("'None' is a missing value, not a reason to drop the structure").isEqualTo(1);
    assertThat(m.targets().get(0).known().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(36);
  }

  /** Shards, splits and rejects byte for byte; the manifest equal but for its creation time. */
  static void assertSameDataset(Path a, Path b) throws IOException {
    for (String f : List.of(DatasetLayout.SPLITS, DatasetLayout.REJECTS)) {
      assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
    }
    List<String> shardsA = list(a.resolve(DatasetLayout.SHARDS));
    assertThat(shardsA).isEqualTo(list(b.resolve(DatasetLayout.SHARDS)));
    for (String s : shardsA) {
      assertThat(Files.readAllBytes(a.resolve(DatasetLayout.SHARDS).resolve(s))).as(s)
          .isEqualTo(Files.readAllBytes(b.resolve(DatasetLayout.SHARDS).resolve(s)));
    }
    JsonNode ma = ManifestIo.JSON.readTree(a.resolve(DatasetLayout.MANIFEST).toFile());
    JsonNode mb = ManifestIo.JSON.readTree(b.resolve(DatasetLayout.MANIFEST).toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) ma).remove(List.of("createdAt", "build"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) mb).remove(List.of("createdAt", "build"));
    assertThat(ma).isEqualTo(mb);
  }

  /**
   * A composition table (Matbench's layout) built with the clean dataset held out: rows whose reduced formula is in
   * its validation or test split are rejected with that reason, the others become samples without peaks whose targets
   * come from the renamed columns.
   */
  @Test
  void compositionTableWithAHeldOutDatasetKeepsOnlyFormulasOutsideItsValidationAndTestSplits() throws IOException {
    Dataset held = Dataset.open(clean);
    StringBuilder csv = new StringBuilder("mbid,e_form,composition,spg_num\n");
    Map<String, Split> splitOf = new HashMap<>();
    int rows = 0;
    for (int i = 0; i < held.size(); i++) {
      if (splitOf.putIfAbsent(held.reducedFormula(i), held.split(i)) == null) {
        csv.append("mb-").append(rows).append(',').append(-0.01 * rows).append(',')
            .append(held.reducedFormula(i)).append(",225\n");
        rows++;
      }
    }
    csv.append("mb-new,0.25,Pm2 Tc1,1\n").append("mb-bad,0.1,Og2 Ts1,1\n");
    Path table = Files.writeString(tmp.resolve("table.csv"), csv.toString());
    Path out = tmp.resolve("compositions");
    BuildOptions o =
        new BuildOptions(List.of(table), List.of("formation_energy_per_atom=e_form", "crystal_system=spg_num"), out,
            "mbid", BuildOptions.SPLIT_BY_FORMULA, BuildOptions.DEFAULT_SPLIT, 0, null, 2, false, SHARD_SIZE,
            "composition", clean, List.of());
    DatasetBuilder.Result r = new DatasetBuilder(o, new DatasetBuilder.Listener() {}).build();

    long heldOut = splitOf.values().stream().filter(sp -> sp != Split.TRAIN).count();
    assertThat(heldOut).isPositive();
    assertThat(r.manifest().counts().rejected()).isEqualTo(heldOut + 1);
    assertThat(r.manifest().counts().samples()).isEqualTo(rows + 1 - heldOut);
    assertThat(r.manifest().build().hasPatterns()).isFalse();
    assertThat(r.manifest().build().holdOut()).isNotNull();
    List<String> rejects = Files.readAllLines(out.resolve(DatasetLayout.REJECTS));
    assertThat(rejects).filteredOn(line -> line.contains("split of the held-out dataset " + clean))
        .hasSize((int) heldOut);
    assertThat(rejects).filteredOn(line -> line.contains("\"mb-bad\"")).singleElement().asString()
        .contains("formula 'Og2 Ts1': unknown element 'Og'");
    Dataset ds = Dataset.open(out);
    assertThat(ds.targetNames()).containsExactly("formation_energy_per_atom", "crystal_system");
    for (int i = 0; i < ds.size(); i++) {
      Sample sample = ds.sample(i);
      assertThat(sample.numPeaks()).isZero();
      assertThat(splitOf.getOrDefault(sample.reducedFormula(), Split.TRAIN)).isEqualTo(Split.TRAIN);
      String id = sample.id();
      float expected = id.equals("mb-new") ? 0.25f : (float) (-0.01 * Integer.parseInt(id.substring(3)));
      assertThat(sample.targets()[0]).as(id).isEqualTo(expected);
      assertThat(sample.targets()[1]).isEqualTo(id.equals("mb-new") ? 0f : 6f);
    }
    assertThat(new DatasetBuilder(o, new DatasetBuilder.Listener() {}).build().alreadyBuilt()).isTrue();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
