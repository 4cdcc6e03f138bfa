package org.xxact.crystal.io;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The structure file formats, told apart by extension (after any .gz/.bz2/.xz) and by content where the extension
 * says nothing: JSON starts with '{' or '[', CIF with a comment or a {@code data_} line, CSV has a comma in its first
 * line.
 */
enum StructureFormat {
  /** Crystallographic Information File, one structure per data block. */
  CIF,
  /** CSV with a column of CIF text, one structure per row. */
  CSV,
  /** pymatgen Structure or ComputedStructureEntry JSON, lists of them, JSON lines, or Alexandria {"entries": [...]}. */
  JSON;

  /** Whether a file name (compression suffix removed) has an extension of one of the formats. */
  static Optional<StructureFormat> byExtension(String fileName) {
    String name = CompressedFiles.withoutCompressionSuffix(fileName).toLowerCase(Locale.ROOT);
    if (name.endsWith(".cif") || name.endsWith(".mcif")) {
      return Optional.of(CIF);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }

  /**
   * The format of a file from its name and its first (decompressed) bytes.
   *
   * @return empty when neither says
   */
  static Optional<StructureFormat> detect(String fileName, byte[] head, int n) {
    Optional<StructureFormat> byName = byExtension(fileName);
    if (byName.isPresent()) {
      return byName;
    }
    String text = new String(head, 0, n, StandardCharsets.UTF_8);
    String trimmed = text.stripLeading().replace("\uFEFF", "");
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return Optional.of(JSON);
    }
    if (trimmed.startsWith("#") || trimmed.regionMatches(true, 0, "data_", 0, 5) || text.contains("\ndata_")) {
      return Optional.of(CIF);
    }
    int eol = text.indexOf('\n');
    if ((eol < 0 ? text : text.substring(0, eol)).contains(",")) {
      return Optional.of(CSV);
    }
    return Optional.empty();
  }

  /** The file name without compression suffix and format extension, used as id of single-structure files. */
  static String stem(String fileName) {
    String name = CompressedFiles.withoutCompressionSuffix(fileName);
    int dot = name.lastIndexOf('.');
    return dot > 0 && byExtension(name).isPresent() ? name.substring(0, dot) : name;
  }
}
