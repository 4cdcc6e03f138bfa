package org.xxact.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xxact.crystal.CrystalSystem;

/**
 * How one prediction target is read from the properties of an input record ({@code StructureRecord.properties()}):
 * either a numeric column / JSON data field as it is (regression), or a class label derived from one:
 *
 * <ul>
 *   <li>{@code crystal_system}: 7 classes from the space-group number ({@link CrystalSystem#ofSpaceGroup});
 *   <li>{@code spacegroup_number}: 230 classes "1".."230";
 *   <li>{@code is_metal}: 2 classes, metal when the (PBE) band gap is zero.
 * </ul>
 *
 * The space group comes from {@code spacegroup_number_spglib} (the bundled Materials Project set) or {@code spg}
 * (Alexandria); the gap from {@code band_gap} or Alexandria's {@code band_gap_ind} (the fundamental gap).
 *
 * @param name target name as given on the command line
 * @param kind regression for a column, classification for a derived label
 * @param unit physical unit of a regression target where known, else empty
 * @param classNames class labels in index order (classification only)
 * @param sourceColumns the property names the value may come from, first present wins
 * @param derivation how the value is computed from the source
 */
public record TargetDefinition(
    String name,
    TargetKind kind,
    String unit,
    List<String> classNames,
    List<String> sourceColumns,
    TargetDefinition.Derivation derivation) {

  /** How a stored value is computed from the source property. */
  public enum Derivation {
    /** The number as written. */
    COLUMN,
    /** The crystal-system class index of a space-group number. */
    CRYSTAL_SYSTEM,
    /** The space-group number minus one. */
    SPACE_GROUP,
    /** 1 (metal) when the band gap is zero, else 0. */
    METAL
  }

  /** Name of the crystal-system target. */
  public static final String CRYSTAL_SYSTEM_NAME = "crystal_system";

  /** Name of the space-group target. */
  public static final String SPACE_GROUP_NAME = "spacegroup_number";

  /** Crystal-system class names in index order ({@link CrystalSystem#ordinal()}). */
  public static final List<String> CRYSTAL_SYSTEMS =
      Arrays.stream(CrystalSystem.values()).map(CrystalSystem::label).toList();

  /**
   * Band gaps below this are zero: inputs write gaps with a few decimals, and a metal's gap is written as 0 or 0.0.
   */
  public static final double METAL_GAP_TOLERANCE_EV = 1e-6;

  /** Columns that hold a space-group number, in order of preference. */
  public static final List<String> SPACE_GROUP_COLUMNS = List.of("spacegroup_number_spglib", "spg", "spacegroup_number");

  /** Columns that hold the fundamental band gap, in order of preference. */
  public static final List<String> BAND_GAP_COLUMNS = List.of("band_gap", "band_gap_ind");

  /** Values that mean "not known" rather than "not a number". */
  private static final Set<String> MISSING_MARKERS = Set.of("", "none", "null", "nan", "n/a", "na");

  /** Units of well-known property names of Materials Project, Alexandria and the CGCNN sets. */
  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("formation_energy_per_atom", "eV/atom"),
          Map.entry("e_form", "eV/atom"),
          Map.entry("e_above_hull", "eV/atom"),
          Map.entry("energy_above_hull", "eV/atom"),
          Map.entry("e_above_hull_approx", "eV/atom"),
          Map.entry("energy_per_atom", "eV/atom"),
          Map.entry("energy", "eV"),
          Map.entry("band_gap", "eV"),
          Map.entry("band_gap_ind", "eV"),
          Map.entry("band_gap_dir", "eV"),
          Map.entry("fermi_energy", "eV"),
          Map.entry("dos_ef", "states/eV"),
          Map.entry("volume", "A^3"),
          Map.entry("total_magnetization", "muB"),
          Map.entry("total_mag", "muB"),
          Map.entry("bulk_modulus_vrh", "GPa"),
          Map.entry("shear_modulus_vrh", "GPa"));

  public TargetDefinition {
    classNames = List.copyOf(classNames);
    sourceColumns = List.copyOf(sourceColumns);
  }

  /**
   * The definition of a target name: one of the derived class targets, else a numeric column of that name. {@code
   * NAME=COLUMN} reads the target from another column, so that tables which name a quantity differently give one
   * target name: {@code formation_energy_per_atom=e_form} (Matbench), {@code crystal_system=spg_num}.
   *
   * @throws IllegalArgumentException for a blank name or column
   */
  public static TargetDefinition of(String name) {
    int eq = name.indexOf('=');
    String n = (eq < 0 ? name : name.substring(0, eq)).trim();
    String column = eq < 0 ? null : name.substring(eq + 1).trim();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("empty target name in --targets");
    }
    if (column != null && column.isEmpty()) {
      throw new IllegalArgumentException("target '" + n + "=' names no column");
    }
    TargetDefinition standard = standard(n);
    if (column == null) {
      return standard;
    }
    String unit = standard.unit().isEmpty() ? UNITS.getOrDefault(column, "") : standard.unit();
    return new TargetDefinition(n, standard.kind(), unit, standard.classNames(), List.of(column), standard.derivation());
  }

  /** The definition of a target name read from its usual columns. */
  private static TargetDefinition standard(String n) {
    return switch (n) {
      case CRYSTAL_SYSTEM_NAME -> new TargetDefinition(
          n, TargetKind.CLASSIFICATION, "", CRYSTAL_SYSTEMS, SPACE_GROUP_COLUMNS, Derivation.CRYSTAL_SYSTEM);
      case SPACE_GROUP_NAME -> {
        List<String> names = new ArrayList<>(CrystalSystem.SPACE_GROUPS);
        for (int sg = 1; sg <= CrystalSystem.SPACE_GROUPS; sg++) {
          names.add(Integer.toString(sg));
        }
        yield new TargetDefinition(
            n, TargetKind.CLASSIFICATION, "", names, SPACE_GROUP_COLUMNS, Derivation.SPACE_GROUP);
      }
      case "is_metal" -> new TargetDefinition(
          n, TargetKind.CLASSIFICATION, "", List.of("non-metal", "metal"), BAND_GAP_COLUMNS, Derivation.METAL);
      default -> new TargetDefinition(
          n, TargetKind.REGRESSION, UNITS.getOrDefault(n, ""), List.of(), List.of(n), Derivation.COLUMN);
    };
  }

  /**
   * Definitions for a comma-separated list such as "formation_energy_per_atom,band_gap,crystal_system".
   *
   * @throws IllegalArgumentException for an empty list, an empty name or a name given twice
   */
  public static List<TargetDefinition> parseList(String names) {
    List<TargetDefinition> out = new ArrayList<>();
    for (String n : names.split(",", -1)) {
      TargetDefinition d = of(n);
      if (out.stream().anyMatch(o -> o.name().equals(d.name()))) {
        throw new IllegalArgumentException("target '" + d.name() + "' is given twice in --targets");
      }
      out.add(d);
    }
    return out;
  }

  /** The first source column present in {@code properties}, or null when none is. */
  public String sourceColumnIn(Set<String> properties) {
    for (String c : sourceColumns) {
      if (properties.contains(c)) {
        return c;
      }
    }
    return null;
  }

  /**
   * What this target needs from an input, for error messages ("column 'band_gap'", "a space-group column
   * (spacegroup_number_spglib or spg)").
   */
  public String describeSource() {
    return switch (derivation) {
      case COLUMN -> "a column or data field '" + sourceColumns.get(0) + "'";
      case CRYSTAL_SYSTEM, SPACE_GROUP -> "a space-group column (" + String.join(" or ", sourceColumns) + ")";
      case METAL -> "a band-gap column (" + String.join(" or ", sourceColumns) + ")";
    };
  }

  /**
   * The stored value of this target for a record: the number (regression) or class index (classification), NaN
   * when the record has no value.
   *
   * @throws IllegalArgumentException with the reason when the value is there but unusable (not a number, a space
   *     group outside 1..230, a negative band gap)
   */
  public float value(Map<String, String> properties) {
    String column = sourceColumnIn(properties.keySet());
    if (column == null) {
      return Float.NaN;
    }
    String text = properties.get(column);
    if (text == null || MISSING_MARKERS.contains(text.trim().toLowerCase(Locale.ROOT))) {
      return Float.NaN;
    }
    double v = parseNumber(column, text);
    return switch (derivation) {
      case COLUMN -> (float) v;
      case CRYSTAL_SYSTEM -> CrystalSystem.ofSpaceGroup(spaceGroup(column, v)).ordinal();
      case SPACE_GROUP -> spaceGroup(column, v) - 1;
      case METAL -> {
        if (v < -METAL_GAP_TOLERANCE_EV) {
          throw new IllegalArgumentException(column + " = " + text.trim() + " is a negative band gap");
        }
        yield v < METAL_GAP_TOLERANCE_EV ? 1f : 0f;
      }
    };
  }

  private static double parseNumber(String column, String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(column + " = '" + abbreviate(text) + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(column + " = '" + text.trim() + "' is not a finite number");
    }
    return v;
  }

  private static int spaceGroup(String column, double v) {
    if (v != Math.rint(v) || v < 1 || v > CrystalSystem.SPACE_GROUPS) {
      throw new IllegalArgumentException(column + " = " + v + " is not a space-group number 1.." + CrystalSystem.SPACE_GROUPS);
    }
    return (int) v;
  }

  /** Long values (a CIF in the wrong column) are cut for the one-line message. */
  static String abbreviate(String text) {
    String t = text.trim().replace('\n', ' ').replace('\r', ' ');
    return t.length() <= 40 ? t : t.substring(0, 37) + "...";
  }
}
