package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.xxact.data.Batch;

/**
 * A {@link Batch} as tensors, each created once with its final shape in the caller's (per-step) manager: element ids
 * [B, E], fraction encodings [B, E, d], the key-padding bias [B, 1, 1, E], the pooling mask [B, E, 1] with the inverse
 * token counts [B, 1] and the pooling bias [B, E, 1], the element-fraction vector [B, maxZ + 1] (with
 * {@link ModelConfig#fractionMlpDim()} above 0), XRD patches [B, P, patch] (or the whole grid [B, 1, gridPoints] for the
 * convolutional stem), the max-pooled pattern bins [B, gridPoints / bin] (with {@link ModelConfig#patternMlpDim()} above
 * 0), the features of the strongest peaks [B, K, {@link PeakEncoding#FEATURES}] (with {@link ModelConfig#peakTokens()}
 * above 0) and, when given, the patch mask
 * [B, P, 1] (1 = replaced by [MASK]) with its complement. Only what the modality reads is created. Every tensor here
 * lives until the step's manager closes, after the backward pass that may read it.
 *
 * <p>With a patch mask the values of masked patches are set to zero before the tensor is created, and the unmasked
 * patches are kept separately as reconstruction targets: the encoder input (patches, bins and peaks) never holds
 * masked content (not even a NaN, which a multiplication by zero would let through), so masked XRD modelling cannot
 * read what it must reconstruct. A hidden element likewise appears only as {@link ElementMasking#MASK_ID}, in the
 * element ids and in the element-fraction vector (whose entry 0 then holds its fraction): its fraction stays known,
 * its identity does not.
 */
public final class ModelInputs {
  final int batchSize;
  final NDArray elementIds;
  final NDArray fractionFeatures;
  final NDArray compositionKeyBias;
  final NDArray compositionMask;
  final NDArray inverseElementCount;
  final NDArray compositionPoolBias;
  final NDArray fractionVector;
  final NDArray xrdPatches;
  final NDArray patternBins;
  final NDArray peakFeatures;
  final NDArray patchMask;
  final NDArray patchKeep;
  final NDArray reconstructionTargets;
  /** Per target: the {@link Baseline}'s offset [B, columns] added to that head's output, or null (no baseline). */
  final NDArray[] baselineOffsets;

  private ModelInputs(
      int batchSize,
      NDArray elementIds,
      NDArray fractionFeatures,
      NDArray compositionKeyBias,
      NDArray compositionMask,
      NDArray inverseElementCount,
      NDArray compositionPoolBias,
      NDArray fractionVector,
      NDArray xrdPatches,
      NDArray patternBins,
      NDArray peakFeatures,
      NDArray patchMask,
      NDArray patchKeep,
      NDArray reconstructionTargets,
      NDArray[] baselineOffsets) {
    this.batchSize = batchSize;
    this.elementIds = elementIds;
    this.fractionFeatures = fractionFeatures;
    this.compositionKeyBias = compositionKeyBias;
    this.compositionMask = compositionMask;
    this.inverseElementCount = inverseElementCount;
    this.compositionPoolBias = compositionPoolBias;
    this.fractionVector = fractionVector;
    this.xrdPatches = xrdPatches;
    this.patternBins = patternBins;
    this.peakFeatures = peakFeatures;
    this.patchMask = patchMask;
    this.patchKeep = patchKeep;
    this.reconstructionTargets = reconstructionTargets;
    this.baselineOffsets = baselineOffsets;
  }

