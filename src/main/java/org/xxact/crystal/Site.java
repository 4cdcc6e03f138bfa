package org.xxact.crystal;

import java.util.ArrayList;
import java.util.Comparator;
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

  /**
   * Occupancy-weighted mean Pauling electronegativity of the species (pymatgen's {@code
   * species.average_electroneg}); NaN when a species has none.
   */
  public double averageElectronegativity() {
    double sum = 0;
    double atoms = 0;
    for (SpeciesOccupancy so : species) {
      double occ = Math.abs(so.occupancy());
      sum += so.species().element().paulingElectronegativity() * occ;
      atoms += occ;
    }
    return sum / atoms;
  }

  /**
   * pymatgen's {@code species_string}: the species for a site fully occupied by one species ({@code Fe2+}), else each
   * species with its occupancy to three decimals, in pymatgen's species order ({@code Fe:0.500, Ni:0.500}).
   */
  public String speciesString() {
    if (species.size() == 1 && species.get(0).occupancy() == 1.0) {
      return species.get(0).species().toString();
    }
    List<SpeciesOccupancy> sorted = new ArrayList<>(species);
    CPythonSort.sort(
        sorted,
        Site::speciesLess,
        Comparator.comparingDouble((SpeciesOccupancy so) -> electronegativityOrInfinity(so.species()))
            .thenComparing(so -> so.species().element().symbol())
            .thenComparingDouble(so -> so.species().oxidationState()));
    StringBuilder sb = new StringBuilder();
    for (SpeciesOccupancy so : sorted) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(so.species()).append(':').append(PymatgenText.fixed3(so.occupancy()));
    }
    return sb.toString();
  }

  /** pymatgen's {@code Species.__lt__}: electronegativity (NaN as infinity), symbol, then oxidation state. */
  private static boolean speciesLess(SpeciesOccupancy a, SpeciesOccupancy b) {
    double xa = electronegativityOrInfinity(a.species());
    double xb = electronegativityOrInfinity(b.species());
    if (xa != xb) {
      return xa < xb;
    }
    String sa = a.species().element().symbol();
    String sb = b.species().element().symbol();
    if (!sa.equals(sb)) {
      return sa.compareTo(sb) < 0;
    }
    double oa = a.species().oxidationState();
    return oa != 0 && oa < b.species().oxidationState();
  }

  private static double electronegativityOrInfinity(Species s) {
    double x = s.element().paulingElectronegativity();
    return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
  }
}
