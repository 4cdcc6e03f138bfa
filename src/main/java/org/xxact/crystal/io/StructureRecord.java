package org.xxact.crystal.io;

import java.util.Map;
import org.xxact.crystal.Composition;
import org.xxact.crystal.Structure;

/**
 * A structure read from an input, with the properties that came with it (other CSV columns, the {@code data} fields and
 * energies of a ComputedStructureEntry), as text exactly as written, so that callers decide how to parse them.
 *
 * @param source file the record came from
 * @param id record id
 * @param line 1-based line or record number where the record starts
 * @param structure the structure
 * @param properties other fields of the record by name, in input order; values as written
 */
public record StructureRecord(String source, String id, long line, Structure structure, Map<String, String> properties)
    implements MaterialRecord {
  public StructureRecord {
    properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
  }

  /** The composition of the structure's cell. */
  @Override
  public Composition composition() {
    return structure.composition();
  }
}
