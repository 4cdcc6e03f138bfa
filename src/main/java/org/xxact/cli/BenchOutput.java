package org.xxact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.xxact.data.AtomicFiles;

/**
 * Writes a benchmark's result as {@code bench-NAME.json} (the numbers with their environment) and {@code bench-NAME.md}
 * (the table printed on stdout) into a folder, each atomically; shared by the {@code bench} subcommands.
 */
final class BenchOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchOutput() {}

  static void write(Path dir, String name, Object result, String markdown, PrintWriter err) throws IOException {
    Path json = dir.resolve("bench-" + name + ".json");
    Path md = dir.resolve("bench-" + name + ".md");
    try (AtomicFiles.Output o = AtomicFiles.open(json)) {
      o.stream().write(JSON.writeValueAsBytes(result));
      o.stream().write('\n');
      o.commit();
    }
    try (AtomicFiles.Output o = AtomicFiles.open(md)) {
      o.stream().write(markdown.getBytes(StandardCharsets.UTF_8));
      o.commit();
    }
    err.println("wrote " + json + " and " + md);
  }
}
