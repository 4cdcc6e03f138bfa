package org.xxact.data;

/**
 * One dataset sample as stored in a shard: what the model may see (composition and the diffraction peak list) and
 * what it learns (targets), with the id and reduced formula that tie it back to its input.
 *
 * <p>Peaks are stored as (d-spacing, intensity) rather than as a rendered pattern: a peak list is a few kB while a
 * rendered pattern fixes wavelength, grid and peak shape, and rendering at load time lets every epoch draw new peak
 * widths, shifts, backgrounds and noise.
 *
 * @param id record id from the input
 * @param reducedFormula reduced formula, the default split group
 * @param split the split the sample belongs to
 * @param atomicNumbers Z of each element, in the order of the structure's composition
 * @param amounts atoms of each element per cell (occupancy-weighted), parallel to {@code atomicNumbers}
 * @param dSpacingAngstrom d of each diffraction peak in angstrom, in descending order (ascending 2-theta)
 * @param intensities peak intensities scaled so the strongest is 100, parallel to {@code dSpacingAngstrom}
 * @param targets one value per dataset target: the number, or the class index; NaN when missing
 */
public record Sample(
    String id,
    String reducedFormula,
    Split split,
    int[] atomicNumbers,
    float[] amounts,
    float[] dSpacingAngstrom,
    float[] intensities,
    float[] targets) {
  public Sample {
    if (atomicNumbers.length != amounts.length) {
      throw new IllegalArgumentException("atomicNumbers and amounts differ in length");
    }
    if (dSpacingAngstrom.length != intensities.length) {
      throw new IllegalArgumentException("dSpacingAngstrom and intensities differ in length");
    }
  }

  /** Number of elements. */
  public int numElements() {
    return atomicNumbers.length;
  }

  /** Number of peaks. */
  public int numPeaks() {
    return dSpacingAngstrom.length;
  }
}
