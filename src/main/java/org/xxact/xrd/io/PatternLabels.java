package org.xxact.xrd.io;

import org.xxact.crystal.CrystalSystem;

/**
 * The symmetry labels of a measured reference pattern: its space group and the crystal system that follows from it.
 *
 * @param crystalSystem the crystal system, the one of {@code spaceGroupNumber}
 * @param spaceGroupNumber the space-group number, 1-230 (International Tables)
 */
public record PatternLabels(CrystalSystem crystalSystem, int spaceGroupNumber) {
  public PatternLabels {
    CrystalSystem ofGroup = CrystalSystem.ofSpaceGroup(spaceGroupNumber);
    if (ofGroup != crystalSystem) {
      throw new IllegalArgumentException(
          "space group " + spaceGroupNumber + " is " + ofGroup.label() + ", not " + crystalSystem.label());
    }
  }
}
