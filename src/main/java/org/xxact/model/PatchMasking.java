package org.xxact.model;

import java.util.SplittableRandom;

/**
 * Draws the patch masks of masked XRD modelling: for each sample exactly round(ratio * patches) patches (at least one,
 * at most all but one, so that there is always something to reconstruct and something to reconstruct it from), either
 * uniformly at random or as contiguous spans ({@link MaskMode}). A mask depends only on the generator it is given, so a
 * run that seeds it by (seed, step) draws the same masks after a resume.
 */
public final class PatchMasking {
  private PatchMasking() {}

  /** Patches masked per sample at {@code ratio} of {@code patches}. */
  public static int maskedCount(int patches, double ratio) {
    if (patches < 2) {
      throw new IllegalArgumentException("masking needs at least two patches, got " + patches);
    }
    return Math.max(1, Math.min(patches - 1, (int) Math.round(ratio * patches)));
  }

  /**
   * @param batchSize samples B
   * @param patches patches per sample P
   * @param ratio fraction of patches to mask
   * @param mode random patches or contiguous spans
   * @param spanPatches span length in patches ({@link MaskMode#SPAN})
   * @return [B * P] 1 = masked, 0 = visible
   */
  public static float[] draw(
      int batchSize, int patches, double ratio, MaskMode mode, int spanPatches, SplittableRandom rng) {
    int count = maskedCount(patches, ratio);
    float[] mask = new float[batchSize * patches];
    int[] order = new int[patches];
    for (int i = 0; i < batchSize; i++) {
      int offset = i * patches;
      if (mode == MaskMode.RANDOM) {
        for (int k = 0; k < patches; k++) {
          order[k] = k;
        }
        for (int k = 0; k < count; k++) {
          int j = k + rng.nextInt(patches - k);
          int t = order[k];
          order[k] = order[j];
          order[j] = t;
          mask[offset + order[k]] = 1f;
        }
      } else {
        int masked = 0;
        while (masked < count) {
          int start = rng.nextInt(patches);
          for (int k = start; k < Math.min(patches, start + spanPatches) && masked < count; k++) {
            if (mask[offset + k] == 0f) {
              mask[offset + k] = 1f;
              masked++;
            }
          }
        }
      }
    }
    return mask;
  }
}
