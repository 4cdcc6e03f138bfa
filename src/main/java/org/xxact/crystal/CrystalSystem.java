package org.xxact.crystal;

import java.util.Locale;

/**
 * The seven crystal systems, in the order of increasing symmetry used by the International Tables for Crystallography
 * (Vol. A, Table 2.1.1.1) and by the labels of the data sets this project reads (class index = {@link #ordinal()}).
 *
 * <p>A space group belongs to exactly one crystal system, so the system follows from the space-group number: 1-2
 * triclinic, 3-15 monoclinic, 16-74 orthorhombic, 75-142 tetragonal, 143-167 trigonal, 168-194 hexagonal, 195-230 cubic.
 */
public enum CrystalSystem {
  TRICLINIC(2),
  MONOCLINIC(15),
  ORTHORHOMBIC(74),
  TETRAGONAL(142),
  TRIGONAL(167),
  HEXAGONAL(194),
  CUBIC(230);

  /** Number of crystallographic space groups in three dimensions. */
  public static final int SPACE_GROUPS = 230;

  private final int lastSpaceGroup;

  CrystalSystem(int lastSpaceGroup) {
    this.lastSpaceGroup = lastSpaceGroup;
  }

  /** The lower-case name, as data sets and reports write it ("monoclinic"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Highest space-group number of this system. */
  public int lastSpaceGroup() {
    return lastSpaceGroup;
  }

  /**
   * The crystal system of a space group.
   *
   * @throws IllegalArgumentException for a number outside 1-230
   */
  public static CrystalSystem ofSpaceGroup(int spaceGroupNumber) {
    if (spaceGroupNumber < 1 || spaceGroupNumber > SPACE_GROUPS) {
      throw new IllegalArgumentException("space-group number " + spaceGroupNumber + " is outside 1-" + SPACE_GROUPS);
    }
    for (CrystalSystem s : values()) {
      if (spaceGroupNumber <= s.lastSpaceGroup) {
        return s;
      }
    }
    throw new AssertionError("the last system ends at " + SPACE_GROUPS);
  }

  /**
   * The system named by its label, case-insensitive ("Cubic", "cubic").
   *
   * @throws IllegalArgumentException for any other text
   */
  public static CrystalSystem ofLabel(String label) {
    for (CrystalSystem s : values()) {
      if (s.name().equalsIgnoreCase(label.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not a crystal system");
  }
}