  /**
   * @param patchMask [B * P] 1 where an XRD patch is replaced by the [MASK] token, or null for none
   * @param elementSlots [B] per sample the slot of the element replaced by the [MASK] element ({@link ElementMasking}),
   *     or {@link ElementMasking#NONE}; null for none
   * @throws IllegalArgumentException when the batch does not fit the model (grid size, unknown element) or a hidden
   *     slot holds no element
   */
  public static ModelInputs of(
      NDManager manager, Batch batch, ModelConfig config, float[] patchMask, int[] elementSlots) {
    int b = batch.size();
    NDArray ids = null;
    NDArray features = null;
    NDArray keyBias = null;
    NDArray mask = null;
    NDArray inverseCount = null;
    NDArray poolBias = null;
    NDArray fractionVector = null;
    if (config.modality().usesComposition()) {
      int e = batch.maxElements();
      int d = config.dModel();
      long[] idValues = new long[b * e];
      float[] featureValues = new float[b * e * d];
      float[] biasValues = new float[b * e];
      float[] maskValues = new float[b * e];
      float[] inverseValues = new float[b];
      int vectorWidth = config.maxAtomicNumber() + 1;
      float[] vectorValues = config.fractionMlpDim() > 0 ? new float[b * vectorWidth] : null;
      FractionEncoding encoding = new FractionEncoding(d, config.fractionResolution());
      if (elementSlots != null && elementSlots.length != b) {
        throw new IllegalArgumentException("element mask has " + elementSlots.length + " slots, expected " + b);
      }
      for (int i = 0; i < b; i++) {
        int real = 0;
        int hidden = elementSlots == null ? ElementMasking.NONE : elementSlots[i];
        boolean inRange = hidden >= 0 && hidden < e;
        if (hidden != ElementMasking.NONE && !(inRange && ElementMasking.isElement(batch, i * e + hidden))) {
          throw new IllegalArgumentException("sample " + batch.indices()[i] + " has no element in slot " + hidden);
        }
        for (int j = 0; j < e; j++) {
          int k = i * e + j;
          if (ElementMasking.isElement(batch, k)) {
            int z = batch.elementIds()[k];
            if (z > config.maxAtomicNumber()) {
              throw new IllegalArgumentException(
                  "element id " + z + " exceeds maxAtomicNumber " + config.maxAtomicNumber());
            }
            if (j == hidden) {
              z = ElementMasking.MASK_ID;
            }
            idValues[k] = z;
            encoding.encode(batch.elementFractions()[k], featureValues, k * d);
            maskValues[k] = 1f;
            if (vectorValues != null) {
              vectorValues[i * vectorWidth + z] += batch.elementFractions()[k];
            }
            real++;
          } else {
            biasValues[k] = MultiHeadAttention.MASKED_KEY_BIAS;
          }
        }
        if (real == 0) {
          throw new IllegalArgumentException("sample " + batch.indices()[i] + " has no elements");
        }
        inverseValues[i] = 1f / real;
      }
      ids = manager.create(idValues, new Shape(b, e));
      features = manager.create(featureValues, new Shape(b, e, d));
      keyBias = manager.create(biasValues, new Shape(b, 1, 1, e));
      poolBias = manager.create(biasValues, new Shape(b, e, 1));
      mask = manager.create(maskValues, new Shape(b, e, 1));
      inverseCount = manager.create(inverseValues, new Shape(b, 1));
      if (vectorValues != null) {
        fractionVector = manager.create(vectorValues, new Shape(b, vectorWidth));
      }
    }
    NDArray patches = null;
    NDArray bins = null;
    NDArray peaks = null;
    NDArray patchMaskArray = null;
    NDArray patchKeepArray = null;
    NDArray targets = null;
    if (config.modality().usesXrd()) {
      if (batch.gridPoints() != config.gridPoints()) {
        throw new IllegalArgumentException(
            "batch has " + batch.gridPoints() + " XRD points, the model expects " + config.gridPoints());
      }
      float[] xrd = batch.xrd();
      if (config.sqrtIntensity()) {
        xrd = new float[xrd.length];
        for (int i = 0; i < xrd.length; i++) {
          xrd[i] = (float) Math.sqrt(Math.max(0f, batch.xrd()[i]));
        }
      }
      int p = config.numPatches();
      int patchSize = config.patchSize();
      if (patchMask != null) {
        if (patchMask.length != b * p) {
          throw new IllegalArgumentException("patch mask has " + patchMask.length + " values, expected " + b * p);
        }
        targets = manager.create(xrd, new Shape(b, p, patchSize));
        float[] visible = xrd == batch.xrd() ? xrd.clone() : xrd;
        float[] keep = new float[patchMask.length];
        for (int i = 0; i < keep.length; i++) {
          keep[i] = 1f - patchMask[i];
          if (patchMask[i] != 0f) {
            java.util.Arrays.fill(visible, i * patchSize, (i + 1) * patchSize, 0f);
          }
        }
        xrd = visible;
        patchMaskArray = manager.create(patchMask, new Shape(b, p, 1));
        patchKeepArray = manager.create(keep, new Shape(b, p, 1));
      }
      patches =
          config.xrdStem() == XrdStem.CONV
              ? manager.create(xrd, new Shape(b, 1, (long) p * patchSize))
              : manager.create(xrd, new Shape(b, p, patchSize));
      if (config.patternMlpDim() > 0) {
        bins =
            manager.create(
                maxPerBin(xrd, b, config.gridPoints()),
                new Shape(b, config.gridPoints() / BinnedPatternMlp.BIN_POINTS));
      }
      if (config.peakTokens() > 0) {
        PeakEncoding encoding = new PeakEncoding(config);
        int width = config.peakTokens() * PeakEncoding.FEATURES;
        float[] peakValues = new float[b * width];
        for (int i = 0; i < b; i++) {
          encoding.encode(xrd, i * config.gridPoints(), peakValues, i * width);
        }
        peaks = manager.create(peakValues, new Shape(b, config.peakTokens(), PeakEncoding.FEATURES));
      }
    }
    return new ModelInputs(
        b, ids, features, keyBias, mask, inverseCount, poolBias, fractionVector, patches, bins, peaks, patchMaskArray,
        patchKeepArray, targets, null);
  }

  /** These inputs with a baseline's head offsets (see {@link Baseline#offsets}). */
  ModelInputs withBaselineOffsets(NDArray[] offsets) {
    return new ModelInputs(
        batchSize, elementIds, fractionFeatures, compositionKeyBias, compositionMask, inverseElementCount,
        compositionPoolBias, fractionVector, xrdPatches, patternBins, peakFeatures, patchMask, patchKeep,
        reconstructionTargets, offsets);
  }

  /** The largest value of each run of {@link BinnedPatternMlp#BIN_POINTS} grid points of each of {@code b} patterns. */
  private static float[] maxPerBin(float[] xrd, int b, int gridPoints) {
    int bin = BinnedPatternMlp.BIN_POINTS;
    int binsPerPattern = gridPoints / bin;
    float[] bins = new float[b * binsPerPattern];
    for (int k = 0; k < bins.length; k++) {
      float max = xrd[k * bin];
      for (int j = 1; j < bin; j++) {
        max = Math.max(max, xrd[k * bin + j]);
      }
      bins[k] = max;
    }
    return bins;
  }

  public int batchSize() {
    return batchSize;
  }
}
