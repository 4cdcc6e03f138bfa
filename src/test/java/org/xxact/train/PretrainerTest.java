package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.model.ConfigTree;
import org.xxact.model.Modality;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingModel;
import org.xxact.model.PretrainingObjective;
import org.xxact.model.XxactModel;

/**
 * Pretraining end to end on the synthetic task: the monitored losses fall, a killed run resumes to the parameters of an
 * uninterrupted one, and a fine-tuning model built from the pretrained run starts with the pretrained encoders and
 * fusion (bit-equal) and new heads.
 */
class PretrainerTest {
  private static final TrainingData DATA = SyntheticMaterials.data(320, 64, TinyConfigs.GRID_POINTS, 11);

  private static RunConfig config() {
    return TinyConfigs.tiny(Modality.FUSED, "train.maxEpochs=2", "train.evalEverySteps=5");
  }

  /** Simulates a kill: stops the run after a given step (its last checkpoint is from the evaluation before). */

  @Test
  void pretrainsResumesIdenticallyAndTransfersToFineTuning(@TempDir Path tmp) throws Exception {
    PretrainingConfig pretraining = PretrainingConfig.defaults();
    Path full = tmp.resolve("full");
    Trainer.Result result = new Pretrainer().fit(full, config(), pretraining, DATA);
    assertThat(result.state().finished()).isTrue();
    assertThat(result.state().step()).isEqualTo(20);
    List<EvaluationRecord> metrics = RunDirectory.open(full).readMetrics();
    assertThat(metrics).hasSize(4);
    assertThat(metrics.get(0).validation().targetLoss()).containsOnlyKeys("mxm", "contrastive");
    assertThat(metrics.get(3).validation().loss()).isLessThan(metrics.get(0).validation().loss());
    assertThat(metrics.get(3).validation().targetLoss().get("mxm"))
        .isLessThan(metrics.get(0).validation().targetLoss().get("mxm"));
    assertThat(Pretrainer.pretrainingConfig(full)).isEqualTo(pretraining);

    Path killed = tmp.resolve("killed");
    assertThatThrownBy(() -> new Pretrainer(SimulatedKill.atStep(12)).fit(killed, config(), pretraining, DATA))
        .isInstanceOf(SimulatedKill.class);
    Trainer.Result resumed = new Pretrainer().resume(killed, DATA);
    assertThat(resumed.state().step()).isEqualTo(20);
    Map<String, float[]> expected = RunDirectory.open(full).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    Map<String, float[]> actual = RunDirectory.open(killed).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((name, values) -> assertThat(actual.get(name)).as(name).containsExactly(values));
    assertThat(RunDirectory.open(killed).readMetrics()).hasSize(4);

    // Fine-tuning: the encoders and fusion of the best pretraining checkpoint, bit-equal; heads as a fresh model's.
    Map<String, float[]> pretrained = RunDirectory.open(full).readCheckpoint(Checkpoint.Kind.BEST).orElseThrow().parameters();
    Map<String, float[]> transferable = RunLoader.transferable(full);
    assertThat(transferable.keySet()).noneMatch(n -> n.startsWith(XxactModel.HEAD_PREFIX));
    assertThat(pretrained.keySet()).anyMatch(n -> n.startsWith(PretrainingModel.MXM_PREFIX));
    RunConfig fineTune = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=4", "train.evalEverySteps=2");
    try (XxactModel model = XxactModel.create(fineTune.model(), DATA.targets(), 5, transferable);
        XxactModel scratch = XxactModel.create(fineTune.model(), DATA.targets(), 5)) {
      Map<String, float[]> fresh = scratch.parameterValues();
      int restored = 0;
      for (Map.Entry<String, float[]> e : model.parameterValues().entrySet()) {
        if (e.getKey().startsWith(XxactModel.HEAD_PREFIX)) {
          assertThat(e.getValue()).as(e.getKey()).containsExactly(fresh.get(e.getKey()));
        } else {
          assertThat(e.getValue()).as(e.getKey()).containsExactly(pretrained.get(e.getKey()));
          restored++;
        }
      }
      assertThat(restored).isEqualTo(transferable.size());
    }
    Trainer.Result tuned = new Trainer().fit(tmp.resolve("tuned"), fineTune, DATA, transferable, full.toString());
    assertThat(tuned.state().step()).isEqualTo(4);
    assertThat(RunDirectory.open(tmp.resolve("tuned")).info().initialisedFrom()).isEqualTo(full.toString());
  }

