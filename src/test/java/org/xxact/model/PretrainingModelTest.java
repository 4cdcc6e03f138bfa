package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xxact.data.Batch;

/** Masking, the contrastive loss and the pretraining heads. */
class PretrainingModelTest {
  /**
   * The loss of aligned orthonormal rows is ln(1 + (B - 1) e^-scale): at the clamp (scale 100) it is e^-100 away from its
   * lower bound 0; float32 log-softmax resolves about 1e-7 relative to the logits, so anything below 1e-5 is at the bound.
   */
  private static final double AT_LOWER_BOUND = 1e-5;

  /** A modest logit scale (inverse temperature e^0.5 = 1.65) at which the loss of every permutation is resolvable. */
  private static final double MODEST_LOGIT_SCALE = 0.5;

  private static final int GRID = 256;
  private static final int PATCH = 32;

  @BeforeAll
  static void oneThread() {
    DjlRuntime.engine(1);
  }

  private static ModelConfig config(Modality modality) {
    return config(modality, 0);
  }

  private static ModelConfig config(Modality modality, int fractionMlpDim) {
    return new ModelConfig(
        modality, 32, 4, 64, 1, 2, 1, 0.0, 118, 5000.0, GRID, 5.0, 90.0, false, PATCH, PoolingKind.ATTENTION, true, 16,
        1e-5, 0.5, XrdStem.CONV, fractionMlpDim, RegressionLikelihood.GAUSSIAN, 16, 6);
  }

