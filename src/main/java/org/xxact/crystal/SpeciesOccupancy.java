package org.xxact.crystal;

/**
 * One species on a site with its occupancy (0 &lt; occupancy &le; 1 for physical sites; a disordered site has several).
 *
 * @param species the species
 * @param occupancy fractional occupancy of the site by this species
 */
public record SpeciesOccupancy(Species species, double occupancy) {
  public SpeciesOccupancy {
    if (!(occupancy > 0) || !Double.isFinite(occupancy)) {
      throw new IllegalArgumentException("occupancy must be positive and finite, got " + occupancy);
    }
  }
}
