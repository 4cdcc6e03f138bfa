package org.xxact.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xxact.crystal.InputException;

/** Reads and writes the JSON files of a dataset directory (manifest, build parameters, reject lines). */
public final class ManifestIo {
  /** Pretty-printing mapper for the manifest; tolerant of fields added by later versions. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Compact mapper for JSON lines. */
  static final ObjectMapper JSON_LINES = new ObjectMapper();

  private ManifestIo() {}

  /** Atomically writes a value as pretty JSON. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, JSON.writeValueAsString(value) + "\n");
  }

  /**
   * Reads a JSON file into a record type.
   *
   * @throws InputException when the file is not valid JSON of that shape
   */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    try {
      return JSON.readValue(Files.readAllBytes(file), type);
    } catch (JsonProcessingException ex) {
      throw new InputException(file.toString(), 0, "not a valid " + type.getSimpleName() + " file: "
          + ex.getOriginalMessage());
    }
  }

  /** The manifest of a dataset directory. */
  public static Manifest readManifest(Path datasetDir) throws IOException {
    Path f = datasetDir.resolve(DatasetLayout.MANIFEST);
    if (!Files.isRegularFile(f)) {
      throw new InputException(datasetDir.toString(), 0,
          "not a finished xxact dataset (no " + DatasetLayout.MANIFEST + "); build one with 'xxact dataset build'");
    }
    Manifest m = read(f, Manifest.class);
    if (!Manifest.FORMAT.equals(m.format())) {
      throw new InputException(f.toString(), 0, "not an xxact dataset manifest (format '" + m.format() + "')");
    }
    if (m.formatVersion() != DatasetLayout.FORMAT_VERSION) {
      throw new InputException(f.toString(), 0, "dataset format version " + m.formatVersion()
          + ", this xxact reads version " + DatasetLayout.FORMAT_VERSION + "; rebuild the dataset");
    }
    return m;
  }

  /** One JSON line (no line break) for a value. */
  static String jsonLine(Object value) {
    try {
      return JSON_LINES.writeValueAsString(value);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise " + value, ex);
    }
  }
}
