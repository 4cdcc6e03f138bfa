package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/** Shapes, padding and gating invariants of the model at initialisation. */
class XxactModelTest {
  /**
   * Padding changes the shapes of the matrix products (and so float summation order), not the mathematics: embeddings
   * agree to float32 rounding of O(1) values.
   */
  private static final float PADDING_TOLERANCE = 1e-5f;

  private static final int GRID = 256;
  private static final List<TargetSpec> TARGETS =
      List.of(
          new TargetSpec("energy", TargetKind.REGRESSION, "eV/atom", -1.0, 0.5, List.of()),
          new TargetSpec("system", TargetKind.CLASSIFICATION, "", 0, 1, List.of("a", "b", "c", "d")));

  @BeforeAll
  static void oneThread() {
    DjlRuntime.engine(1);
  }

  private static ModelConfig config(Modality modality, PoolingKind pooling) {
    return new ModelConfig(
        modality, 32, 4, 64, 2, 1, 2, 0.0, 118, 5000.0, GRID, 5.0, 90.0, true, 32, pooling, true, 16, 1e-5, 0.5,
        XrdStem.CONV, 8, RegressionLikelihood.LAPLACE, 16, 0);
  }

  /** Three samples: Fe2O3, NaCl, a quaternary; padded to {@code maxElements} with junk ids under mask 0. */
  private static Batch batch(int maxElements) {
    int[][] ids = {{26, 8}, {11, 17}, {3, 25, 15, 8}};
    float[][] fractions = {{0.4f, 0.6f}, {0.5f, 0.5f}, {0.125f, 0.125f, 0.125f, 0.625f}};
    int b = ids.length;
    int[] elementIds = new int[b * maxElements];
    float[] elementFractions = new float[b * maxElements];
    float[] elementMask = new float[b * maxElements];
    Arrays.fill(elementIds, 92);
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < ids[i].length; j++) {
        elementIds[i * maxElements + j] = ids[i][j];
        elementFractions[i * maxElements + j] = fractions[i][j];
        elementMask[i * maxElements + j] = 1f;
      }
    }
    float[] xrd = new float[b * GRID];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < xrd.length; i++) {
      xrd[i] = (float) rng.nextDouble();
    }
    return new Batch(
        b, maxElements, elementIds, elementFractions, elementMask, GRID, xrd, 2, new float[b * 2], new float[b * 2],
        new long[b], new int[] {0, 1, 2});
  }

  @Test
  void paddingDoesNotChangeTheCompositionEmbedding() {
    for (PoolingKind pooling : PoolingKind.values()) {
      try (XxactModel model = XxactModel.create(config(Modality.COMPOSITION, pooling), TARGETS, 5)) {
        float[] tight = model.embed(batch(4));
        float[] padded = model.embed(batch(9));
        assertThat(padded).as(pooling.name()).containsExactly(tight, within(PADDING_TOLERANCE));
      }
    }
  }

  @Test
  void fusedModelWithClosedGatesComputesTheCompositionModel() {
    Batch batch = batch(4);
    try (XxactModel composition = XxactModel.create(config(Modality.COMPOSITION, PoolingKind.MEAN), TARGETS, 11);
        XxactModel fused = XxactModel.create(config(Modality.FUSED, PoolingKind.MEAN), TARGETS, 11)) {
      assertThat(fused.parameterCount()).isGreaterThan(composition.parameterCount());
      assertThat(fused.embed(batch)).containsExactly(composition.embed(batch));
      List<TargetPrediction> a = fused.predict(batch);
      List<TargetPrediction> b = composition.predict(batch);
      assertThat(a.get(0).mean()).containsExactly(b.get(0).mean());
      assertThat(a.get(1).probabilities()).containsExactly(b.get(1).probabilities());
    }
  }

  @Test
  void forwardShapesAndPatchMasking() {
    ModelConfig config = config(Modality.FUSED, PoolingKind.ATTENTION);
    Batch batch = batch(5);
    try (XxactModel model = XxactModel.create(config, TARGETS, 1);
        NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ModelOutput out = model.forward(model.inputs(manager, batch), ForwardContext.inference(manager));
      assertThat(out.compositionTokens().getShape().getShape()).containsExactly(3, 5, 32);
      assertThat(out.xrdTokens().getShape().getShape()).containsExactly(3, GRID / 32, 32);
      assertThat(out.compositionPooled().getShape().getShape()).containsExactly(3, 32);
      assertThat(out.xrdPooled().getShape().getShape()).containsExactly(3, 32);
      assertThat(out.embedding().getShape().getShape()).containsExactly(3, 32);
      assertThat(out.headOutputs().get(0).getShape().getShape()).containsExactly(3, 2);
      assertThat(out.headOutputs().get(1).getShape().getShape()).containsExactly(3, 4);

      float[] noMask = new float[3 * config.numPatches()];
      float[] someMasked = noMask.clone();
      someMasked[2] = 1f;
      float[] plain = model.forward(ModelInputs.of(manager, batch, config, noMask, null), ForwardContext.inference(manager))
          .xrdPooled().toFloatArray();
      float[] masked = model.forward(ModelInputs.of(manager, batch, config, someMasked, null), ForwardContext.inference(manager))
          .xrdPooled().toFloatArray();
      assertThat(plain).containsExactly(out.xrdPooled().toFloatArray());
      // Sample 0 had a patch masked, samples 1 and 2 did not.
      assertThat(Arrays.copyOfRange(masked, 0, 32)).isNotEqualTo(Arrays.copyOfRange(plain, 0, 32));
      assertThat(Arrays.copyOfRange(masked, 32, 96)).containsExactly(Arrays.copyOfRange(plain, 32, 96));
    }
  }

  @Test
  void patternBinsHoldTheLargestIntensityOfEachBinOfTheInputTheEncoderSees() {
    ModelConfig config = config(Modality.XRD, PoolingKind.MEAN);
    Batch batch = batch(5);
    int binsPerPattern = GRID / BinnedPatternMlp.BIN_POINTS;
    float[] noMask = new float[3 * config.numPatches()];
    float[] firstPatchMasked = noMask.clone();
    firstPatchMasked[0] = 1f;
    try (NDManager manager = DjlRuntime.engine(1).newBaseManager()) {
      float[] bins = ModelInputs.of(manager, batch, config, noMask, null).patternBins.toFloatArray();
      float[] maskedBins = ModelInputs.of(manager, batch, config, firstPatchMasked, null).patternBins.toFloatArray();
      assertThat(bins).hasSize(3 * binsPerPattern);
      for (int k = 0; k < bins.length; k++) {
        double expected = 0;
        for (int j = 0; j < BinnedPatternMlp.BIN_POINTS; j++) {
          // The model reads sqrt(intensity) (sqrtIntensity is on in this configuration).
          expected = Math.max(expected, Math.sqrt(batch.xrd()[k * BinnedPatternMlp.BIN_POINTS + j]));
        }
        assertThat((double) bins[k]).as("bin %d", k).isCloseTo(expected, within(1e-6));
        boolean insideMaskedPatch = k < 32 / BinnedPatternMlp.BIN_POINTS;
        assertThat(maskedBins[k]).as("bin %d", k).isEqualTo(insideMaskedPatch ? 0f : bins[k]);
      }
    }
  }

  @Test
  void predictionsAreInPhysicalUnits() {
    try (XxactModel model = XxactModel.create(config(Modality.XRD, PoolingKind.MEAN), TARGETS, 2)) {
      TargetPrediction energy = model.predict(batch(4)).get(0);
      // An untrained head predicts about the normalised mean 0, i.e. the train mean -1 eV/atom, within a few stds.
      for (double m : energy.mean()) {
        assertThat(m).isBetween(-1.0 - 5 * 0.5, -1.0 + 5 * 0.5);
      }
      TargetPrediction system = model.predict(batch(4)).get(1);
      for (int i = 0; i < 3; i++) {
        double sum = 0;
        for (int c = 0; c < 4; c++) {
          sum += system.probabilities()[i * 4 + c];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
      }
    }
  }
}
