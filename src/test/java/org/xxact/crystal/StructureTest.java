package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructureTest {
  private static Site site(Map<String, Double> species, int index) {
    List<SpeciesOccupancy> so = new ArrayList<>();
    species.forEach((el, occ) -> so.add(new SpeciesOccupancy(Species.of(el), occ)));
    return new Site(so, index / 20.0, 0, 0, "");
  }

  /**
   * pymatgen 2022.11.7's order for these sites, including He, Ne and Ar, which have no electronegativity:
   * {@code Structure(Lattice.cubic(10), species, [[i/20, 0, 0] ...]).get_sorted_structure()}.
   */
  @Test
  void sitesSortLikePymatgenEvenWithoutElectronegativities() {
    List<Map<String, Double>> species =
        List.of(
            Map.of("Ar", 1.0), Map.of("O", 1.0), Map.of("He", 1.0), Map.of("Na", 1.0), Map.of("Ne", 1.0),
            Map.of("O", 1.0), Map.of("Fe", 1.0), Map.of("He", 1.0), Map.of("Fe", 0.5, "Ni", 0.5), Map.of("Cl", 1.0),
            Map.of("Ni", 0.5, "Fe", 0.5));
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < species.size(); i++) {
      sites.add(site(species.get(i), i));
    }
    Structure s = new Structure(Lattice.fromParameters(10, 10, 10, 90, 90, 90), sites).sortedByElectronegativity();
    assertThat(s.sites()).extracting(site -> (int) Math.round(site.x() * 20)).containsExactly(0, 6, 2, 7, 3, 8, 10, 9, 4, 1, 5);
    assertThat(s.sites().get(5).speciesString()).isEqualTo("Fe:0.500, Ni:0.500");
  }

  @Test
  void compositionAndDensityOfRockSalt() {
    List<Site> sites = new ArrayList<>();
    double[][] na = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
    for (double[] p : na) {
      sites.add(Site.of(Species.of("Na"), p[0], p[1], p[2]));
      sites.add(Site.of(Species.of("Cl"), p[0] + .5, p[1], p[2]));
    }
    Structure s = new Structure(Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90), sites);
    assertThat(s.composition().formula()).isEqualTo("Na4 Cl4");
    assertThat(s.densityGramsPerCm3()).isBetween(2.163, 2.164);
  }
}
