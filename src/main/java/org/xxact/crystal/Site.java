package org.xxact.crystal;

import java.util.List;

/**
 * A crystallographic site: one or more species with occupancies at fractional coordinates (x, y, z) of the lattice.
 * Coordinates are kept as given (not wrapped into [0, 1)), because the structure factor phase is periodic anyway and
 * pymatgen keeps them so.
 *
 * @param species species and occupancies on this site, at least one
 * @param x fractional coordinate along a
 * @param y fractional coordinate along b
 * @param z fractional coordinate along c
 * @param label site label from the source (may be empty)
 */
public record Site(List<SpeciesOccupancy> species, double x, double y, double z, String label) {
  public Site {
    species = List.copyOf(species);
    if (species.isEmpty()) {
      throw new IllegalArgumentException("a site needs at least one species");
    }
    if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("site coordinates must be finite, got (" + x + ", " + y + ", " + z + ")");
    }
    label = label == null ? "" : label;
  }

  /** A fully occupied site of one species. */
  public static Site of(Species species, double x, double y, double z) {
    return new Site(List.of(new SpeciesOccupancy(species, 1.0)), x, y, z, "");
  }

  /** True when more than one species shares the site or the occupancy is below one. */
  public boolean isDisordered() {
    return species.size() > 1 || species.get(0).occupancy() != 1.0;
  }

  /** Sum of occupancies of all species on the site. */
  public double totalOccupancy() {
    double s = 0;
    for (SpeciesOccupancy so : species) {
      s += so.occupancy();
    }
    return s;
  }
}
