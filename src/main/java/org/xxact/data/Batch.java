package org.xxact.data;

/**
 * One mini-batch in the layout the model consumes: flat row-major arrays with their final shapes, so that they can be
 * turned into tensors without reshaping temporaries.
 *
 * <p>Composition: one token per element, padded to {@code maxElements}; element id 0 is padding, otherwise the atomic
 * number Z. XRD: the pattern rendered on the model grid. Targets: one column per {@link TargetSpec} of the dataset; a
 * regression value is already normalised ((y - mean) / std); a class target holds the class index as a float; a
 * missing value has mask 0.
 *
 * @param size number of samples B
 * @param maxElements composition tokens per sample E
 * @param elementIds [B*E] atomic numbers, 0 for padding
 * @param elementFractions [B*E] molar fraction of each element (sums to 1 per sample), 0 for padding
 * @param elementMask [B*E] 1 for a real element, 0 for padding
 * @param gridPoints XRD points per sample G
 * @param xrd [B*G] intensity on the model grid, max-normalised per sample
 * @param numTargets targets per sample T
 * @param targets [B*T] normalised regression values or class indices
 * @param targetMask [B*T] 1 where the target is known, 0 where it is missing
 * @param formulaKeys [B] a key per reduced formula (equal formulas, equal keys), for contrastive negatives
 * @param indices [B] dataset indices of the samples
 */
public record Batch(
    int size,
    int maxElements,
    int[] elementIds,
    float[] elementFractions,
    float[] elementMask,
    int gridPoints,
    float[] xrd,
    int numTargets,
    float[] targets,
    float[] targetMask,
    long[] formulaKeys,
    int[] indices) {
  public Batch {
    check(elementIds.length, size * maxElements, "elementIds");
    check(elementFractions.length, size * maxElements, "elementFractions");
    check(elementMask.length, size * maxElements, "elementMask");
    check(xrd.length, size * gridPoints, "xrd");
    check(targets.length, size * numTargets, "targets");
    check(targetMask.length, size * numTargets, "targetMask");
    check(formulaKeys.length, size, "formulaKeys");
    check(indices.length, size, "indices");
  }

  private static void check(int actual, int expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " has length " + actual + ", expected " + expected);
    }
  }
}
