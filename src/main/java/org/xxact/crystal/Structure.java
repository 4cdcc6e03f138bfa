package org.xxact.crystal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A periodic crystal: a lattice and the sites in its cell. Immutable.
 *
 * @param lattice the cell
 * @param sites the sites, at least one
 */
public record Structure(Lattice lattice, List<Site> sites) {
  /** Avogadro constant in 1/mol (CODATA 2018, exact). */
  public static final double AVOGADRO_PER_MOL = 6.02214076e23;
  /** Cubic centimetres per cubic angstrom. */
  private static final double CM3_PER_ANGSTROM3 = 1e-24;

  public Structure {
    sites = List.copyOf(sites);
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("a structure needs at least one site");
    }
  }

  /** Number of sites in the cell (a disordered site counts once). */
  public int numberOfSites() {
    return sites.size();
  }

  /** Cell composition: occupancy-weighted count of each element over all sites. */
  public Composition composition() {
    Map<Element, Double> amounts = new LinkedHashMap<>();
    for (Site s : sites) {
      for (SpeciesOccupancy so : s.species()) {
        amounts.merge(so.species().element(), so.occupancy(), Double::sum);
      }
    }
    return new Composition(amounts);
  }

  /** Mass density in g/cm^3: cell mass over cell volume. */
  public double densityGramsPerCm3() {
    double massU = 0;
    for (Site s : sites) {
      for (SpeciesOccupancy so : s.species()) {
        massU += so.occupancy() * so.species().element().atomicMassU();
      }
    }
    return massU / AVOGADRO_PER_MOL / (lattice.volumeAngstrom3() * CM3_PER_ANGSTROM3);
  }

  /**
   * The same structure with its sites in pymatgen's {@code get_sorted_structure} order: by average electronegativity,
   * then by species string, stable. pymatgen's CIF parser returns structures in this order, so formulas whose elements
   * tie in electronegativity come out in the same order as pymatgen's.
   */
  public Structure sortedByElectronegativity() {
    List<SortKey> keys = new ArrayList<>(sites.size());
    for (Site s : sites) {
      keys.add(new SortKey(s, s.averageElectronegativity(), s.speciesString()));
    }
    CPythonSort.sort(
        keys,
        Structure::siteLess,
        Comparator.comparingDouble(SortKey::electronegativity).thenComparing(SortKey::species));
    List<Site> sorted = new ArrayList<>(keys.size());
    keys.forEach(k -> sorted.add(k.site()));
    return new Structure(lattice, sorted);
  }

  /** A site with its pymatgen sort keys, computed once. */
  private record SortKey(Site site, double electronegativity, String species) {}

  /** pymatgen's {@code PeriodicSite.__lt__}: electronegativity first (NaN compares false both ways), then species. */
  private static boolean siteLess(SortKey a, SortKey b) {
    if (a.electronegativity() < b.electronegativity()) {
      return true;
    }
    if (a.electronegativity() > b.electronegativity()) {
      return false;
    }
    return a.species().compareTo(b.species()) < 0;
  }
}
