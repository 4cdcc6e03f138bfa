package org.xxact.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The bundled 300-row sample of mp_cgcnn36k (see the README next to it), as a file and as CSV rows. */
final class TestInputs {
  static final String SAMPLE = "mp_sample300.csv.gz";

  private TestInputs() {}

  /** Copies the sample into {@code dir} and returns its path. */
  static Path sample(Path dir) {
    Path p = dir.resolve(SAMPLE);
    try (InputStream in = TestInputs.class.getResourceAsStream(SAMPLE)) {
      Files.copy(in, p);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return p;
  }

  /**
   * The sample's header line and its records as CSV text (a record spans several lines: its CIF is a quoted
   * multi-line field). Every record of this file starts with "{id},mp-".
   */
  static List<String> records() {
    try (InputStream in = new GZIPInputStream(TestInputs.class.getResourceAsStream(SAMPLE))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(List.of(text.split("\n(?=\\d+,mp-)")));
      for (int i = 0; i < out.size(); i++) {
        out.set(i, out.get(i).endsWith("\n") ? out.get(i) : out.get(i) + "\n");
      }
      return out;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static BuildOptions options(List<Path> inputs, String targets, Path out, int threads, int shardSize) {
    return new BuildOptions(inputs, List.of(targets.split(",")), out, null, BuildOptions.SPLIT_BY_FORMULA,
        BuildOptions.DEFAULT_SPLIT, BuildOptions.DEFAULT_SEED, null, threads, false, shardSize, null, null, List.of());
  }
}
