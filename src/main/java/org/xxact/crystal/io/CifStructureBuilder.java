package org.xxact.crystal.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;

/**
 * Turns a CIF data block into a {@link Structure} the way pymatgen 2022.11.7 {@code CifParser.get_structures(primitive=
 * False)} does (pymatgen/io/cif.py), so that structures, and the diffraction patterns computed from them, agree:
 *
 * <ol>
 *   <li>the cell from {@code _cell_length_*} and {@code _cell_angle_*} (standard uncertainties dropped), oriented as
 *       pymatgen's {@code Lattice.from_parameters};
 *   <li>fractional coordinates within relative {@link #IDEAL_FRACTION_TOLERANCE} of 1/3 or 2/3 set to exactly 1/3 or
 *       2/3, so that hexagonal positions written with four or five digits expand without spurious duplicates;
 *   <li>the element from {@code _atom_site_type_symbol}, else from the label (first two letters if they are an
 *       element, else the first letter); a charge written in the symbol ({@code Fe2+}, {@code O2-}) or given in the
 *       {@code _atom_type_oxidation_number} loop becomes the species' oxidation state;
 *   <li>rows whose position is symmetry-equivalent (within {@link #SITE_TOLERANCE}, periodic) to an earlier row are
 *       merged into one disordered site; rows of zero occupancy are left out, as pymatgen does;
 *   <li>every site is expanded with the operations of {@code _symmetry_equiv_pos_as_xyz} or {@code
 *       _space_group_symop_operation_xyz}, wrapped into [0, 1) and kept once (within {@link #SITE_TOLERANCE});
 *   <li>the sites are put in pymatgen's order ({@link Structure#sortedByElectronegativity()}).
 * </ol>
 *
 * A block that names a space group other than P1 without listing its operations is rejected: without the operations the
 * structure cannot be expanded (pymatgen falls back to its own space-group tables, which this reader does not carry).
 */
final class CifStructureBuilder {
  /** pymatgen's {@code site_tolerance}: fractional distance within which two positions are the same site. */
  static final double SITE_TOLERANCE = 1e-4;
  /** pymatgen's relative tolerance for snapping coordinates to 1/3 and 2/3. */
  static final double IDEAL_FRACTION_TOLERANCE = 1e-4;

  private static final double ONE_THIRD = 1.0 / 3.0;
  private static final double TWO_THIRDS = 2.0 / 3.0;

  /** A charge at the end of a type symbol: "Fe2+", "O2-", "Li+", "Fe+3", "Mn3.5+". */
  private static final Pattern CHARGE =
      Pattern.compile("^[A-Za-z]+(?:(\\d+(?:\\.\\d+)?)?([+-])|([+-])(\\d+(?:\\.\\d+)?))$");

  private static final String[] SYMOP_TAGS = {
    "_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"
  };
  private static final String[] SPACE_GROUP_NAME_TAGS = {
    "_symmetry_space_group_name_h-m",
    "_space_group_name_h-m_alt",
    "_symmetry_space_group_name_hall",
    "_space_group_name_hall"
  };
  private static final String[] SPACE_GROUP_NUMBER_TAGS = {
    "_symmetry_int_tables_number", "_space_group_it_number"
  };

  private final CifBlock block;
  private final String source;

  private CifStructureBuilder(CifBlock block, String source) {
    this.block = block;
    this.source = source;
  }

  /**
   * Builds the structure of a block.
   *
   * @throws InputException naming the line of the first problem
   */
  static Structure build(CifBlock block, String source) {
    return new CifStructureBuilder(block, source).build();
  }

  private InputException error(long line, String reason) {
    return new InputException(source, line, reason);
  }

