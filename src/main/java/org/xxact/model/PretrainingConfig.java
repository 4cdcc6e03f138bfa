package org.xxact.model;

/**
 * Settings of self-supervised pretraining (XxaCT-NN, Subramanian et al., arXiv 2507.01054): which objectives, how the
 * XRD patches are masked, the sizes of the pretraining heads and the weights of the two losses. Defaults in
 * {@link #defaults()}.
 *
 * @param objective masked XRD modelling, contrastive alignment, or both
 * @param maskRatio fraction of XRD patches hidden for masked XRD modelling (design range 0.5-0.75)
 * @param maskMode random patches or contiguous spans
 * @param spanPatches length of a span in patches ({@link MaskMode#SPAN})
 * @param decoderLayers pre-LN transformer blocks of the light reconstruction decoder
 * @param projectionDim width of the contrastive projection (composition and XRD alike)
 * @param initialTemperature starting softmax temperature of the contrastive logits (CLIP's 0.07)
 * @param mxmWeight weight of the reconstruction loss in the total
 * @param contrastiveWeight weight of the contrastive loss in the total
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
    double contrastiveWeight) {

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
    if (!(mxmWeight >= 0) || !(contrastiveWeight >= 0)) {
      throw new IllegalArgumentException("loss weights must not be negative");
    }
  }

  /**
   * Both objectives, 60 % of the patches masked at random (spans of 4 patches in span mode), a one-block decoder,
   * 64-wide projections, temperature 0.07, both losses weighted 1: at initialisation they are of the same order (the
   * masked-patch MSE of the random decoder about 1, measured 1.03 on synthetic batches; InfoNCE about ln(batch size),
   * 4.2 at batch 64).
   */
  public static PretrainingConfig defaults() {
    return new PretrainingConfig(PretrainingObjective.BOTH, 0.6, MaskMode.RANDOM, 4, 1, 64, 0.07, 1.0, 1.0);
  }

  public PretrainingConfig withObjective(PretrainingObjective o) {
    return new PretrainingConfig(
        o, maskRatio, maskMode, spanPatches, decoderLayers, projectionDim, initialTemperature, mxmWeight,
        contrastiveWeight);
  }

  public PretrainingConfig withMasking(double ratio, MaskMode mode) {
    return new PretrainingConfig(
        objective, ratio, mode, spanPatches, decoderLayers, projectionDim, initialTemperature, mxmWeight,
        contrastiveWeight);
  }
}
