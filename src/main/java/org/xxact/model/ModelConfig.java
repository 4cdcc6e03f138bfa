package org.xxact.model;

/**
 * Every size and switch of the multimodal model, with the defaults in {@link #defaults()}. The defaults are sized for a
 * 2-core CPU: a full fused training on about 29k samples within about 45 minutes (see docs/BENCHMARKS.md).
 *
 * <p>The XRD grid fields describe the pattern the model expects (the loader renders onto it): {@code gridPoints}
 * intensities from {@code twoThetaMinDeg} to {@code twoThetaMaxDeg} for Cu K-alpha, max-normalised per pattern.
 *
 * @param modality which inputs the model reads
 * @param dModel width of every token
 * @param numHeads attention heads (divides dModel)
 * @param ffnDim hidden width of the feed-forward sublayers
 * @param compositionLayers pre-LN self-attention blocks of the composition encoder
 * @param xrdLayers pre-LN self-attention blocks of the XRD encoder
 * @param fusionLayers gated bidirectional cross-attention blocks (fused modality only)
 * @param dropout dropout rate on attention weights and residual updates during training
 * @param maxAtomicNumber largest element id; ids run 1..maxAtomicNumber, 0 is padding
 * @param fractionResolution scale of the CrabNet fraction encoding (positions = fraction * resolution)
 * @param gridPoints XRD points per pattern
 * @param twoThetaMinDeg first grid point, degrees 2-theta
 * @param twoThetaMaxDeg last grid point, degrees 2-theta
 * @param sqrtIntensity feed sqrt(intensity) instead of intensity (lifts weak peaks)
 * @param patchSize grid points per XRD token
 * @param pooling how tokens are pooled to one embedding
 * @param predictVariance regression heads also predict a log-variance (Gaussian NLL)
 * @param headHiddenDim hidden width of each prediction head
 * @param layerNormEps epsilon of every LayerNorm
 * @param auxiliaryXrdWeight fused modality: weight of an auxiliary loss of extra heads on the pooled XRD encoder output
 *     (0: none). With the fusion gates at zero the XRD encoder receives no gradient through the main heads; measured on
 *     the synthetic task, a fused model trained from scratch then never learned the XRD-only target (chance accuracy
 *     after 600 steps, where the XRD model reached 0.55). The auxiliary heads train the XRD encoder from the first step,
 *     as per-modality heads do in gradient blending (Wang, Tran, Feiszli, CVPR 2020), so that the gates have
 *     informative XRD tokens to open to. They are not used for prediction.
 * @param xrdStem how the grid becomes patch tokens (a linear map per patch, or a convolutional network)
 * @param fractionMlpDim hidden width of the element-fraction perceptron added to the composition embedding
 *     ({@link ElementFractionMlp}); 0: none
 * @param regressionLikelihood noise model of the regression losses (Gaussian or Laplace)
 * @param patternMlpDim hidden width of the binned-pattern perceptron added to the XRD embedding
 *     ({@link BinnedPatternMlp}); 0: none
 * @param peakTokens XRD tokens for the strongest peaks found in the pattern, beside the patch tokens
 *     ({@link PeakEncoding}); 0: none. Absent (a run configuration written before the field existed) means 0, the
 *     model that configuration describes.
 */
