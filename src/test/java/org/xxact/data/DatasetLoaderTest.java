package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.Radiation;

class DatasetLoaderTest {
  @TempDir static Path tmp;
  private static Dataset ds;
  private static final List<DatasetLoader> open = new ArrayList<>();

  @BeforeAll
  static void build() throws IOException {
    Path out = tmp.resolve("ds");
    new DatasetBuilder(
            TestInputs.options(List.of(TestInputs.sample(tmp)), "formation_energy_per_atom,band_gap,crystal_system",
                out, 2, 100),
            new DatasetBuilder.Listener() {})
        .build();
    ds = Dataset.open(out);
  }

  @AfterAll
  static void close() {
    open.forEach(DatasetLoader::close);
  }

  private static DatasetLoader loader(LoaderOptions o) {
    DatasetLoader l = new DatasetLoader(ds, o);
    open.add(l);
    return l;
  }

  @Test
  void splitsPartitionTheDataset() {
    Set<Integer> all = new HashSet<>();
    int total = 0;
    for (Split s : Split.values()) {
      for (int i : ds.indices(s)) {
        all.add(i);
        assertThat(ds.split(i)).isEqualTo(s);
      }
      total += ds.size(s);
    }
    assertThat(total).isEqualTo(ds.size());
    assertThat(all).hasSize(ds.size());
  }

