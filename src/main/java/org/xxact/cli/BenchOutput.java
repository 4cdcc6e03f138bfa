package org.xxact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.xxact.data.AtomicFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a benchmark's result as {@code bench-NAME.json} (the numbers with their environment) and {@code bench-NAME.md}
 * (the table printed on stdout) into a folder, each atomically; shared by the {@code bench} subcommands.
 */
final class BenchOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchOutput() {}

  /**
   * Prints the benchmark's table on the command's standard output and, when {@code outDir} is given, writes
   * {@code bench-NAME.json} and {@code bench-NAME.md} into it.
   */
  static void report(CommandSpec spec, Path outDir, String name, Object result, String markdown) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.print(markdown);
    out.flush();
    if (outDir != null) {
      write(outDir, name, result, markdown, spec.commandLine().getErr());
    }
  }

  private static void write(Path dir, String name, Object result, String markdown, PrintWriter err)
      throws IOException {
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