  /** Sample i holds the elements ids[i] in equal fractions, padded to 3 slots; one fixed pattern for all. */
  private static Batch compositions(int[][] ids) {
    int b = ids.length;
    int e = 3;
    int[] elementIds = new int[b * e];
    float[] fractions = new float[b * e];
    float[] mask = new float[b * e];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < ids[i].length; j++) {
        elementIds[i * e + j] = ids[i][j];
        fractions[i * e + j] = 1f / ids[i].length;
        mask[i * e + j] = 1f;
      }
    }
    float[] xrd = batch(b, 3, new long[b]).xrd();
    int[] indices = new int[b];
    Arrays.setAll(indices, i -> i);
    long[] keys = new long[b];
    Arrays.setAll(keys, i -> i);
    return new Batch(b, e, elementIds, fractions, mask, GRID, xrd, 0, new float[0], new float[0], keys, indices);
  }

  private static Batch batch(int b, long seed, long[] keys) {
    SplittableRandom rng = new SplittableRandom(seed);
    int e = 3;
    int[] ids = new int[b * e];
    float[] fractions = new float[b * e];
    float[] mask = new float[b * e];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < e; j++) {
        ids[i * e + j] = 1 + rng.nextInt(90);
        fractions[i * e + j] = 1f / e;
        mask[i * e + j] = 1f;
      }
    }
    float[] xrd = new float[b * GRID];
    for (int i = 0; i < xrd.length; i++) {
      xrd[i] = (float) rng.nextDouble();
    }
    int[] indices = new int[b];
    Arrays.setAll(indices, i -> i);
    return new Batch(b, e, ids, fractions, mask, GRID, xrd, 0, new float[0], new float[0], keys, indices);
  }

  @Test
  void maskedPatchValuesCannotInfluenceTheEncoder() {
    int p = GRID / PATCH;
    Batch clean = batch(3, 7, new long[] {1, 2, 3});
    float[] mask = PatchMasking.draw(3, p, 0.5, MaskMode.RANDOM, 1, new SplittableRandom(1));
    float[] poisoned = clean.xrd().clone();
    for (int k = 0; k < mask.length; k++) {
      if (mask[k] == 1f) {
        for (int g = k * PATCH; g < (k + 1) * PATCH; g++) {
          poisoned[g] = g % 3 == 0 ? Float.NaN : g % 3 == 1 ? 1e30f : -7f;
        }
      }
    }
    Batch dirty =
        new Batch(
            3, clean.maxElements(), clean.elementIds(), clean.elementFractions(), clean.elementMask(), GRID, poisoned,
            0, new float[0], new float[0], clean.formulaKeys(), clean.indices());
    for (Modality modality : List.of(Modality.XRD, Modality.FUSED)) {
      try (XxactModel model = XxactModel.create(config(modality), List.of(), 3);
          NDScope scope = new NDScope();
          NDManager manager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ForwardContext ctx = ForwardContext.inference(manager);
        ModelOutput a = model.forward(model.inputs(manager, clean, mask, null), ctx);
        ModelOutput b = model.forward(model.inputs(manager, dirty, mask, null), ctx);
        assertThat(b.xrdTokens().toFloatArray()).as(modality.name()).containsExactly(a.xrdTokens().toFloatArray());
        assertThat(b.embedding().toFloatArray()).as(modality.name()).containsExactly(a.embedding().toFloatArray());
        // The same change in a visible patch does change the output.
        float[] visibleChange = clean.xrd().clone();
        int visible = 0;
        while (mask[visible] == 1f) {
          visible++;
        }
        visibleChange[visible * PATCH] += 0.5f;
        Batch changed =
            new Batch(
                3, clean.maxElements(), clean.elementIds(), clean.elementFractions(), clean.elementMask(), GRID,
                visibleChange, 0, new float[0], new float[0], clean.formulaKeys(), clean.indices());
        assertThat(model.forward(model.inputs(manager, changed, mask, null), ctx).xrdTokens().toFloatArray())
            .isNotEqualTo(a.xrdTokens().toFloatArray());
      }
    }
  }

  @Test
  void masksHaveTheRequestedCountAndSpansAreContiguous() {
    float[] random = PatchMasking.draw(5, 64, 0.6, MaskMode.RANDOM, 4, new SplittableRandom(2));
    float[] span = PatchMasking.draw(5, 64, 0.6, MaskMode.SPAN, 8, new SplittableRandom(2));
    for (int i = 0; i < 5; i++) {
      float r = 0;
      float s = 0;
      int runs = 0;
      for (int k = 0; k < 64; k++) {
        r += random[i * 64 + k];
        s += span[i * 64 + k];
        if (span[i * 64 + k] == 1f && (k == 0 || span[i * 64 + k - 1] == 0f)) {
          runs++;
        }
      }
      assertThat(r).isEqualTo(38f);
      assertThat(s).isEqualTo(38f);
      // 38 masked patches in spans of 8 form at most 5 runs (fewer where spans touch), far fewer than random masking.
      assertThat(runs).isLessThanOrEqualTo(5);
    }
    assertThat(PatchMasking.maskedCount(64, 0.999)).isEqualTo(63);
    assertThat(PatchMasking.maskedCount(64, 0.001)).isEqualTo(1);
  }

  /** Four orthonormal rows, the XRD rows identical to the composition rows, permuted by {@code perm}. */
  private static double infoNce(int[] perm, double logitScale, long[] keys) {
    try (NDManager manager = DjlRuntime.engine(1).newBaseManager()) {
      float[] eye = new float[4 * 8];
      float[] permuted = new float[4 * 8];
      for (int i = 0; i < 4; i++) {
        eye[i * 8 + i] = 1f;
        permuted[i * 8 + perm[i]] = 1f;
      }
      NDArray zc = manager.create(eye, new Shape(4, 8));
      NDArray zx = manager.create(permuted, new Shape(4, 8));
      NDArray scale = manager.create(new float[] {(float) logitScale}, new Shape(1));
      return PretrainingModel.symmetricInfoNce(zc, zx, scale, keys, ForwardContext.inference(manager)).getFloat();
    }
  }

  private static List<int[]> permutations(int[] a, int k, List<int[]> out) {
    if (k == a.length) {
      out.add(a.clone());
      return out;
    }
    for (int i = k; i < a.length; i++) {
      int t = a[k];
      a[k] = a[i];
      a[i] = t;
      permutations(a, k + 1, out);
      a[i] = a[k];
      a[k] = t;
    }
    return out;
  }

  @Test
  void alignedPairsGiveTheLowestContrastiveLoss() {
    long[] distinct = {1, 2, 3, 4};
    int[] identity = {0, 1, 2, 3};
    double aligned = infoNce(identity, MODEST_LOGIT_SCALE, distinct);
    for (int[] perm : permutations(identity.clone(), 0, new ArrayList<>())) {
      if (!Arrays.equals(perm, identity)) {
        assertThat(infoNce(perm, MODEST_LOGIT_SCALE, distinct)).as(Arrays.toString(perm)).isGreaterThan(aligned);
      }
    }
    assertThat(aligned).isCloseTo(Math.log(1 + 3 * Math.exp(-Math.exp(MODEST_LOGIT_SCALE))), within(1e-6));
    // At the largest logit scale (the clamp) the loss reaches its lower bound 0; a larger scale is clamped to it.
    assertThat(infoNce(identity, 50.0, distinct)).isLessThan(AT_LOWER_BOUND);
    assertThat(infoNce(identity, 50.0, distinct)).isEqualTo(infoNce(identity, PretrainingModel.MAX_LOGIT_SCALE, distinct));
    // A negative logit scale is clamped to 0 (temperature 1): ln(1 + 3/e).
    assertThat(infoNce(identity, -5.0, distinct)).isCloseTo(Math.log(1 + 3 / Math.E), within(1e-6));
  }

  @Test
  void samplesSharingAFormulaAreNotNegatives() {
    int[] swapped = {1, 0, 2, 3};
    long[] distinct = {1, 2, 3, 4};
    long[] polymorphs = {9, 9, 3, 4};
    // Rows 0 and 1 share a formula: swapping their XRD patterns costs nothing beyond losing their diagonal, and their
    // mutual logits no longer count against them.
    assertThat(infoNce(swapped, MODEST_LOGIT_SCALE, polymorphs)).isLessThan(infoNce(swapped, MODEST_LOGIT_SCALE, distinct));
    assertThat(infoNce(new int[] {0, 1, 2, 3}, MODEST_LOGIT_SCALE, polymorphs))
        .isLessThan(infoNce(new int[] {0, 1, 2, 3}, MODEST_LOGIT_SCALE, distinct));
  }

  @Test
  void pretrainingHeadsAreHeadsAndLossesAreFinite() {
    Batch batch = batch(6, 5, new long[] {1, 2, 3, 4, 1, 6});
    int p = GRID / PATCH;
    try (PretrainingModel model =
        PretrainingModel.create(config(Modality.FUSED), PretrainingConfig.defaults(), 4, Map.of())) {
      assertThat(model.model().parameterShapes().keySet())
          .anyMatch(n -> n.startsWith(PretrainingModel.MXM_PREFIX))
          .anyMatch(n -> n.startsWith(PretrainingModel.CONTRASTIVE_PREFIX))
          .filteredOn(n -> n.startsWith(XxactModel.HEAD_PREFIX))
          .allMatch(n -> n.startsWith(PretrainingModel.MXM_PREFIX) || n.startsWith(PretrainingModel.CONTRASTIVE_PREFIX));
      float[] mask = PatchMasking.draw(6, p, 0.6, MaskMode.SPAN, 2, new SplittableRandom(3));
      try (NDScope scope = new NDScope();
          NDManager manager = model.model().manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        PretrainingModel.Losses losses =
            model.losses(manager, batch, new PretrainingMasks(mask, null), ForwardContext.inference(manager));
        double mxm = losses.mxm().getFloat();
        double contrastive = losses.contrastive().getFloat();
        assertThat(mxm).isPositive().isFinite();
        assertThat(contrastive).isPositive().isFinite();
        assertThat(losses.total().getFloat())
            .isCloseTo(
                (float) (PretrainingConfig.DEFAULT_MXM_WEIGHT * mxm + contrastive),
                within(1e-5f * (float) (PretrainingConfig.DEFAULT_MXM_WEIGHT * mxm + contrastive)));
      }
      PretrainingModel.Reconstruction r = model.reconstruct(batch, mask);
      assertThat(r.original()).containsExactly(batch.xrd());
      assertThat(r.reconstructed()).hasSize(6 * GRID);
    }
    assertThatThrownBy(
            () -> PretrainingModel.create(config(Modality.XRD), PretrainingConfig.defaults(), 4, Map.of()))
        .hasMessageContaining("contrastive");
  }

  @Test
  void aHiddenElementReachesTheEncodersOnlyAsTheMaskElement() {
    int[] slots = {1, 0, ElementMasking.NONE};
    Batch clean = compositions(new int[][] {{8, 26, 14}, {3, 9}, {29}});
    Batch swapped = compositions(new int[][] {{8, 79, 14}, {55, 9}, {29}});
    Batch visibleChange = compositions(new int[][] {{8, 26, 15}, {3, 9}, {29}});
    try (XxactModel model = XxactModel.create(config(Modality.FUSED, 16), List.of(), 3);
        NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ModelInputs inputs = model.inputs(manager, clean, null, slots);
      assertThat(inputs.elementIds.toLongArray()).containsExactly(8, 0, 14, 0, 9, 0, 29, 0, 0);
      float[] vector = inputs.fractionVector.toFloatArray();
      int width = 119;
      assertThat(vector[26]).isZero();
      assertThat(vector[0]).isEqualTo(1f / 3);
      assertThat(vector[width + 3]).isZero();
      assertThat(vector[width]).isEqualTo(0.5f);
      assertThat(vector[2 * width + 29]).isEqualTo(1f);
      assertThat(vector[2 * width]).isZero();
      ForwardContext ctx = ForwardContext.inference(manager);
      ModelOutput a = model.forward(inputs, ctx);
      ModelOutput b = model.forward(model.inputs(manager, swapped, null, slots), ctx);
      assertThat(b.embedding().toFloatArray()).containsExactly(a.embedding().toFloatArray());
      assertThat(b.compositionTokens().toFloatArray()).containsExactly(a.compositionTokens().toFloatArray());
      // A visible element that changes does change the output.
      assertThat(model.forward(model.inputs(manager, visibleChange, null, slots), ctx).embedding().toFloatArray())
          .isNotEqualTo(a.embedding().toFloatArray());
      assertThatThrownBy(() -> model.inputs(manager, clean, null, new int[] {1, 2, 0}))
          .hasMessageContaining("no element in slot 2");
    }
  }

  @Test
  void everyElementOfACompositionCanBeHiddenAndPaddingNeverIs() {
    Batch batch = compositions(new int[][] {{8, 26, 14}, {3, 9}, {29}});
    SplittableRandom rng = new SplittableRandom(4);
    int[][] counts = new int[3][3];
    for (int draw = 0; draw < 300; draw++) {
      int[] slots = ElementMasking.draw(batch, rng);
      assertThat(slots[2]).isEqualTo(ElementMasking.NONE);
      counts[0][slots[0]]++;
      counts[1][slots[1]]++;
    }
    assertThat(Arrays.stream(counts[0]).min().orElseThrow()).isGreaterThan(60);
    assertThat(counts[1][0]).isGreaterThan(100);
    assertThat(counts[1][1]).isGreaterThan(100);
    assertThat(counts[1][2]).isZero();
  }

  @Test
  void maskedElementLossIsAddedWithItsWeightAndNeedsTheCompositionEncoder() {
    Batch batch = compositions(new int[][] {{8, 26, 14}, {3, 9}, {29}, {11, 17}});
    int p = GRID / PATCH;
    PretrainingConfig withElements =
        new PretrainingConfig(PretrainingObjective.BOTH, 0.6, MaskMode.RANDOM, 1, 1, 16, 0.07, 10.0, 1.0, false, 2.0);
    float[] mask = PatchMasking.draw(4, p, 0.6, MaskMode.RANDOM, 1, new SplittableRandom(3));
    int[] slots = {2, 1, ElementMasking.NONE, 0};
    try (PretrainingModel model = PretrainingModel.create(config(Modality.FUSED, 16), withElements, 4, Map.of())) {
      assertThat(model.model().parameterShapes().keySet()).anyMatch(n -> n.startsWith(PretrainingModel.ELEMENT_PREFIX));
      try (NDScope scope = new NDScope();
          NDManager manager = model.model().manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ForwardContext ctx = ForwardContext.inference(manager);
        PretrainingModel.Losses losses = model.losses(manager, batch, new PretrainingMasks(mask, slots), ctx);
        double elements = losses.elements().getFloat();
        // Cross-entropy over 119 ids from a freshly initialised head: near ln(119) = 4.78, surely between 1 and 10.
        assertThat(elements).isBetween(1.0, 10.0);
        double expected = 10.0 * losses.mxm().getFloat() + losses.contrastive().getFloat() + 2.0 * elements;
        assertThat(losses.total().getFloat()).isCloseTo((float) expected, within(1e-5f * (float) expected));
        int[] none = {ElementMasking.NONE, ElementMasking.NONE, ElementMasking.NONE, ElementMasking.NONE};
        PretrainingModel.Losses whole = model.losses(manager, batch, new PretrainingMasks(mask, none), ctx);
        assertThat(whole.elements()).isNull();
        // The contrastive pair is the whole composition: hiding elements changes the fused tokens, not the alignment.
        assertThat(losses.contrastive().getFloat()).isEqualTo(whole.contrastive().getFloat());
        XxactModel encoders = model.model();
        assertThat(encoders.forward(encoders.inputs(manager, batch, null, slots), ctx).compositionPooled().toFloatArray())
            .isNotEqualTo(encoders.forward(encoders.inputs(manager, batch, null, none), ctx).compositionPooled().toFloatArray());
        assertThatThrownBy(() -> model.losses(manager, batch, new PretrainingMasks(mask, null), ctx))
            .hasMessageContaining("hidden element");
      }
    }
    assertThatThrownBy(
            () ->
                PretrainingModel.create(
                    config(Modality.XRD), withElements.withObjective(PretrainingObjective.MXM), 4, Map.of()))
        .hasMessageContaining("composition encoder");
  }

  @Test
  void maskedElementsAloneAreTheWholeLossOfACompositionModel() {
    PretrainingConfig elements = PretrainingConfig.defaults().withObjective(PretrainingObjective.ELEMENTS);
    assertThat(elements.elementWeight()).isEqualTo(1.0);
    assertThatThrownBy(
            () ->
                new PretrainingConfig(
                    PretrainingObjective.ELEMENTS, 0.6, MaskMode.RANDOM, 1, 1, 16, 0.07, 10.0, 1.0, false, 2.0))
        .hasMessageContaining("maskedElementWeight");
    assertThatThrownBy(() -> PretrainingModel.create(config(Modality.XRD), elements, 4, Map.of()))
        .hasMessageContaining("composition encoder");
    Batch batch = compositions(new int[][] {{8, 26, 14}, {3, 9}, {29}, {11, 17}});
    float[] mask = PatchMasking.draw(4, GRID / PATCH, 0.6, MaskMode.RANDOM, 1, new SplittableRandom(3));
    try (PretrainingModel model = PretrainingModel.create(config(Modality.COMPOSITION, 16), elements, 4, Map.of())) {
      assertThat(model.model().parameterShapes().keySet())
          .anyMatch(n -> n.startsWith(PretrainingModel.ELEMENT_PREFIX))
          .noneMatch(n -> n.startsWith(PretrainingModel.MXM_PREFIX) || n.startsWith(PretrainingModel.CONTRASTIVE_PREFIX));
      try (NDScope scope = new NDScope();
          NDManager manager = model.model().manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ForwardContext ctx = ForwardContext.inference(manager);
        int[] slots = {2, 1, ElementMasking.NONE, 0};
        PretrainingModel.Losses losses = model.losses(manager, batch, new PretrainingMasks(mask, slots), ctx);
        assertThat(losses.mxm()).isNull();
        assertThat(losses.contrastive()).isNull();
        assertThat(losses.elements().getFloat()).isBetween(1f, 10f);
        assertThat(losses.total().getFloat()).isEqualTo(losses.elements().getFloat());
        // Nothing hidden anywhere (a batch of elements, say): a zero loss rather than no loss at all.
        int[] none = {ElementMasking.NONE, ElementMasking.NONE, ElementMasking.NONE, ElementMasking.NONE};
        PretrainingModel.Losses nothing = model.losses(manager, batch, new PretrainingMasks(mask, none), ctx);
        assertThat(nothing.elements()).isNull();
        assertThat(nothing.total().getFloat()).isZero();
      }
    }
  }

  @Test
  void normalisedTargetsScoreEachMaskedPatchOnItsStandardisedValues() {
    Batch batch = batch(4, 9, new long[] {1, 2, 3, 4});
    int p = GRID / PATCH;
    PretrainingConfig normalised =
        new PretrainingConfig(PretrainingObjective.MXM, 0.5, MaskMode.RANDOM, 1, 1, 16, 0.07, 1.0, 1.0, true, 0.0);
    float[] mask = PatchMasking.draw(4, p, 0.5, MaskMode.RANDOM, 1, new SplittableRandom(5));
    try (PretrainingModel model = PretrainingModel.create(config(Modality.XRD), normalised, 4, Map.of())) {
      double loss;
      try (NDScope scope = new NDScope();
          NDManager manager = model.model().manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        loss =
            model
                .losses(manager, batch, new PretrainingMasks(mask, null), ForwardContext.inference(manager))
                .mxm()
                .getFloat();
      }
      // The reconstruction comes back at each patch's own scale; standardise both sides again and score them.
      PretrainingModel.Reconstruction r = model.reconstruct(batch, mask);
      double sum = 0;
      int masked = 0;
      for (int k = 0; k < mask.length; k++) {
        if (mask[k] == 0f) {
          continue;
        }
        masked++;
        double mean = 0;
        for (int g = k * PATCH; g < (k + 1) * PATCH; g++) {
          mean += r.original()[g] / PATCH;
        }
        double variance = 0;
        for (int g = k * PATCH; g < (k + 1) * PATCH; g++) {
          variance += (r.original()[g] - mean) * (r.original()[g] - mean) / PATCH;
        }
        double std = Math.sqrt(variance + 1e-4);
        for (int g = k * PATCH; g < (k + 1) * PATCH; g++) {
          double e = (r.reconstructed()[g] - r.original()[g]) / std;
          sum += e * e;
        }
      }
      assertThat(masked).isPositive();
      assertThat(loss).isCloseTo(sum / (masked * PATCH), within(1e-4 * loss));
    }
  }
}