  @Test
  void batchesHaveTheModelLayoutAndNormalisedTargets() {
    DatasetLoader l = loader(LoaderOptions.defaults(Split.TRAIN).withBatchSize(32).withShuffle(false, false));
    int g = PatternGrid.MODEL.points();
    double sum = 0;
    int count = 0;
    int batches = 0;
    for (Iterator<Batch> it = l.epoch(0); it.hasNext(); batches++) {
      Batch b = it.next();
      assertThat(b.gridPoints()).isEqualTo(g);
      assertThat(b.numTargets()).isEqualTo(3);
      assertThat(b.maxElements()).isEqualTo(ds.manifest().maxElements());
      for (int s = 0; s < b.size(); s++) {
        double fractions = 0;
        for (int e = 0; e < b.maxElements(); e++) {
          int k = s * b.maxElements() + e;
          assertThat(b.elementMask()[k] == 1f).isEqualTo(b.elementIds()[k] > 0);
          fractions += b.elementFractions()[k];
        }
        assertThat(fractions).isCloseTo(1.0, within(1e-5));
        float max = 0;
        for (int p = 0; p < g; p++) {
          float v = b.xrd()[s * g + p];
          assertThat(v).isBetween(0f, 1f);
          max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
        sum += b.targets()[s * 3];
        count++;
        float cls = b.targets()[s * 3 + 2];
        assertThat(cls).isBetween(0f, 6f).isEqualTo((float) Math.rint(cls));
        assertThat(b.formulaKeys()[s]).isEqualTo(Dataset.formulaKey(ds.reducedFormula(b.indices()[s])));
      }
    }
    assertThat(batches).isEqualTo(l.batchesPerEpoch()).isEqualTo((ds.size(Split.TRAIN) + 31) / 32);
    assertThat(count).isEqualTo(ds.size(Split.TRAIN));
    assertThat(sum / count).as("train targets normalised with train statistics have mean 0").isCloseTo(0, within(1e-4));
  }

  @Test
  void theStrongestPeakLandsWhereBraggsLawPutsIt() {
    DatasetLoader l = loader(LoaderOptions.defaults(Split.TRAIN));
    PatternGrid grid = PatternGrid.MODEL;
    int checked = 0;
    for (int index : Arrays.copyOf(ds.indices(Split.TRAIN), 20)) {
      Sample s = ds.sample(index);
      int strongest = -1;
      for (int k = 0; k < s.numPeaks(); k++) {
        double tt = BraggGeometry.twoThetaDeg(s.dSpacingAngstrom()[k], Radiation.CU_KA.wavelengthAngstrom());
        if (tt > grid.twoThetaMinDeg() + 1 && tt < grid.twoThetaMaxDeg() - 1
            && (strongest < 0 || s.intensities()[k] > s.intensities()[strongest])) {
          strongest = k;
        }
      }
      if (strongest < 0 || s.intensities()[strongest] < 100f) {
        continue;
      }
      Batch b = l.batch(new int[] {index}, 0);
      int argmax = 0;
      for (int p = 1; p < grid.points(); p++) {
        if (b.xrd()[p] > b.xrd()[argmax]) {
          argmax = p;
        }
      }
      double expected = BraggGeometry.twoThetaDeg(s.dSpacingAngstrom()[strongest], Radiation.CU_KA.wavelengthAngstrom());
      assertThat(grid.twoThetaDeg(argmax)).as("sample %s", s.id()).isCloseTo(expected, within(2 * grid.stepDeg()));
      checked++;
    }
    assertThat(checked).isGreaterThan(5);
  }

  @Test
  void zeroShiftStrainAndKAlpha2MoveAndSplitPeaksAsDrawn() {
    int index = isolatedStrongPeakSample();
    Sample s = ds.sample(index);
    double d = strongestInGrid(s);
    double lambda = Radiation.CU_KA.wavelengthAngstrom();
    Augmentation shift =
        new Augmentation(null, null, new Augmentation.Range(0.5, 0.5), null, null, null, null, null, null, null);
    assertThat(argmaxDeg(index, shift)).isCloseTo(BraggGeometry.twoThetaDeg(d, lambda) + 0.5, within(0.03));
    Augmentation strain = new Augmentation(null, null, null, new Augmentation.Range(0.02, 0.02), null, null, null,
        null, null, null);
    assertThat(argmaxDeg(index, strain)).isCloseTo(BraggGeometry.twoThetaDeg(d * 1.02, lambda), within(0.03));
    Augmentation ka2 =
        new Augmentation(null, null, null, null, null, new Augmentation.Range(0.5, 0.5), null, null, null, null);
    assertThat(argmaxDeg(index, ka2)).isCloseTo(BraggGeometry.twoThetaDeg(d, Radiation.CU_KA.kAlpha1Angstrom()),
        within(0.03));
  }

  @Test
  void microstrainWidensAPeakByFourEpsilonTanTheta() {
    int index = isolatedStrongPeakSample();
    double tt = BraggGeometry.twoThetaDeg(strongestInGrid(ds.sample(index)), Radiation.CU_KA.wavelengthAngstrom());
    Augmentation.Range instrument = new Augmentation.Range(0.1, 0.1);
    Augmentation sharp = new Augmentation(instrument, null, null, null, null, null, null, null, null, null);
    Augmentation strained =
        new Augmentation(
            instrument, null, null, null, null, null, null, null, new Augmentation.Range(0.004, 0.004), null);
    double strainDeg = Math.toDegrees(4 * 0.004 * Math.tan(Math.toRadians(tt / 2)));
    // Half-maximum crossings on the 0.0415-degree grid are found to about a tenth of a point on each side.
    assertThat(fwhmOnGridDeg(index, sharp)).isCloseTo(0.1, within(0.01));
    assertThat(fwhmOnGridDeg(index, strained)).isCloseTo(Math.hypot(0.1, strainDeg), within(0.01));
    assertThat(SampleRenderer.fwhmDeg(0.1, 0.004, 90)).isCloseTo(Math.hypot(0.1, Math.toDegrees(0.016)), within(1e-12));
  }

  @Test
  void aSecondPhaseAddsTheLinesOfAnotherSampleOfTheSameSplit() {
    int index = isolatedStrongPeakSample();
    Augmentation none = new Augmentation(null, null, null, null, null, null, null, null, null, null);
    Augmentation impurity =
        new Augmentation(null, null, null, null, null, null, null, null, null, new Augmentation.Range(0.3, 0.3));
    float[] plain = render(index, none);
    float[] mixed = render(index, impurity);
    // The sample's own pattern is still there, scaled to a maximum of 1, and lines appear where it had none.
    assertThat(mixed[argmax(plain)]).isGreaterThan(0.7f);
    int newLines = 0;
    for (int p = 0; p < plain.length; p++) {
      if (plain[p] < 1e-3 && mixed[p] > 0.02) {
        newLines++;
      }
    }
    assertThat(newLines).isPositive();

    // The second phase never comes from another split, nor is it the sample itself.
    for (int i = 0; i < ds.size(); i++) {
      Shard shard = ds.shardOf(i);
      int local = ds.localIndex(i);
      for (long seed = 0; seed < 20; seed++) {
        int other = SampleRenderer.secondPhaseRecord(shard, local, new SplittableRandom(seed));
        if (other >= 0) {
          assertThat(other).isNotEqualTo(local);
          assertThat(shard.split(other)).isEqualTo(shard.split(local));
        }
      }
    }
  }

  /** Full width at half maximum of the strongest peak of the rendered pattern, by linear interpolation. */
  private static double fwhmOnGridDeg(int index, Augmentation a) {
    float[] y = render(index, a);
    int top = argmax(y);
    double half = y[top] / 2.0;
    int left = top;
    while (y[left - 1] > half) {
      left--;
    }
    int right = top;
    while (y[right + 1] > half) {
      right++;
    }
    double leftCrossing = left - (y[left] - half) / (y[left] - y[left - 1]);
    double rightCrossing = right + (y[right] - half) / (y[right] - y[right + 1]);
    return (rightCrossing - leftCrossing) * PatternGrid.MODEL.stepDeg();
  }

  /** A training sample whose strongest peak in the grid has no other peak above 5% within 1 degree. */
  private static int isolatedStrongPeakSample() {
    double lambda = Radiation.CU_KA.wavelengthAngstrom();
    for (int index : ds.indices(Split.TRAIN)) {
      Sample s = ds.sample(index);
      double d = strongestInGrid(s);
      if (Double.isNaN(d)) {
        continue;
      }
      double tt = BraggGeometry.twoThetaDeg(d, lambda);
      boolean isolated = tt > 20 && tt < 70;
      for (int k = 0; k < s.numPeaks() && isolated; k++) {
        double other = BraggGeometry.twoThetaDeg(s.dSpacingAngstrom()[k], lambda);
        if (s.dSpacingAngstrom()[k] != d && Math.abs(other - tt) < 1 && s.intensities()[k] > 5) {
          isolated = false;
        }
      }
      if (isolated) {
        return index;
      }
    }
    throw new AssertionError("no sample with an isolated strongest peak");
  }

  private static double strongestInGrid(Sample s) {
    double best = Double.NaN;
    float h = 0;
    for (int k = 0; k < s.numPeaks(); k++) {
      double tt = BraggGeometry.twoThetaDeg(s.dSpacingAngstrom()[k], Radiation.CU_KA.wavelengthAngstrom());
      if (tt > 6 && tt < 89 && s.intensities()[k] > h) {
        h = s.intensities()[k];
        best = s.dSpacingAngstrom()[k];
      }
    }
    return best;
  }

  private static double argmaxDeg(int index, Augmentation a) {
    return PatternGrid.MODEL.twoThetaDeg(argmax(render(index, a)));
  }

  private static float[] render(int index, Augmentation a) {
    DatasetLoader l = loader(LoaderOptions.defaults(Split.TRAIN)
        .withRender(RenderSettings.DEFAULT.withAugmentation(a)));
    return l.batch(new int[] {index}, 0).xrd();
  }

  private static int argmax(float[] y) {
    int best = 0;
    for (int p = 1; p < y.length; p++) {
      if (y[p] > y[best]) {
        best = p;
      }
    }
    return best;
  }

  @Test
  void batchesAreTheSameWhateverTheThreadsAndDifferFromEpochToEpoch() {
    LoaderOptions o = LoaderOptions.defaults(Split.TRAIN).withBatchSize(16).withSeed(7)
        .withRender(RenderSettings.DEFAULT.withAugmentation(Augmentation.DEFAULTS));
    List<Batch> one = collect(loader(o.withThreads(1, 1)).epoch(3));
    List<Batch> two = collect(loader(o.withThreads(2, 4)).epoch(3));
    assertThat(one).hasSameSizeAs(two);
    for (int i = 0; i < one.size(); i++) {
      assertThat(two.get(i).indices()).isEqualTo(one.get(i).indices());
      assertThat(two.get(i).xrd()).isEqualTo(one.get(i).xrd());
      assertThat(two.get(i).targets()).isEqualTo(one.get(i).targets());
    }
    List<Batch> resumed = collect(loader(o).epoch(3, 2));
    assertThat(resumed).hasSize(one.size() - 2);
    assertThat(resumed.get(0).indices()).isEqualTo(one.get(2).indices());
    assertThat(resumed.get(0).xrd()).isEqualTo(one.get(2).xrd());
    List<Batch> next = collect(loader(o).epoch(4));
    assertThat(next.get(0).indices()).isNotEqualTo(one.get(0).indices());
    DatasetLoader l = loader(o);
    int index = one.get(0).indices()[0];
    float[] a = l.batch(new int[] {index}, 3).xrd();
    assertThat(a).isEqualTo(Arrays.copyOf(one.get(0).xrd(), a.length));
    assertThat(l.batch(new int[] {index}, 4).xrd()).as("a new epoch draws a new augmentation").isNotEqualTo(a);
    for (float v : a) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  private static List<Batch> collect(Iterator<Batch> it) {
    List<Batch> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void subsetsAreNestedAndShareTheValidationSplit() {
    DatasetLoader small = loader(LoaderOptions.defaults(Split.TRAIN).withSubset(50, 11));
    DatasetLoader large = loader(LoaderOptions.defaults(Split.TRAIN).withSubset(150, 11));
    assertThat(small.size()).isEqualTo(50);
    Set<Integer> big = new HashSet<>();
    for (int i : large.indices()) {
      big.add(i);
      assertThat(ds.split(i)).isEqualTo(Split.TRAIN);
    }
    for (int i : small.indices()) {
      assertThat(big).contains(i);
    }
    assertThat(loader(LoaderOptions.defaults(Split.TRAIN).withSubset(50, 12)).indices())
        .isNotEqualTo(small.indices());
    assertThatThrownBy(() -> new DatasetLoader(ds, LoaderOptions.defaults(Split.TRAIN).withSubset(100_000, 1)))
        .hasMessageContaining("has only");
  }

  @Test
  void unknownTargetsAreRefusedAndTargetsCanBeChosen() {
    assertThatThrownBy(() -> new DatasetLoader(ds, LoaderOptions.defaults(Split.VAL).withTargets(List.of("e_form"))))
        .hasMessageContaining("has no target 'e_form'");
    DatasetLoader l = loader(LoaderOptions.defaults(Split.VAL).withTargets(List.of("crystal_system")));
    assertThat(l.targetSpecs()).extracting(TargetSpec::name).containsExactly("crystal_system");
    Batch b = l.batch(new int[] {ds.indices(Split.VAL)[0]}, 0);
    assertThat(b.numTargets()).isEqualTo(1);
    assertThat(b.targets()[0]).isEqualTo(ds.sample(ds.indices(Split.VAL)[0]).targets()[2]);
  }
}