public record ModelConfig(
    Modality modality,
    int dModel,
    int numHeads,
    int ffnDim,
    int compositionLayers,
    int xrdLayers,
    int fusionLayers,
    double dropout,
    int maxAtomicNumber,
    double fractionResolution,
    int gridPoints,
    double twoThetaMinDeg,
    double twoThetaMaxDeg,
    boolean sqrtIntensity,
    int patchSize,
    PoolingKind pooling,
    boolean predictVariance,
    int headHiddenDim,
    double layerNormEps,
    double auxiliaryXrdWeight,
    XrdStem xrdStem,
    int fractionMlpDim,
    RegressionLikelihood regressionLikelihood,
    int patternMlpDim,
    Integer peakTokens) {

  public ModelConfig {
    if (peakTokens == null) {
      peakTokens = 0;
    }
    positive(dModel, "dModel");
    positive(numHeads, "numHeads");
    positive(ffnDim, "ffnDim");
    positive(gridPoints, "gridPoints");
    positive(patchSize, "patchSize");
    positive(headHiddenDim, "headHiddenDim");
    positive(maxAtomicNumber, "maxAtomicNumber");
    if (modality == null || pooling == null || xrdStem == null || regressionLikelihood == null) {
      throw new IllegalArgumentException("modality, pooling, xrdStem and regressionLikelihood must be set");
    }
    if (dModel % numHeads != 0) {
      throw new IllegalArgumentException("dModel " + dModel + " is not divisible by numHeads " + numHeads);
    }
    if (dModel % 4 != 0) {
      throw new IllegalArgumentException("dModel " + dModel + " must be divisible by 4 (sin/cos fraction encoding)");
    }
    if (gridPoints % patchSize != 0) {
      throw new IllegalArgumentException("gridPoints " + gridPoints + " is not divisible by patchSize " + patchSize);
    }
    if (compositionLayers < 0 || xrdLayers < 0 || fusionLayers < 0 || fractionMlpDim < 0 || patternMlpDim < 0
        || peakTokens < 0) {
      throw new IllegalArgumentException(
          "layer counts, fractionMlpDim, patternMlpDim and peakTokens must not be negative");
    }
    if (patternMlpDim > 0 && gridPoints % BinnedPatternMlp.BIN_POINTS != 0) {
      throw new IllegalArgumentException(
          "gridPoints " + gridPoints + " is not divisible by the pattern bin of " + BinnedPatternMlp.BIN_POINTS);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(fractionResolution > 0) || !(layerNormEps > 0)) {
      throw new IllegalArgumentException("fractionResolution and layerNormEps must be positive");
    }
    if (!(auxiliaryXrdWeight >= 0)) {
      throw new IllegalArgumentException("auxiliaryXrdWeight must not be negative");
    }
    if (!(twoThetaMaxDeg > twoThetaMinDeg)) {
      throw new IllegalArgumentException("twoThetaMaxDeg must exceed twoThetaMinDeg");
    }
  }

  /**
   * The defaults: d 128, 4 heads, feed-forward 256, 3 composition blocks (cheap: a handful of tokens), 2 XRD blocks (64
   * tokens: most of the cost), one fusion block, dropout 0.1, an element-fraction perceptron of width 1024 (alone, on
   * formation energy, test MAE 0.071 eV/atom against 0.084 at width 256 after 30 epochs; docs/RESULTS.md), the Laplace
   * likelihood, the convolutional stem on a 2048-point grid (0.042 degree steps) cut in 64 patches of 32 points, and a
   * binned-pattern perceptron of width 256 (measured on mp_cgcnn36k, docs/RESULTS.md "Model choices": XRD-only
   * validation space-group accuracy 0.257 against 0.238 after 3 epochs, crystal system unchanged at 0.569), and the
   * square root of the intensities as XRD input.
   *
   * <p>Why the square root: max-normalised patterns put most reflections below a few per cent of the strongest, where
   * an encoder fed raw intensities barely sees them, yet which reflections are present (the systematic absences) and
   * where the weak ones fall is what separates lattices and space groups. The square root is the structure-factor
   * amplitude scale (I is proportional to |F|^2) and lifts a 1 % peak to 10 %. Measured on mp_cgcnn36k (docs/RESULTS.md,
   * "Model choices"), an XRD-only model reached validation crystal-system accuracy 0.594 against 0.569 and space group
   * 0.291 against 0.257 after 3 epochs, ahead at every epoch (a second seed: 0.600 against 0.571, 0.296 against
   * 0.259).
   *
   * <p>Why 2048 points rather than the design's 4096: the convolutional stem runs at full grid resolution, and on 4096
   * points it halved the fused model's training throughput (87 against 163 samples/s on one thread); a peak of the
   * default 0.15 degree width still spans 3.6 grid points. Measured on mp_cgcnn36k (docs/RESULTS.md, "XRD stem"), the
   * convolutional stem on 2048 points reached a higher validation crystal-system accuracy after 2 epochs (0.543) than
   * the linear 64-point patch embedding on 4096 points after 3 (0.532), in about the same wall time.
   */
  public static ModelConfig defaults() {
    return new ModelConfig(
        Modality.FUSED, 128, 4, 256, 3, 2, 1, 0.1, 118, 5000.0, 2048, 5.0, 90.0, true, 32, PoolingKind.MEAN, true,
        128, 1e-5, 0.5, XrdStem.CONV, 1024, RegressionLikelihood.LAPLACE, 256, 0);
  }

  /** XRD tokens per pattern. */
  public int numPatches() {
    return gridPoints / patchSize;
  }

  /** The same configuration with another modality. */
  public ModelConfig withModality(Modality newModality) {
    return new ModelConfig(
        newModality, dModel, numHeads, ffnDim, compositionLayers, xrdLayers, fusionLayers, dropout, maxAtomicNumber,
        fractionResolution, gridPoints, twoThetaMinDeg, twoThetaMaxDeg, sqrtIntensity, patchSize, pooling,
        predictVariance, headHiddenDim, layerNormEps, auxiliaryXrdWeight, xrdStem, fractionMlpDim, regressionLikelihood,
        patternMlpDim, peakTokens);
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
