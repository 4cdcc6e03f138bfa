package org.xxact.crystal.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xxact.crystal.Composition;

/**
 * A composition without a structure, read from a CSV column such as Matbench's {@code composition} ({@code K4 Mn4 O8}),
 * with the record's other columns as properties. Only a composition model can learn from it: there is no pattern.
 *
 * @param source file the record came from
 * @param id record id
 * @param line 1-based line where the record starts
 * @param composition the composition as written (a unit-cell formula keeps its multiples)
 * @param properties other columns of the record by name, in input order; values as written
 */
public record CompositionRecord(
    String source, String id, long line, Composition composition, Map<String, String> properties)
    implements MaterialRecord {
  public CompositionRecord {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
