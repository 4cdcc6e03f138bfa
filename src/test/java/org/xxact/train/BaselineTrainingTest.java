package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.model.Modality;
import org.xxact.model.TargetPrediction;
import org.xxact.model.XxactModel;

/**
 * A model that corrects a trained baseline (delta learning, {@link org.xxact.model.Baseline}): it starts exactly at the
 * baseline's predictions, stores the baseline in its run directory, learns a correction without changing the baseline,
 * resumes after a kill to the parameters of an uninterrupted run, and refuses a baseline it cannot use.
 */
class BaselineTrainingTest {
  private static final TrainingData DATA = SyntheticMaterials.data(320, 96, TinyConfigs.GRID_POINTS, 7);

  /** (b - m) / s and back in float32: values of order 1 survive to about 1e-6 relative. */
  private static final double ROUND_TRIP = 1e-5;

  /** Each of {@code actual} equals the baseline's value in {@code expected} to the float round trip. */
  private static void assertAtBaseline(double[] expected, double[] actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(ROUND_TRIP * Math.max(1, Math.abs(expected[i]))));
    }
  }

  private static Path trainBaseline(Path dir) throws Exception {
    new Trainer().fit(dir, TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=10"), DATA);
    return dir;
  }

  @Test
  void aCorrectingModelStartsExactlyAtItsBaseline(@TempDir Path tmp) throws Exception {
    Path baselineRun = trainBaseline(tmp.resolve("baseline"));
    Batch probe = DATA.validationBatches(16).next();
    RunConfig fused = TinyConfigs.tiny(Modality.FUSED);
    try (XxactModel baseline = RunLoader.load(baselineRun);
        XxactModel corrected =
            XxactModel.create(fused.model(), DATA.targets(), 3, Map.of(), RunLoader.load(baselineRun));
        XxactModel plain = XxactModel.create(fused.model(), DATA.targets(), 3)) {
      assertAtBaseline(baseline.predict(probe).get(0).mean(), corrected.predict(probe).get(0).mean());
      // The class target is not corrected: its head is the same as without a baseline.
      assertThat(corrected.predict(probe).get(1).probabilities())
          .containsExactly(plain.predict(probe).get(1).probabilities());
    }
  }

  @Test
  void trainingLearnsACorrectionStoresTheBaselineAndResumesIdentically(@TempDir Path tmp) throws Exception {
    Path baselineRun = trainBaseline(tmp.resolve("baseline"));
    RunConfig config = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=20", "train.evalEverySteps=5");
    Path full = tmp.resolve("full");
    new Trainer().fit(full, config, DATA, Map.of(), null, baselineRun);

    Path stored = full.resolve(RunDirectory.BASELINE);
    assertThat(RunDirectory.open(stored).config()).isEqualTo(RunDirectory.open(baselineRun).config());
    Map<String, float[]> source = RunLoader.bestOrLast(RunDirectory.open(baselineRun)).parameters();
    Map<String, float[]> copy = RunLoader.bestOrLast(RunDirectory.open(stored)).parameters();
    for (Map.Entry<String, float[]> e : source.entrySet()) {
      assertThat(copy.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
    }

    Batch probe = DATA.validationBatches(16).next();
    try (XxactModel baseline = RunLoader.load(baselineRun);
        XxactModel trained = RunLoader.load(full)) {
      double[] before = baseline.predict(probe).get(0).mean();
      double[] after = trained.predict(probe).get(0).mean();
      assertThat(after).isNotEqualTo(before);
    }
    // The baseline's parameters are not the model's: the optimiser never sees them.
    try (XxactModel trained = RunLoader.load(full);
        XxactModel plain = XxactModel.create(config.model(), DATA.targets(), 1)) {
      assertThat(trained.parameterCount()).isEqualTo(plain.parameterCount());
    }

    Path killed = tmp.resolve("killed");
    assertThatThrownBy(
            () -> new Trainer(SimulatedKill.atStep(12)).fit(killed, config, DATA, Map.of(), null, baselineRun))
        .hasMessage("simulated kill");
    new Trainer().resume(killed, DATA);
    Map<String, float[]> expected = RunDirectory.open(full).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    Map<String, float[]> actual = RunDirectory.open(killed).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).containsExactly(expected.get(name));
    }
  }

  /**
   * Continuing a trained model with a baseline: every head comes from the source run except the corrected one, which
   * starts at zero, so the new model predicts the baseline's value for that target and the source's for the others.
   */
  @Test
  void transferredHeadsContinueWhileTheCorrectionHeadStartsAtZero(@TempDir Path tmp) throws Exception {
    Path baselineRun = trainBaseline(tmp.resolve("baseline"));
    Path source = tmp.resolve("source");
    new Trainer().fit(source, TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=6"), DATA);
    Map<String, float[]> init = RunLoader.transferable(List.of(InitSource.parse(source + ":composition,xrd,fusion,heads")));
    assertThat(init).containsKey("head.lattice.output.weight").containsKey("head.energy.output.weight");
    Path continued = tmp.resolve("continued");
    RunConfig frozen =
        TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=1", "train.frozenParts=[\"composition\",\"xrd\",\"fusion\",\"heads\"]");
    new Trainer().fit(continued, frozen, DATA, init, source.toString(), baselineRun);
    Batch probe = DATA.validationBatches(16).next();
    try (XxactModel baseline = RunLoader.load(baselineRun);
        XxactModel before = RunLoader.load(source);
        XxactModel after = RunLoader.load(continued)) {
      assertAtBaseline(baseline.predict(probe).get(0).mean(), after.predict(probe).get(0).mean());
      assertThat(after.predict(probe).get(1).probabilities())
          .containsExactly(before.predict(probe).get(1).probabilities());
    }
  }

  @Test
  void aBaselineWithoutSharedRegressionTargetOrWithInputsTheModelLacksIsRefused() {
    TargetSpec energy = DATA.targets().get(0);
    TargetSpec lattice = DATA.targets().get(1);
    assertThat(energy.kind()).isEqualTo(TargetKind.REGRESSION);
    RunConfig composition = TinyConfigs.tiny(Modality.COMPOSITION);
    RunConfig xrd = TinyConfigs.tiny(Modality.XRD);

    XxactModel classesOnly = XxactModel.create(composition.model(), List.of(lattice), 1);
    assertThatThrownBy(() -> XxactModel.create(composition.model(), DATA.targets(), 1, Map.of(), classesOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of the regression targets");

    TargetSpec otherUnit =
        new TargetSpec(energy.name(), energy.kind(), "eV", energy.mean(), energy.std(), List.of());
    XxactModel wrongUnit = XxactModel.create(composition.model(), List.of(otherUnit), 1);
    assertThatThrownBy(() -> XxactModel.create(composition.model(), DATA.targets(), 1, Map.of(), wrongUnit))
        .hasMessageContaining("none of the regression targets");

    XxactModel patternBaseline = XxactModel.create(xrd.model(), DATA.targets(), 1);
    assertThatThrownBy(() -> XxactModel.create(composition.model(), DATA.targets(), 1, Map.of(), patternBaseline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a baseline of modality xrd reads inputs that the data of a composition model");
  }

  @Test
  void predictionsOfTheCorrectedTargetKeepTheirUncertainty(@TempDir Path tmp) throws Exception {
    Path baselineRun = trainBaseline(tmp.resolve("baseline"));
    Path run = tmp.resolve("run");
    new Trainer().fit(run, TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=4"), DATA, Map.of(), null, baselineRun);
    try (XxactModel model = RunLoader.load(run)) {
      TargetPrediction energy = model.predict(DATA.validationBatches(8).next()).get(0);
      assertThat(energy.std()).isNotNull();
      assertThat(java.util.Arrays.stream(energy.std()).boxed().toList())
          .allSatisfy(s -> assertThat(s).isPositive().isFinite());
    }
  }
}
