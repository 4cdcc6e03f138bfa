package org.xxact.crystal.io;

import java.util.List;

/**
 * How to read structure inputs. Only CSV files have settings: which column holds the CIF text (or, for tables without
 * structures, the composition) and which the record id.
 *
 * @param idColumn CSV column with the record id; null to use the first of {@link #DEFAULT_ID_COLUMNS} present, else
 *     the record number
 * @param cifColumn CSV column with the CIF text
 * @param compositionColumn CSV column with a formula ({@code Fe2O3}, {@code K4 Mn4 O8}); when given, each row is read
 *     as a {@link CompositionRecord} from it and the CIF column is not looked for; null: rows are structures
 */
public record StructureInputOptions(String idColumn, String cifColumn, String compositionColumn) {
  /** Default CIF column, as in the Materials Project derived CSVs (MP-20, perov-5, mp_cgcnn36k). */
  public static final String DEFAULT_CIF_COLUMN = "cif";
  /** Id columns tried, in order, when none is given. */
  public static final List<String> DEFAULT_ID_COLUMNS = List.of("material_id", "id");

  public StructureInputOptions {
    if (cifColumn == null || cifColumn.isBlank()) {
      throw new IllegalArgumentException("the CIF column name must not be empty");
    }
    if (compositionColumn != null && compositionColumn.isBlank()) {
      throw new IllegalArgumentException("the composition column name must not be empty");
    }
  }

  /** Defaults: CIF in column "cif", id from "material_id" or "id". */
  public static StructureInputOptions defaults() {
    return new StructureInputOptions(null, DEFAULT_CIF_COLUMN, null);
  }

  /** These options with another id column (null for the default choice). */
  public StructureInputOptions withIdColumn(String column) {
    return new StructureInputOptions(column, cifColumn, compositionColumn);
  }

  /** These options with another CIF column. */
  public StructureInputOptions withCifColumn(String column) {
    return new StructureInputOptions(idColumn, column, compositionColumn);
  }

  /** These options with rows read as compositions from {@code column} (null: rows are structures). */
  public StructureInputOptions withCompositionColumn(String column) {
    return new StructureInputOptions(idColumn, cifColumn, column);
  }
}