  @Test
  void maskedElementModellingIsMonitoredAndResumesIdentically(@TempDir Path tmp) throws Exception {
    PretrainingConfig pretraining =
        ConfigTree.resolve(
            PretrainingConfig.defaults(), PretrainingConfig.class, null, List.of("maskedElementWeight=1"));
    Path full = tmp.resolve("full");
    new Pretrainer().fit(full, config(), pretraining, DATA);
    List<EvaluationRecord> metrics = RunDirectory.open(full).readMetrics();
    assertThat(metrics.get(0).validation().targetLoss()).containsOnlyKeys("mxm", "contrastive", "elements");
    assertThat(metrics.get(3).validation().targetLoss().get("elements"))
        .isLessThan(metrics.get(0).validation().targetLoss().get("elements"));
    assertThat(Pretrainer.pretrainingConfig(full)).isEqualTo(pretraining);
    assertThat(RunLoader.transferable(full).keySet()).noneMatch(n -> n.startsWith(XxactModel.HEAD_PREFIX));

    Path killed = tmp.resolve("killed");
    assertThatThrownBy(() -> new Pretrainer(SimulatedKill.atStep(12)).fit(killed, config(), pretraining, DATA))
        .isInstanceOf(SimulatedKill.class);
    new Pretrainer().resume(killed, DATA);
    Map<String, float[]> expected = RunDirectory.open(full).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    Map<String, float[]> actual = RunDirectory.open(killed).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).anyMatch(n -> n.startsWith(PretrainingModel.ELEMENT_PREFIX));
    expected.forEach((name, values) -> assertThat(actual.get(name)).as(name).containsExactly(values));
  }

  @Test
  void contrastivePretrainingNeedsBothEncoders(@TempDir Path tmp) {
    assertThatThrownBy(
            () ->
                new Pretrainer()
                    .fit(
                        tmp.resolve("x"), TinyConfigs.tiny(Modality.XRD), PretrainingConfig.defaults(), DATA))
        .hasMessageContaining("both encoders");
  }

  @Test
  void maskedElementsAlonePretrainAModelWithoutPatternsWhoseEncoderAFusedModelTakes(@TempDir Path tmp) throws Exception {
    PretrainingConfig elements = PretrainingConfig.defaults().withObjective(PretrainingObjective.ELEMENTS);
    RunConfig composition = TinyConfigs.tiny(Modality.COMPOSITION, "train.maxEpochs=2", "train.evalEverySteps=5");
    Path run = tmp.resolve("elements");
    new Pretrainer().fit(run, composition, elements, DATA);
    List<EvaluationRecord> metrics = RunDirectory.open(run).readMetrics();
    assertThat(metrics.get(0).validation().targetLoss()).containsOnlyKeys("elements");
    assertThat(metrics.get(3).validation().loss()).isEqualTo(metrics.get(3).validation().targetLoss().get("elements"));
    assertThat(metrics.get(3).validation().loss()).isLessThan(metrics.get(0).validation().loss());
    Map<String, float[]> pretrained = RunDirectory.open(run).readCheckpoint(Checkpoint.Kind.BEST).orElseThrow().parameters();
    assertThat(pretrained.keySet()).noneMatch(n -> n.startsWith("xrd.") || n.startsWith("fusion."));

    // A fused model takes the composition part of it: the same names and shapes as its own composition encoder.
    Map<String, float[]> taken = RunLoader.transferable(List.of(InitSource.parse(run + ":composition")));
    RunConfig fused = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=2");
    try (XxactModel model = XxactModel.create(fused.model(), DATA.targets(), 5, taken)) {
      assertThat(taken).isNotEmpty();
      Map<String, float[]> values = model.parameterValues();
      taken.forEach((name, v) -> assertThat(values.get(name)).as(name).containsExactly(pretrained.get(name)));
    }

    // A fused pretraining continues its tokens: after one optimiser step (Adam moves a weight by at most about the
    // learning rate, 3e-3) every token parameter is still within 4e-3 of the composition pretraining's value, while
    // the same pretraining from random values is far from it.
    List<InitSource> tokens = List.of(InitSource.parse(run + ":composition_tokens"));
    Map<String, float[]> tokenValues = RunLoader.transferable(tokens);
    RunConfig oneStep = TinyConfigs.tiny(Modality.FUSED, "train.maxSteps=1", "train.seed=7");
    Path continued = tmp.resolve("continued");
    new Pretrainer().fit(continued, oneStep, PretrainingConfig.defaults(), DATA, tokenValues, InitSource.describe(tokens));
    Path scratch = tmp.resolve("scratch");
    new Pretrainer().fit(scratch, oneStep, PretrainingConfig.defaults(), DATA);
    assertThat(RunDirectory.open(continued).info().initialisedFrom()).isEqualTo(run + ":composition_tokens");
    assertThat(tokenValues).isNotEmpty();
    assertThat(tokenValues.keySet()).noneMatch(n -> n.startsWith(XxactModel.COMPOSITION_POOL + "."));
    assertThat(maxDifference(tokenValues, lastParameters(continued))).isLessThan(4e-3);
    assertThat(maxDifference(tokenValues, lastParameters(scratch))).isGreaterThan(0.05);
  }

  private static Map<String, float[]> lastParameters(Path run) throws Exception {
    return RunDirectory.open(run).readCheckpoint(Checkpoint.Kind.LAST).orElseThrow().parameters();
  }

  /** The largest absolute difference between the values of {@code expected} and those of the same names in {@code actual}. */
  private static double maxDifference(Map<String, float[]> expected, Map<String, float[]> actual) {
    double max = 0;
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      float[] a = actual.get(e.getKey());
      assertThat(a).as(e.getKey()).hasSameSizeAs(e.getValue());
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(a[i] - e.getValue()[i]));
      }
    }
    return max;
  }
}
