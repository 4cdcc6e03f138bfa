package org.xxact.data;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.SpaceGroup;

/**
 * Random crystals of a chosen space group, as training data for symmetry classification: a few atoms placed at random
 * in the asymmetric unit and expanded by the group's operations, in a random cell of the group's crystal system. Their
 * patterns obey the group's metric and extinctions while their intensities are arbitrary, which teaches a pattern
 * model what separates the symmetries where a database of real structures is thin: Schopmans, Reiser and Friederich
 * (Digital Discovery 2, 1414, 2023) classify ICSD patterns better by training on such crystals than on the ICSD itself.
 * A set of 36,737 Materials Project structures holds, for example, 70 garnets (Ia-3d), while a mineral collection such
 * as RRUFF has a garnet in one pattern of twenty.
 *
 * <p>Each crystal: a crystal system uniformly among the seven, a space group uniformly within it; 1-{@value
 * #MAX_INDEPENDENT_SITES} independent sites, each coordinate snapped with probability {@value #SPECIAL_PROBABILITY} to
 * a fraction that symmetry elements pass through (so that special Wyckoff positions occur), the first site on the
 * general position where that has at most {@value #GENERAL_SITE_MAX_MULTIPLICITY} images, at most {@value
 * #MAX_ATOMS_PER_CELL} atoms in the conventional cell; 1-3 elements among {@link #elementPool()}; cell edges in ratios
 * of 1/2 to 2, angles where the system leaves them free (monoclinic beta 90-125 degrees, triclinic 65-115), a volume
 * of {@value #MIN_VOLUME_PER_ATOM_ANGSTROM3}-{@value #MAX_VOLUME_PER_ATOM_ANGSTROM3} cubic angstrom per atom, and the
 * cell enlarged where needed so that no two atoms are closer than {@value #MIN_DISTANCE_RADII} times the sum of their
 * covalent radii (Cordero et al., Dalton Trans. 2008). The label is the group drawn; a crystal can by chance have more
 * symmetry than that (a single atom in P1 is centrosymmetric), a small label noise. Deterministic in (seed, index).
 */
public final class RandomCrystals {
  /** Most independent sites of one crystal. */
  public static final int MAX_INDEPENDENT_SITES = 6;
  /** Most atoms in the conventional cell: keeps the diffraction calculation and the reflection count moderate. */
  public static final int MAX_ATOMS_PER_CELL = 128;
  /** Probability that a coordinate of an independent site is snapped to one of {@link #SPECIAL_FRACTIONS}. */
  public static final double SPECIAL_PROBABILITY = 0.4;
  /**
   * Groups whose general position has at most this many images get their first site on it: atoms on special
   * positions alone often have more symmetry than the group drawn, which would make its label wrong.
   */
  static final int GENERAL_SITE_MAX_MULTIPLICITY = 96;
  /** Fractions on which the symmetry elements of the 230 groups lie in the conventional settings. */
  static final double[] SPECIAL_FRACTIONS = {
    0, 1.0 / 8, 1.0 / 6, 1.0 / 4, 1.0 / 3, 3.0 / 8, 1.0 / 2, 5.0 / 8, 2.0 / 3, 3.0 / 4, 5.0 / 6, 7.0 / 8
  };
  /** Smallest cell volume per atom, cubic angstrom (close-packed metals have 10-20, oxides 10-25). */
  public static final double MIN_VOLUME_PER_ATOM_ANGSTROM3 = 10;
  /** Largest cell volume per atom, cubic angstrom. */
  public static final double MAX_VOLUME_PER_ATOM_ANGSTROM3 = 30;
  /** Shortest allowed distance between two atoms, in units of the sum of their covalent radii. */
  public static final double MIN_DISTANCE_RADII = 0.8;
  /** Largest factor by which the cell is enlarged to keep atoms apart; closer atoms make the draw start again. */
  static final double MAX_ENLARGEMENT = 1.5;
  /** Largest ratio of two cell edges. */
  static final double MAX_EDGE_RATIO = 2;
  /** Draws before giving up on one crystal (never reached in practice: most draws succeed within a few tries). */
  static final int MAX_ATTEMPTS = 10_000;

  private static final List<Element> POOL = elementPool();
  private static final List<List<Integer>> GROUPS_BY_SYSTEM = groupsBySystem();

  /** One generated crystal and the space group it was built in. */
  public record Crystal(Structure structure, int spaceGroupNumber) {}

