package org.xxact.xrd;

import java.util.ArrayList;
import java.util.List;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.Structure;

/** Textbook structures shared by the tests of the pattern calculator, the readers and the indexing. */
public final class TestStructures {
  private TestStructures() {}

  /** Rutile TiO2 (P4_2/mnm, a = 4.594, c = 2.959 angstrom, O at (u, u, 0) with u = 0.3048). */
  public static Structure rutile() {
    double u = 0.3048;
    List<Site> sites = new ArrayList<>();
    sites.add(Site.of(Species.of("Ti"), 0, 0, 0));
    sites.add(Site.of(Species.of("Ti"), 0.5, 0.5, 0.5));
    sites.add(Site.of(Species.of("O"), u, u, 0));
    sites.add(Site.of(Species.of("O"), 1 - u, 1 - u, 0));
    sites.add(Site.of(Species.of("O"), 0.5 + u, 0.5 - u, 0.5));
    sites.add(Site.of(Species.of("O"), 0.5 - u, 0.5 + u, 0.5));
    return new Structure(Lattice.fromParameters(4.594, 4.594, 2.959, 90, 90, 90), sites);
  }
}
