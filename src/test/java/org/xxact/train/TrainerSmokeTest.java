package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.data.Batch;
import org.xxact.model.Modality;
import org.xxact.model.TargetPrediction;
import org.xxact.model.XxactModel;

/**
 * End-to-end on the synthetic task: a seeded fused training of a tiny model for a few dozen steps learns (validation
 * loss falls), writes a complete run directory, reloads to identical predictions, and a run killed after a checkpoint
 * resumes to exactly the parameters and metrics of an uninterrupted run.
 */
class TrainerSmokeTest {
  private static final TrainingData DATA = SyntheticMaterials.data(320, 96, TinyConfigs.GRID_POINTS, 7);

  /** Steps of the smoke run: 3 epochs of 10 batches. */
  private static final String EPOCHS = "train.maxEpochs=3";
  private static final String EVAL_EVERY = "train.evalEverySteps=5";

  @Test
  void fusedTrainingLearnsReloadsAndResumesIdentically(@TempDir Path tmp) throws Exception {
    RunConfig config = TinyConfigs.tiny(Modality.FUSED, EPOCHS, EVAL_EVERY);

    Path full = tmp.resolve("full");
    Trainer.Result result = new Trainer().fit(full, config, DATA);
    assertThat(result.state().finished()).isTrue();
    assertThat(result.state().stopReason()).isEqualTo("max_epochs");
    assertThat(result.state().step()).isEqualTo(30);

    RunDirectory run = RunDirectory.open(full);
    List<EvaluationRecord> metrics = run.readMetrics();
    assertThat(metrics).hasSize(6);
    assertThat(metrics.get(metrics.size() - 1).validation().loss())
        .isLessThan(metrics.get(0).validation().loss());
    assertThat(metrics.get(0).validation().mae()).containsKey("energy");
    assertThat(metrics.get(0).validation().accuracy()).containsKey("lattice");
    for (String f : List.of(RunDirectory.CONFIG, RunDirectory.RUN_INFO, RunDirectory.TARGETS)) {
      assertThat(full.resolve(f)).isRegularFile();
    }
    assertThat(run.info().seed()).isEqualTo(config.train().seed());
    assertThat(run.info().datasetManifestChecksum()).isEqualTo(DATA.manifestChecksum());
    assertThat(run.config()).isEqualTo(config);
    assertThat(run.targets()).isEqualTo(DATA.targets());
    assertThat(RunDirectory.checkpointPath(full, Checkpoint.Kind.BEST)).isRegularFile();
    try (var files = Files.list(full.resolve(RunDirectory.CHECKPOINTS))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("best.ckpt", "last.ckpt");
    }

    // Reload the last checkpoint: the same predictions as the parameters it was written from.
    Checkpoint last = run.readCheckpoint(Checkpoint.Kind.LAST).orElseThrow();
    Batch probe = DATA.validationBatches(16).next();
    try (XxactModel a = XxactModel.create(config.model(), DATA.targets(), 1, last.parameters());
        XxactModel b = XxactModel.create(config.model(), DATA.targets(), 2, last.parameters())) {
      assertSamePredictions(a.predict(probe), b.predict(probe));
    }
    try (XxactModel loaded = RunLoader.load(full)) {
      assertThat(java.util.Arrays.stream(loaded.predict(probe).get(0).std()).boxed().toList())
          .allSatisfy(s -> assertThat(s).isPositive().isFinite());
    }

    // Kill a second run after its step-15 checkpoint (listener throws at step 17), then resume it.
    Path killed = tmp.resolve("killed");
    assertThatThrownBy(() -> new Trainer(SimulatedKill.atStep(17)).fit(killed, config, DATA))
        .hasMessage("simulated kill");
    assertThat(RunDirectory.open(killed).readMetrics()).hasSize(3);
    assertThatThrownBy(() -> new Trainer().fit(killed, config, DATA)).isInstanceOf(IllegalStateException.class);

    Trainer.Result resumed = new Trainer().resume(killed, DATA);
    assertThat(resumed.state().step()).isEqualTo(30);
    Map<String, float[]> expected = run.readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    Map<String, float[]> actual =
        RunDirectory.open(killed).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).containsExactly(expected.get(name));
    }
    List<EvaluationRecord> resumedMetrics = RunDirectory.open(killed).readMetrics();
    assertThat(resumedMetrics).hasSize(metrics.size());
    for (int i = 0; i < metrics.size(); i++) {
      assertThat(resumedMetrics.get(i).validation()).isEqualTo(metrics.get(i).validation());
      assertThat(resumedMetrics.get(i).trainLoss()).isEqualTo(metrics.get(i).trainLoss());
    }

    // A finished run resumes to itself at once.
    assertThat(new Trainer().resume(killed, DATA).state().step()).isEqualTo(30);
  }

  @Test
  void fineTuningStartsFromTransferredEncodersWithNewHeads(@TempDir Path tmp) throws Exception {
    RunConfig config = TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=3");
    Path source = tmp.resolve("source");
    new Trainer().fit(source, config, DATA);
    Map<String, float[]> transferable = RunLoader.transferable(source);
    assertThat(transferable).isNotEmpty();
    assertThat(transferable.keySet()).noneMatch(k -> k.startsWith(XxactModel.HEAD_PREFIX));
    try (XxactModel target = XxactModel.create(config.model(), DATA.targets(), 99, transferable)) {
      Map<String, float[]> values = target.parameterValues();
      for (Map.Entry<String, float[]> e : transferable.entrySet()) {
        assertThat(values.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
      }
    }
    Trainer.Result tuned = new Trainer().fit(tmp.resolve("tuned"), config, DATA, transferable, source.toString());
    assertThat(tuned.state().finished()).isTrue();
    assertThat(RunDirectory.open(tmp.resolve("tuned")).info().initialisedFrom()).isEqualTo(source.toString());

    // With the encoders frozen for every step, only the heads move.
    Path frozenRun = tmp.resolve("frozen");
    RunConfig frozen = TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=3", "train.freezeEncodersSteps=3");
    new Trainer().fit(frozenRun, frozen, DATA, transferable, source.toString());
    Map<String, float[]> after =
        RunDirectory.open(frozenRun).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    for (Map.Entry<String, float[]> e : transferable.entrySet()) {
      assertThat(after.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
    }
    try (XxactModel fresh = XxactModel.create(frozen.model(), DATA.targets(), frozen.train().seed(), transferable)) {
      Map<String, float[]> initialHeads = fresh.parameterValues();
      assertThat(after.keySet().stream().filter(InitSource.Part.HEADS::owns))
          .isNotEmpty()
          .anySatisfy(k -> assertThat(after.get(k)).isNotEqualTo(initialHeads.get(k)));
    }
  }

  @Test
  void aCompositionAndAnXrdRunTogetherStartAFusedModel(@TempDir Path tmp) throws Exception {
    Path composition = tmp.resolve("composition");
    Path xrd = tmp.resolve("xrd");
    new Trainer().fit(composition, TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=2"), DATA);
    new Trainer().fit(xrd, TinyConfigs.tiny(Modality.XRD, "train.maxSteps=2"), DATA);
    Map<String, float[]> fromComposition = RunLoader.transferable(composition);
    Map<String, float[]> fromXrd = RunLoader.transferable(xrd);
    Map<String, float[]> combined = RunLoader.transferable(List.of(InitSource.whole(composition), InitSource.whole(xrd)));
    assertThat(combined).hasSize(fromComposition.size() + fromXrd.size());
    RunConfig fused = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=2");
    try (XxactModel model = XxactModel.create(fused.model(), DATA.targets(), 99, combined)) {
      Map<String, float[]> values = model.parameterValues();
      for (Map<String, float[]> part : List.of(fromComposition, fromXrd)) {
        for (Map.Entry<String, float[]> e : part.entrySet()) {
          assertThat(values.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
      }
    }
    assertThatThrownBy(
            () ->
                RunLoader.transferable(
                    List.of(InitSource.whole(composition), InitSource.whole(xrd), InitSource.whole(composition))))
        .isInstanceOf(org.xxact.crystal.InputException.class)
        .hasMessageContaining("is also in " + composition)
        .hasMessageContaining("the runs overlap");
  }

  @Test
  void partsOfAFusedRunCombineWithTheCompositionEncoderOfAnother(@TempDir Path tmp) throws Exception {
    Path composition = tmp.resolve("composition");
    Path fusedRun = tmp.resolve("fused");
    new Trainer().fit(composition, TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=2"), DATA);
    RunConfig fused = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=2");
    new Trainer().fit(fusedRun, fused, DATA);
    Map<String, float[]> fromComposition = RunLoader.transferable(composition);
    Map<String, float[]> fromFused = RunLoader.transferable(fusedRun);
    Map<String, float[]> combined =
        RunLoader.transferable(
            List.of(InitSource.whole(composition), InitSource.parse(fusedRun + ":xrd,fusion")));
    assertThat(combined.keySet())
        .containsAll(fromComposition.keySet())
        .anyMatch(k -> k.startsWith("xrd."))
        .anyMatch(k -> k.startsWith("fusion."))
        .allMatch(k -> fromComposition.containsKey(k) || !k.startsWith("composition."));
    assertThat(combined).hasSize(fromFused.size());
    try (XxactModel model = XxactModel.create(fused.model(), DATA.targets(), 99, combined)) {
      Map<String, float[]> values = model.parameterValues();
      for (Map.Entry<String, float[]> e : combined.entrySet()) {
        Map<String, float[]> origin = e.getKey().startsWith("composition.") ? fromComposition : fromFused;
        assertThat(values.get(e.getKey())).as(e.getKey()).containsExactly(origin.get(e.getKey()));
      }
    }
    assertThatThrownBy(() -> RunLoader.transferable(List.of(InitSource.parse(composition + ":xrd"))))
        .isInstanceOf(org.xxact.crystal.InputException.class)
        .hasMessageContaining(composition.toString())
        .hasMessageContaining("run has no xrd parameters");
  }

  @Test
  void aFrozenPartKeepsItsTransferredValuesWhileTheRestTrains(@TempDir Path tmp) throws Exception {
    Path composition = tmp.resolve("composition");
    new Trainer().fit(composition, TinyConfigs.tiny(Modality.COMPOSITION, "train.maxSteps=2"), DATA);
    Map<String, float[]> source = RunLoader.transferable(composition);
    Map<String, float[]> init = RunLoader.transferable(List.of(InitSource.whole(composition)));
    Path frozen = tmp.resolve("frozen");
    Path free = tmp.resolve("free");
    new Trainer()
        .fit(frozen, TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=4", "train.frozenParts=[\"composition\"]"),
            DATA, init, composition.toString());
    new Trainer().fit(free, TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=4"), DATA, init, composition.toString());
    Map<String, float[]> frozenValues = RunLoader.transferable(frozen);
    Map<String, float[]> freeValues = RunLoader.transferable(free);
    for (Map.Entry<String, float[]> e : source.entrySet()) {
      assertThat(frozenValues.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
    }
    assertThat(source.keySet()).anyMatch(k -> !java.util.Arrays.equals(freeValues.get(k), source.get(k)));
    assertThat(RunDirectory.open(frozen).config().train().frozenParts()).containsExactly(InitSource.Part.COMPOSITION);
  }

  /**
   * The synthetic "lattice" class depends only on the pattern: a fused model must learn to use its XRD encoder through
   * the zero-initialised gates. Measured after 300 steps: 0.52 accuracy with the auxiliary XRD heads, chance (about
   * 0.31) without them; an XRD-only model reaches about 0.55.
   */
  @Test
  void fusedModelLearnsATargetOnlyThePatternDetermines(@TempDir Path tmp) throws Exception {
    TrainingData data = SyntheticMaterials.data(640, 160, TinyConfigs.GRID_POINTS, 7);
    RunConfig config = TinyConfigs.tiny(Modality.FUSED, "train.maxEpochs=15", "train.earlyStoppingPatience=0");
    Trainer.Result result = new Trainer().fit(tmp.resolve("fused"), config, data);
    assertThat(result.lastEvaluation().validation().accuracy().get("lattice")).isGreaterThan(LEARNED_ACCURACY);
  }

  /** Well above the 3-class chance level of about 0.33, below the 0.52 measured. */
  private static final double LEARNED_ACCURACY = 0.45;

  @Test
  void repeatedNonFiniteStepsStopWithAClearError(@TempDir Path tmp) {
    Batch good = SyntheticMaterials.generate(64, TinyConfigs.GRID_POINTS, 5, 0);
    float[] poisoned = good.xrd().clone();
    java.util.Arrays.fill(poisoned, Float.NaN);
    Batch bad =
        new Batch(good.size(), good.maxElements(), good.elementIds(), good.elementFractions(), good.elementMask(),
            good.gridPoints(), poisoned, good.numTargets(), good.targets(), good.targetMask(), good.formulaKeys(),
            good.indices());
    TrainingData data = new InMemoryTrainingData(SyntheticMaterials.targets(), bad, good, null);
    RunConfig config = TinyConfigs.tiny(Modality.XRD, "train.maxConsecutiveBadSteps=2");
    assertThatThrownBy(() -> new Trainer().fit(tmp.resolve("nan"), config, data))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("2 consecutive steps with a non-finite loss or gradient");
  }

  private static void assertSamePredictions(List<TargetPrediction> a, List<TargetPrediction> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int t = 0; t < a.size(); t++) {
      if (a.get(t).mean() != null) {
        assertThat(a.get(t).mean()).containsExactly(b.get(t).mean());
        assertThat(a.get(t).std()).containsExactly(b.get(t).std());
      } else {
        assertThat(a.get(t).probabilities()).containsExactly(b.get(t).probabilities());
      }
    }
  }
}
