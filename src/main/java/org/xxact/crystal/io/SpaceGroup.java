package org.xxact.crystal.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.xxact.crystal.CrystalSystem;

/**
 * One of the 230 space groups, with the operations of its general position in the conventional setting (centring
 * translations included, rhombohedral groups on hexagonal axes, monoclinic groups with unique axis b), as tabulated in
 * the International Tables for Crystallography, Vol. A. The table ({@code space-groups.tsv}) was written from
 * pymatgen's {@code SpaceGroup.symmetry_ops}; its header says how.
 *
 * <p>The group places atoms: {@link #orbit} gives the positions symmetry-equivalent to one, so that a structure built
 * from a few independent positions has the symmetry of the group, and its diffraction pattern the group's extinctions.
 */
public final class SpaceGroup {
  /** Fractional distance within which two images of a position are one site (as for CIF symmetry expansion). */
  public static final double SITE_TOLERANCE = CifStructureBuilder.SITE_TOLERANCE;

  private static final String RESOURCE = "/org/xxact/crystal/space-groups.tsv";
  private static final List<SpaceGroup> TABLE = load();
  private static final List<String> BRAVAIS_LATTICES =
      TABLE.stream().map(SpaceGroup::bravaisLattice).distinct().toList();

  /**
   * Absences of indices up to this magnitude are tabulated on first use: enough for the lines of a 25 angstrom cell to
   * 2-theta 90 degrees with Cu K-alpha, where an indexing asks for them thousands of times per pattern.
   */
  private static final int ABSENCE_TABLE_INDEX = 24;

  private static final int ABSENCE_TABLE_SIZE = 2 * ABSENCE_TABLE_INDEX + 1;

  private final int number;
  private final String symbol;
  private final List<SymmetryOperation> operations;

  /** The tabulated absences, or null until first asked; a race computes the same table twice, harmlessly. */
  private volatile BitSet absences;

  private SpaceGroup(int number, String symbol, List<SymmetryOperation> operations) {
    this.number = number;
    this.symbol = symbol;
    this.operations = List.copyOf(operations);
  }

  /**
   * The space group of International Tables number {@code number}.
   *
   * @throws IllegalArgumentException for a number outside 1-230
   */
  public static SpaceGroup of(int number) {
    if (number < 1 || number > CrystalSystem.SPACE_GROUPS) {
      throw new IllegalArgumentException(
          "space-group number " + number + " is outside 1-" + CrystalSystem.SPACE_GROUPS);
    }
    return TABLE.get(number - 1);
  }

  /** International Tables number, 1-230. */
  public int number() {
    return number;
  }

  /** Full Hermann-Mauguin symbol as pymatgen writes it ("P12_1/c1", "Fm-3m", "R-3mH"). */
  public String symbol() {
    return symbol;
  }

  public CrystalSystem crystalSystem() {
    return CrystalSystem.ofSpaceGroup(number);
  }

  /**
   * The Bravais lattice in words, crystal system and centring ("cubic F", "orthorhombic C", "trigonal R"): the first
   * letter of the Hermann-Mauguin symbol, with the four A-centred orthorhombic groups (38-41) counted as base-centred
   * C, which they are in another choice of axes (International Tables for Crystallography, Vol. A, Table 3.1.2.1).
   * Trigonal P is kept apart from hexagonal P, the same lattice, because the two systems are told apart here. A powder
   * pattern shows the centring through the reflections it forbids, so a pattern's indexed cell says which of these
   * lattices is possible before any space group is.
   */
  public String bravaisLattice() {
    char centring = symbol.charAt(0) == 'A' ? 'C' : symbol.charAt(0);
    return crystalSystem().label() + " " + centring;
  }

  /**
   * Whether the group forbids reflection hkl whatever the atoms: a systematic absence. An operation r' = R r + t
   * relates the structure factors F(h R) = F(h) exp(-2 pi i h.t) (h a row vector), so a reflection that R leaves
   * unchanged (h R = h) has F(h) = 0 unless h.t is an integer: centring translations, glide planes and screw axes
   * extinguish their zones and rows this way (International Tables for Crystallography, Vol. A, Section 2.2.13).
   * Indices refer to the conventional cell of {@link #orbit}.
   */
  public boolean forbids(int h, int k, int l) {
    int n = ABSENCE_TABLE_INDEX;
    if (Math.abs(h) > n || Math.abs(k) > n || Math.abs(l) > n) {
      return computeForbids(h, k, l);
    }
    BitSet table = absences;
    if (table == null) {
      table = new BitSet(ABSENCE_TABLE_SIZE * ABSENCE_TABLE_SIZE * ABSENCE_TABLE_SIZE);
      for (int i = -n; i <= n; i++) {
        for (int j = -n; j <= n; j++) {
          for (int m = -n; m <= n; m++) {
            table.set(absenceIndex(i, j, m), computeForbids(i, j, m));
          }
        }
      }
      absences = table;
    }
    return table.get(absenceIndex(h, k, l));
  }

  private static int absenceIndex(int h, int k, int l) {
    int n = ABSENCE_TABLE_INDEX;
    return ((h + n) * ABSENCE_TABLE_SIZE + k + n) * ABSENCE_TABLE_SIZE + l + n;
  }

  private boolean computeForbids(int h, int k, int l) {
    for (SymmetryOperation op : operations) {
      double[][] r = op.rotation();
      if (h * r[0][0] + k * r[1][0] + l * r[2][0] == h
          && h * r[0][1] + k * r[1][1] + l * r[2][1] == k
          && h * r[0][2] + k * r[1][2] + l * r[2][2] == l) {
        double phase = h * op.translation()[0] + k * op.translation()[1] + l * op.translation()[2];
        if (Math.abs(phase - Math.rint(phase)) > 1e-6) {
          return true;
        }
      }
    }
    return false;
  }

  /** The distinct Bravais lattices ({@link #bravaisLattice()}) of the 230 groups, in the order of their first group. */
  public static List<String> bravaisLattices() {
    return BRAVAIS_LATTICES;
  }

  /** Number of operations of the general position in the conventional cell: the multiplicity of a general site. */
  public int generalMultiplicity() {
    return operations.size();
  }

  /**
   * The distinct images of fractional position (x, y, z) in the conventional cell, wrapped into [0, 1). Their number is
   * the multiplicity of the Wyckoff position the point lies on: {@link #generalMultiplicity()} for a general point,
   * fewer for a point on a symmetry element (the origin of Fm-3m has 4).
   */
  public List<double[]> orbit(double x, double y, double z) {
    return SymmetryOperation.addImages(operations, x, y, z, new ArrayList<>(), SITE_TOLERANCE);
  }

  private static List<SpaceGroup> load() {
    List<SpaceGroup> groups = new ArrayList<>(CrystalSystem.SPACE_GROUPS);
    try (InputStream in = SpaceGroup.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the space-group table " + RESOURCE + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        int number = Integer.parseInt(cols[0]);
        if (cols.length != 3 || number != groups.size() + 1) {
          throw new IllegalStateException(RESOURCE + ": line for group " + cols[0] + " is out of order or malformed");
        }
        List<SymmetryOperation> ops = new ArrayList<>();
        for (String op : cols[2].split(";", -1)) {
          ops.add(SymmetryOperation.parse(op));
        }
        groups.add(new SpaceGroup(number, cols[1], ops));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    if (groups.size() != CrystalSystem.SPACE_GROUPS) {
      throw new IllegalStateException(RESOURCE + " holds " + groups.size() + " groups, not 230");
    }
    return List.copyOf(groups);
  }
}
