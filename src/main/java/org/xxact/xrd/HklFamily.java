package org.xxact.xrd;

import java.util.Arrays;

/**
 * A family of reflections that contribute to one diffraction peak: the members are all reflections whose indices are
 * permutations of the same absolute values (pymatgen's {@code get_unique_families}). Hexagonal cells use four-index
 * Miller-Bravais labels (h, k, -h-k, l) with the same rule.
 *
 * <p>The multiplicity counts the members found in the limiting sphere, so it is informative only: the peak intensity
 * already sums every member.
 *
 * @param hkl the lexicographically largest member (3 or 4 indices)
 * @param multiplicity the number of members
 */
public record HklFamily(int[] hkl, int multiplicity) {
  public HklFamily {
    if (hkl.length != 3 && hkl.length != 4) {
      throw new IllegalArgumentException("Miller indices need 3 or 4 entries, got " + hkl.length);
    }
    if (multiplicity < 1) {
      throw new IllegalArgumentException("multiplicity must be positive, got " + multiplicity);
    }
    hkl = hkl.clone();
  }

  /** A copy of the indices. */
  @Override
  public int[] hkl() {
    return hkl.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HklFamily f && f.multiplicity == multiplicity && Arrays.equals(f.hkl, hkl);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hkl) + multiplicity;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < hkl.length; i++) {
      sb.append(i == 0 ? "" : " ").append(hkl[i]);
    }
    return sb.append(")x").append(multiplicity).toString();
  }
}