  private RandomCrystals() {}

  /**
   * Elements crystals are made of: Li to Bi, without the noble gases and the short-lived Tc and Pm. Hydrogen is left
   * out because it hardly scatters X-rays.
   */
  static List<Element> elementPool() {
    List<Element> pool = new ArrayList<>();
    for (int z = 3; z <= 83; z++) {
      if (z != 10 && z != 18 && z != 36 && z != 54 && z != 43 && z != 61) {
        pool.add(Elements.ofAtomicNumber(z));
      }
    }
    return List.copyOf(pool);
  }

  private static List<List<Integer>> groupsBySystem() {
    List<List<Integer>> groups = new ArrayList<>();
    for (CrystalSystem s : CrystalSystem.values()) {
      groups.add(new ArrayList<>());
    }
    for (int n = 1; n <= CrystalSystem.SPACE_GROUPS; n++) {
      groups.get(CrystalSystem.ofSpaceGroup(n).ordinal()).add(n);
    }
    return groups.stream().map(List::copyOf).toList();
  }

  /** Crystal number {@code index} of the sequence of {@code seed}. */
  public static Crystal generate(long seed, long index) {
    SplittableRandom rng = new SplittableRandom(StableHash.combine(seed, index, 0));
    List<Integer> system = GROUPS_BY_SYSTEM.get(rng.nextInt(GROUPS_BY_SYSTEM.size()));
    SpaceGroup group = SpaceGroup.of(system.get(rng.nextInt(system.size())));
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Structure s = tryBuild(group, rng);
      if (s != null) {
        return new Crystal(s, group.number());
      }
    }
    throw new IllegalStateException("no crystal of space group " + group.number() + " after " + MAX_ATTEMPTS + " draws");
  }

  /** One draw: sites, elements and cell; null when the atoms do not fit. */
  private static Structure tryBuild(SpaceGroup group, SplittableRandom rng) {
    int independent = 1 + rng.nextInt(MAX_INDEPENDENT_SITES);
    int elementCount = Math.min(independent, 1 + rng.nextInt(3));
    List<Element> elements = new ArrayList<>();
    while (elements.size() < elementCount) {
      Element e = POOL.get(rng.nextInt(POOL.size()));
      if (!elements.contains(e)) {
        elements.add(e);
      }
    }
    List<Site> fractional = new ArrayList<>();
    for (int k = 0; k < independent; k++) {
      Element e = k < elementCount ? elements.get(k) : elements.get(rng.nextInt(elementCount));
      boolean general = k == 0 && group.generalMultiplicity() <= GENERAL_SITE_MAX_MULTIPLICITY;
      double[] p = general
          ? new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()}
          : new double[] {coordinate(rng), coordinate(rng), coordinate(rng)};
      List<double[]> orbit = group.orbit(p[0], p[1], p[2]);
      if (fractional.size() + orbit.size() > MAX_ATOMS_PER_CELL) {
        return null;
      }
      for (double[] c : orbit) {
        fractional.add(Site.of(Species.of(e), c[0], c[1], c[2]));
      }
    }
    Lattice cell = cell(group.crystalSystem(), fractional.size(), rng);
    if (cell == null) {
      return null;
    }
    double closest = closestRelativeDistance(cell, fractional);
    if (closest < MIN_DISTANCE_RADII / MAX_ENLARGEMENT) {
      return null;
    }
    if (closest < MIN_DISTANCE_RADII) {
      cell = scaled(cell, MIN_DISTANCE_RADII / closest);
    }
    return new Structure(cell, fractional);
  }

  private static double coordinate(SplittableRandom rng) {
    return rng.nextDouble() < SPECIAL_PROBABILITY
        ? SPECIAL_FRACTIONS[rng.nextInt(SPECIAL_FRACTIONS.length)]
        : rng.nextDouble();
  }

  /** A cell of the system's metric with the drawn volume; null for a triclinic draw whose angles leave no volume. */
  private static Lattice cell(CrystalSystem system, int atoms, SplittableRandom rng) {
    double volume = atoms * (MIN_VOLUME_PER_ATOM_ANGSTROM3
        + (MAX_VOLUME_PER_ATOM_ANGSTROM3 - MIN_VOLUME_PER_ATOM_ANGSTROM3) * rng.nextDouble());
    double rb = ratio(rng);
    double rc = ratio(rng);
    double alpha = 90;
    double beta = 90;
    double gamma = 90;
    switch (system) {
      case TRICLINIC -> {
        alpha = 65 + 50 * rng.nextDouble();
        beta = 65 + 50 * rng.nextDouble();
        gamma = 65 + 50 * rng.nextDouble();
      }
      case MONOCLINIC -> beta = 90 + 35 * rng.nextDouble();
      case ORTHORHOMBIC -> { }
      case TETRAGONAL -> rb = 1;
      case TRIGONAL, HEXAGONAL -> {
        rb = 1;
        gamma = 120;
      }
      case CUBIC -> {
        rb = 1;
        rc = 1;
      }
    }
    double ca = Math.cos(Math.toRadians(alpha));
    double cb = Math.cos(Math.toRadians(beta));
    double cg = Math.cos(Math.toRadians(gamma));
    double shape = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
    if (shape < 0.25) {
      return null;
    }
    double a = Math.cbrt(volume / (rb * rc * Math.sqrt(shape)));
    return Lattice.fromParameters(a, rb * a, rc * a, alpha, beta, gamma);
  }

  private static double ratio(SplittableRandom rng) {
    return Math.exp(Math.log(MAX_EDGE_RATIO) * (2 * rng.nextDouble() - 1));
  }

  private static Lattice scaled(Lattice cell, double factor) {
    double[][] m = cell.matrix();
    double[][] s = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        s[i][j] = m[i][j] * factor;
      }
    }
    return Lattice.fromMatrix(s);
  }

  /**
   * The smallest distance between two atoms (or an atom and its own periodic image), over the nearest 27 cells, in
   * units of the sum of the two covalent radii.
   */
  static double closestRelativeDistance(Lattice cell, List<Site> sites) {
    double[][] m = cell.matrix();
    int n = sites.size();
    double[][] cart = new double[n][];
    double[] radius = new double[n];
    for (int i = 0; i < n; i++) {
      Site s = sites.get(i);
      cart[i] = cell.toCartesian(s.x(), s.y(), s.z());
      radius[i] = s.species().get(0).species().element().covalentRadiusAngstrom();
    }
    double closest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        for (int u = -1; u <= 1; u++) {
          for (int v = -1; v <= 1; v++) {
            for (int w = -1; w <= 1; w++) {
              if (i == j && u == 0 && v == 0 && w == 0) {
                continue;
              }
              double dx = cart[j][0] - cart[i][0] + u * m[0][0] + v * m[1][0] + w * m[2][0];
              double dy = cart[j][1] - cart[i][1] + u * m[0][1] + v * m[1][1] + w * m[2][1];
              double dz = cart[j][2] - cart[i][2] + u * m[0][2] + v * m[1][2] + w * m[2][2];
              double d = Math.sqrt(dx * dx + dy * dy + dz * dz) / (radius[i] + radius[j]);
              closest = Math.min(closest, d);
            }
          }
        }
      }
    }
    return closest;
  }

  /**
   * Writes crystals 0 .. count-1 of the sequence of {@code seed} into {@code dir} in Alexandria's layout
   * ({@link AlexandriaFiles}), each entry with its space group as {@code data.spg}, which {@code xxact dataset build}
   * reads for the {@code crystal_system} and {@code spacegroup_number} targets.
   *
   * @param written counts the entries written, from several threads
   * @return the files written, in order
   */
  public static List<Path> write(Path dir, long count, int entriesPerFile, long seed, int threads, AtomicLong written)
      throws IOException {
    return AlexandriaFiles.write(dir, count, entriesPerFile, threads, (g, from, to) -> {
      for (long k = from; k < to; k++) {
        entry(g, generate(seed, k), String.format(Locale.ROOT, "random%09d", k));
        written.incrementAndGet();
      }
    });
  }

  private static void entry(JsonGenerator g, Crystal c, String id) throws IOException {
    g.writeStartObject();
    g.writeStringField("@module", "pymatgen.entries.computed_entries");
    g.writeStringField("@class", "ComputedStructureEntry");
    g.writeStringField("entry_id", id);
    g.writeObjectFieldStart("composition");
    for (Map.Entry<Element, Double> e : c.structure().composition().amounts().entrySet()) {
      g.writeNumberField(e.getKey().symbol(), e.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("data");
    g.writeNumberField("spg", c.spaceGroupNumber());
    g.writeEndObject();
    AlexandriaFiles.structure(g, c.structure());
    g.writeEndObject();
  }
}
