package org.xxact.crystal.io;

import java.util.List;

/**
 * How to read structure inputs. Only CSV files have settings: which column holds the CIF text and which the record id.
 *
 * @param idColumn CSV column with the record id; null to use the first of {@link #DEFAULT_ID_COLUMNS} present, else
 *     the record number
 * @param cifColumn CSV column with the CIF text
 */
public record StructureInputOptions(String idColumn, String cifColumn) {
  /** Default CIF column, as in the Materials Project derived CSVs (MP-20, perov-5, mp_cgcnn36k). */
  public static final String DEFAULT_CIF_COLUMN = "cif";
  /** Id columns tried, in order, when none is given. */
  public static final List<String> DEFAULT_ID_COLUMNS = List.of("material_id", "id");

  public StructureInputOptions {
    if (cifColumn == null || cifColumn.isBlank()) {
      throw new IllegalArgumentException("the CIF column name must not be empty");
    }
  }

  /** Defaults: CIF in column "cif", id from "material_id" or "id". */
  public static StructureInputOptions defaults() {
    return new StructureInputOptions(null, DEFAULT_CIF_COLUMN);
  }

  /** These options with another id column (null for the default choice). */
  public StructureInputOptions withIdColumn(String column) {
    return new StructureInputOptions(column, cifColumn);
  }

  /** These options with another CIF column. */
  public StructureInputOptions withCifColumn(String column) {
    return new StructureInputOptions(idColumn, column);
  }
}