  private Structure build() {
    Lattice lattice = lattice();
    List<SymmetryOperation> ops = symmetryOperations();
    List<Row> rows = rows();
    // Merge rows at symmetry-equivalent positions into one site (pymatgen's get_matching_coord).
    List<Row> representatives = new ArrayList<>();
    for (Row row : rows) {
      Row match = matching(representatives, row, ops);
      if (match == null) {
        representatives.add(row);
      } else {
        match.species.merge(row.species.keySet().iterator().next(), row.species.values().iterator().next(), Double::sum);
      }
    }
    // Expand every group of identical species with the operations (pymatgen's _unique_coords).
    Map<Map<Species, Double>, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : representatives) {
      groups.computeIfAbsent(r.species, k -> new ArrayList<>()).add(r);
    }
    List<Site> sites = new ArrayList<>();
    for (Map.Entry<Map<Species, Double>, List<Row>> g : groups.entrySet()) {
      List<SpeciesOccupancy> species = new ArrayList<>();
      g.getKey().forEach((sp, occ) -> species.add(new SpeciesOccupancy(sp, occ)));
      List<double[]> coords = new ArrayList<>();
      for (Row r : g.getValue()) {
        for (double[] c : SymmetryOperation.addImages(ops, r.x, r.y, r.z, coords, SITE_TOLERANCE)) {
          sites.add(new Site(species, c[0], c[1], c[2], r.label));
        }
      }
    }
    if (sites.isEmpty()) {
      throw error(block.line(), "no atom with a positive occupancy");
    }
    return new Structure(lattice, sites).sortedByElectronegativity();
  }

  private Row matching(List<Row> representatives, Row row, List<SymmetryOperation> ops) {
    if (representatives.isEmpty()) {
      return null;
    }
    for (SymmetryOperation op : ops) {
      double[] c = op.apply(row.x, row.y, row.z);
      for (Row r : representatives) {
        if (SymmetryOperation.samePeriodic(r.x, r.y, r.z, c, SITE_TOLERANCE)) {
          return r;
        }
      }
    }
    return null;
  }

  private Lattice lattice() {
    double a = cellValue("_cell_length_a");
    double b = cellValue("_cell_length_b");
    double c = cellValue("_cell_length_c");
    double alpha = cellValue("_cell_angle_alpha");
    double beta = cellValue("_cell_angle_beta");
    double gamma = cellValue("_cell_angle_gamma");
    long line = block.column("_cell_length_a").map(col -> col.lines()[0]).orElse(block.line());
    try {
      return Lattice.fromParameters(a, b, c, alpha, beta, gamma);
    } catch (IllegalArgumentException ex) {
      throw error(line, "the cell gives no volume: " + ex.getMessage());
    }
  }

  private double cellValue(String tag) {
    CifBlock.Column col =
        block
            .column(tag)
            .orElseThrow(() -> error(block.line(), "no unit cell: " + tag + " is missing"));
    String v = col.values()[0];
    double d = CifNumbers.parse(v);
    if (Double.isNaN(d)) {
      throw error(col.lines()[0], tag + " '" + CifBlockReader.shorten(v) + "' is not a number");
    }
    return d;
  }

  private List<SymmetryOperation> symmetryOperations() {
    Optional<CifBlock.Column> symops = block.firstColumn(SYMOP_TAGS);
    if (symops.isEmpty()) {
      requireP1();
      return List.of(SymmetryOperation.IDENTITY);
    }
    CifBlock.Column col = symops.get();
    List<SymmetryOperation> ops = new ArrayList<>(col.size());
    for (int i = 0; i < col.size(); i++) {
      try {
        ops.add(SymmetryOperation.parse(col.values()[i]));
      } catch (IllegalArgumentException ex) {
        throw error(col.lines()[i], ex.getMessage());
      }
    }
    if (ops.isEmpty()) {
      throw error(block.line(), col.tag() + " lists no operations");
    }
    return ops;
  }

  /** Without listed operations the block must be P1 (or say nothing about its space group). */
  private void requireP1() {
    for (String tag : SPACE_GROUP_NAME_TAGS) {
      Optional<CifBlock.Column> c = block.column(tag);
      if (c.isPresent() && !CifNumbers.isPlaceholder(c.get().values()[0])) {
        String name = c.get().values()[0];
        if (!name.replace(" ", "").replace("_", "").equalsIgnoreCase("P1")) {
          throw error(
              c.get().lines()[0],
              "space group '"
                  + name
                  + "' is given without its symmetry operations (_symmetry_equiv_pos_as_xyz); list the operations"
                  + " or give the structure in P1");
        }
      }
    }
    for (String tag : SPACE_GROUP_NUMBER_TAGS) {
      Optional<CifBlock.Column> c = block.column(tag);
      if (c.isPresent() && !CifNumbers.isPlaceholder(c.get().values()[0])) {
        double number = CifNumbers.parse(c.get().values()[0]);
        if (number != 1) {
          throw error(
              c.get().lines()[0],
              "space group number "
                  + c.get().values()[0]
                  + " is given without its symmetry operations (_symmetry_equiv_pos_as_xyz); list the operations"
                  + " or give the structure in P1");
        }
      }
    }
  }

  /** One _atom_site row. */
  private static final class Row {
    final Map<Species, Double> species = new LinkedHashMap<>();
    final double x;
    final double y;
    final double z;
    final String label;

    Row(Species sp, double occupancy, double x, double y, double z, String label) {
      species.put(sp, occupancy);
      this.x = x;
      this.y = y;
      this.z = z;
      this.label = label;
    }
  }

  private List<Row> rows() {
    Optional<CifBlock.Column> fx = block.column("_atom_site_fract_x");
    if (fx.isEmpty()) {
      if (block.column("_atom_site_cartn_x").isPresent()) {
        throw error(
            block.column("_atom_site_cartn_x").get().lines()[0],
            "only Cartesian atom coordinates (_atom_site_Cartn_x); fractional ones (_atom_site_fract_x) are needed");
      }
      throw error(block.line(), "no atom sites: _atom_site_fract_x is missing");
    }
    CifBlock.Column x = fx.get();
    CifBlock.Column y = required("_atom_site_fract_y");
    CifBlock.Column z = required("_atom_site_fract_z");
    Optional<CifBlock.Column> type = block.column("_atom_site_type_symbol");
    Optional<CifBlock.Column> label = block.column("_atom_site_label");
    Optional<CifBlock.Column> occupancy = block.column("_atom_site_occupancy");
    int n = x.size();
    if (n == 0) {
      throw error(block.line(), "no atom sites: the _atom_site loop is empty");
    }
    for (Optional<CifBlock.Column> c : List.of(Optional.of(y), Optional.of(z), type, label, occupancy)) {
      if (c.isPresent() && c.get().size() != n) {
        throw error(
            c.get().lines().length > 0 ? c.get().lines()[0] : block.line(),
            c.get().tag() + " has " + c.get().size() + " values but _atom_site_fract_x has " + n);
      }
    }
    if (type.isEmpty() && label.isEmpty()) {
      throw error(x.lines()[0], "atom sites have neither _atom_site_type_symbol nor _atom_site_label");
    }
    Map<String, Double> oxidationStates = oxidationStates();
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long line = x.lines()[i];
      String symbolText = null;
      if (type.isPresent() && !CifNumbers.isPlaceholder(type.get().values()[i])) {
        symbolText = type.get().values()[i];
      } else if (label.isPresent()) {
        symbolText = label.get().values()[i];
      }
      if (symbolText == null || CifNumbers.isPlaceholder(symbolText)) {
        throw error(line, "atom site " + (i + 1) + " has no type symbol or label");
      }
      Element element = element(symbolText, line);
      double oxidation = oxidationState(symbolText, element, oxidationStates);
      double occ = 1;
      if (occupancy.isPresent() && !CifNumbers.isPlaceholder(occupancy.get().values()[i])) {
        occ = CifNumbers.parse(occupancy.get().values()[i]);
        if (Double.isNaN(occ) || occ < 0 || Double.isInfinite(occ)) {
          throw error(
              occupancy.get().lines()[i],
              "occupancy '" + occupancy.get().values()[i] + "' of atom site " + (i + 1) + " is not a number >= 0");
        }
      }
      double fx1 = coordinate(x, i);
      double fy1 = coordinate(y, i);
      double fz1 = coordinate(z, i);
      if (occ > 0) {
        String lab = label.isPresent() ? label.get().values()[i] : symbolText;
        rows.add(new Row(new Species(element, oxidation), occ, fx1, fy1, fz1, lab));
      }
    }
    return rows;
  }

  private CifBlock.Column required(String tag) {
    return block.column(tag).orElseThrow(() -> error(block.line(), "no atom sites: " + tag + " is missing"));
  }

  private double coordinate(CifBlock.Column col, int i) {
    String v = col.values()[i];
    double d = CifNumbers.parse(v);
    if (!Double.isFinite(d)) {
      throw error(
          col.lines()[i], col.tag() + " '" + CifBlockReader.shorten(v) + "' of atom site " + (i + 1) + " is not a number");
    }
    if (Math.abs(1 - d / ONE_THIRD) < IDEAL_FRACTION_TOLERANCE) {
      return ONE_THIRD;
    }
    if (Math.abs(1 - d / TWO_THIRDS) < IDEAL_FRACTION_TOLERANCE) {
      return TWO_THIRDS;
    }
    return d;
  }

  /** pymatgen's parse_oxi_states: the _atom_type loop, by symbol as written and with the charge stripped. */
  private Map<String, Double> oxidationStates() {
    Optional<CifBlock.Column> symbols = block.column("_atom_type_symbol");
    Optional<CifBlock.Column> numbers = block.column("_atom_type_oxidation_number");
    Map<String, Double> map = new HashMap<>();
    if (symbols.isEmpty() || numbers.isEmpty() || symbols.get().size() != numbers.get().size()) {
      return map;
    }
    for (int i = 0; i < symbols.get().size(); i++) {
      double v = CifNumbers.parse(numbers.get().values()[i]);
      if (Double.isNaN(v)) {
        continue;
      }
      String s = symbols.get().values()[i];
      map.put(s, v);
      map.put(s.replaceFirst("\\d?[+,\\-]?$", ""), v);
    }
    return map;
  }

  private static double oxidationState(String symbolText, Element element, Map<String, Double> fromTypeLoop) {
    Double listed = fromTypeLoop.get(symbolText);
    if (listed == null) {
      listed = fromTypeLoop.get(element.symbol());
    }
    if (listed != null) {
      return listed;
    }
    char last = symbolText.charAt(symbolText.length() - 1);
    if (last != '+' && last != '-' && !symbolText.contains("+") && !symbolText.contains("-")) {
      return 0;
    }
    Matcher m = CHARGE.matcher(symbolText);
    if (!m.matches()) {
      return 0;
    }
    String magnitude = m.group(2) != null ? m.group(1) : m.group(4);
    String sign = m.group(2) != null ? m.group(2) : m.group(3);
    double value = magnitude == null ? 1 : Double.parseDouble(magnitude);
    return sign.equals("-") ? -value : value;
  }

  /**
   * pymatgen's CifParser._parse_symbol: water and nitrate pseudo-atoms by name, else the first two letters (title case)
   * if they are an element, else the first letter.
   */
  private Element element(String text, long line) {
    if (text.startsWith("Wat") || text.startsWith("wat")) {
      return Elements.of("O");
    }
    if (text.startsWith("NO3")) {
      return Elements.of("N");
    }
    if (text.startsWith("OH")) {
      throw error(line, "pseudo-atom '" + text + "' (hydroxyl group) is not supported; give O and H separately");
    }
    if (text.length() >= 2) {
      String two = text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1, 2).toLowerCase(Locale.ROOT);
      Optional<Element> e = Elements.find(two);
      if (e.isPresent()) {
        return e.get();
      }
    }
    Optional<Element> one = Elements.find(text.substring(0, 1).toUpperCase(Locale.ROOT));
    if (one.isPresent()) {
      return one.get();
    }
    Matcher m = Pattern.compile("^[A-Z][a-z]*").matcher(text);
    String shown = m.find() ? m.group() : text;
    throw error(line, "unknown element '" + CifBlockReader.shorten(shown) + "' in atom site '" + text + "'");
  }
}
