package org.xxact.crystal.io;

import java.util.Map;
import java.util.Optional;
import org.xxact.crystal.InputException;

/**
 * One CIF data block: its name, the line of its {@code data_} header and its items. A single-valued tag is a column of
 * one value; a loop gives one column per tag. Tags are in lower case with '.' read as '_'. A block whose text could not
 * be read carries the error instead of items.
 *
 * @param name block name (after {@code data_})
 * @param line 1-based line of the header
 * @param items columns by normalised tag
 * @param error the syntax error that made the block unreadable, or null
 */
public record CifBlock(String name, long line, Map<String, Column> items, InputException error) {

  /**
   * Values of one tag with the line of each.
   *
   * @param tag normalised tag
   * @param values raw values (quotes removed)
   * @param lines 1-based line of each value
   * @param loop whether the tag was in a loop
   */
  public record Column(String tag, String[] values, long[] lines, boolean loop) {
    public int size() {
      return values.length;
    }
  }

  /** The column of this tag, if present. */
  public Optional<Column> column(String tag) {
    return Optional.ofNullable(items.get(tag));
  }

  /** The first present column among these tags. */
  public Optional<Column> firstColumn(String... tags) {
    for (String t : tags) {
      Column c = items.get(t);
      if (c != null) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Whether the block describes a structure at all: it has a cell or atom sites (not only publication data). */
  boolean looksLikeStructure() {
    for (String tag : items.keySet()) {
      if (tag.startsWith("_cell_") || tag.startsWith("_atom_site_")) {
        return true;
      }
    }
    return false;
  }
}
