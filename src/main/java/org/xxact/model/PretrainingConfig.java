package org.xxact.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of self-supervised pretraining (XxaCT-NN, Subramanian et al., arXiv 2507.01054): which objectives, how the
 * XRD patches are masked, the sizes of the pretraining heads and the weights of the two losses. Defaults in
 * {@link #defaults()}.
 *
 * @param objective masked XRD modelling, contrastive alignment, both, or masked element modelling alone
 * @param maskRatio fraction of XRD patches hidden for masked XRD modelling (design range 0.5-0.75)
 * @param maskMode random patches or contiguous spans
 * @param spanPatches length of a span in patches ({@link MaskMode#SPAN})
 * @param decoderLayers pre-LN transformer blocks of the light reconstruction decoder
 * @param projectionDim width of the contrastive projection (composition and XRD alike)
 * @param initialTemperature starting softmax temperature of the contrastive logits (CLIP's 0.07)
 * @param mxmWeight weight of the reconstruction loss in the total
 * @param contrastiveWeight weight of the contrastive loss in the total
 * @param mxmNormalizedTargets reconstruct each masked patch standardised by its own mean and standard deviation (the
 *     normalised-pixel targets of He et al., CVPR 2022) rather than its raw intensities. Max-normalised powder patterns
 *     are mostly empty background, and the raw mean squared error is lowest, early on, for a decoder that fills every
 *     masked patch with background (seen in the reduced convergence experiment, docs/RESULTS.md); standardised, a
 *     patch holding a peak weighs as much as it can and an empty one asks only for flatness
 * @param maskedElementWeight weight of masked element modelling, added to the objectives above (0: off): one element
 *     of each composition of two or more elements is replaced by the [MASK] element ({@link ElementMasking}) and a
 *     linear head on its token, after the encoders and fusion, names it (cross-entropy over the elements). As masked
 *     language modelling does for words (BERT, Devlin et al., NAACL 2019), and as element embeddings learned from
 *     which elements occur together do for chemistry (Tshitoyan et al., Nature 571, 95 (2019)), the composition
 *     encoder learns which elements substitute for each other and which form compounds together; in the fused model
 *     the pattern can tell it the element too. No label is read: only the training split's compositions
 */
public record PretrainingConfig(
    PretrainingObjective objective,
    double maskRatio,
    MaskMode maskMode,
    int spanPatches,
    int decoderLayers,
    int projectionDim,
    double initialTemperature,
    double mxmWeight,
    double contrastiveWeight,
    boolean mxmNormalizedTargets,
    double maskedElementWeight) {

  public PretrainingConfig {
    if (objective == null || maskMode == null) {
      throw new IllegalArgumentException("objective and maskMode must be set");
    }
    if (!(maskRatio > 0 && maskRatio < 1)) {
      throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
    }
    if (spanPatches < 1 || decoderLayers < 0 || projectionDim < 1) {
      throw new IllegalArgumentException("spanPatches and projectionDim must be positive, decoderLayers not negative");
    }
    double minTemperature = 1 / Math.exp(PretrainingModel.MAX_LOGIT_SCALE);
    if (!(initialTemperature >= minTemperature && initialTemperature <= 1)) {
      throw new IllegalArgumentException(
          "initialTemperature must be in [" + minTemperature + ", 1] (the logit scale is clamped to [0, ln 100])");
    }
    if (!(mxmWeight >= 0) || !(contrastiveWeight >= 0) || !(maskedElementWeight >= 0)) {
      throw new IllegalArgumentException("loss weights must not be negative");
    }
    if (objective == PretrainingObjective.ELEMENTS && maskedElementWeight != 0) {
      throw new IllegalArgumentException(
          "objective elements is masked element modelling alone, at weight 1; maskedElementWeight adds it to mxm,"
              + " contrastive or both");
    }
  }

  /**
   * Weight of masked element modelling in the total: 1 when it is the whole objective ({@link
   * PretrainingObjective#ELEMENTS}), else {@link #maskedElementWeight()}; 0 when off.
   */
  public double elementWeight() {
    return objective == PretrainingObjective.ELEMENTS ? 1.0 : maskedElementWeight;
  }

  /** Whether one element of each composition is hidden and named again. */
  public boolean usesMaskedElements() {
    return elementWeight() > 0;
  }

  /**
   * Both objectives, 60 % of the patches masked at random (spans of 4 patches in span mode), a one-block decoder,
   * 64-wide projections, temperature 0.07, the reconstruction loss weighted {@value #DEFAULT_MXM_WEIGHT} and the
   * contrastive loss 1, no masked element modelling.
   */
  public static PretrainingConfig defaults() {
    return new PretrainingConfig(
        PretrainingObjective.BOTH, 0.6, MaskMode.RANDOM, 4, 1, 64, 0.07, DEFAULT_MXM_WEIGHT, 1.0, false, 0.0);
  }

  /**
   * Default weight of the reconstruction loss. Max-normalised patterns are mostly background, so the masked-patch MSE
   * falls within tens of steps to about 0.01 while the contrastive loss stays near ln(batch size). Measured on 487
   * mp_cgcnn36k training samples (d 64, batch 32, 60 steps; monitored losses at step 60): MXM alone reached an MSE of
   * 0.0036; both objectives with weight 1 only 0.0082 (contrastive 3.229), with weight 10 0.0042 (contrastive 3.251). At
   * 10 the reconstruction learns as fast as alone and alignment is barely slower.
   */
  public static final double DEFAULT_MXM_WEIGHT = 10.0;

  public PretrainingConfig withObjective(PretrainingObjective o) {
    return new PretrainingConfig(
        o, maskRatio, maskMode, spanPatches, decoderLayers, projectionDim, initialTemperature, mxmWeight,
        contrastiveWeight, mxmNormalizedTargets, maskedElementWeight);
  }

  /** Prefix of {@code key=value} overrides that address these settings rather than the run configuration. */
  public static final String OVERRIDE_PREFIX = "pretrain.";

  /** The overrides of {@code keyValues} that address these settings, without their {@link #OVERRIDE_PREFIX}. */
  public static List<String> ownOverrides(List<String> keyValues) {
    List<String> own = new ArrayList<>();
    for (String kv : keyValues) {
      if (kv.startsWith(OVERRIDE_PREFIX)) {
        own.add(kv.substring(OVERRIDE_PREFIX.length()));
      }
    }
    return own;
  }

  /** The overrides of {@code keyValues} that address the run configuration (all without {@link #OVERRIDE_PREFIX}). */
  public static List<String> runOverrides(List<String> keyValues) {
    List<String> run = new ArrayList<>();
    for (String kv : keyValues) {
      if (!kv.startsWith(OVERRIDE_PREFIX)) {
        run.add(kv);
      }
    }
    return run;
  }
}
