package org.xxact.crystal.io;

import java.util.Map;
import org.xxact.crystal.Composition;

/**
 * A usable input record: a material with its composition and the properties that came with it. A
 * {@link StructureRecord} also has the crystal structure (so a diffraction pattern); a {@link CompositionRecord} has
 * only the composition, as in tables of computed properties that do not ship their structures.
 */
public sealed interface MaterialRecord extends RecordResult permits StructureRecord, CompositionRecord {
  /** The composition (of the cell, or as written). */
  Composition composition();

  /** Other fields of the record by name, in input order; values as written. */
  Map<String, String> properties();
}
