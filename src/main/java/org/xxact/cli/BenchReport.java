package org.xxact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.XxactVersion;
import org.xxact.data.AtomicFiles;

/**
 * The JSON file a benchmark writes: what was run (the command line), on what (processors, heap, CPU model, Java and
 * xxact versions, time) and the results, so that a committed number can be traced and repeated.
 */
final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchReport() {}

  /** Writes {@code {benchmark, command, environment, results}} to {@code out} atomically. */
  static void write(Path out, String benchmark, List<String> command, Object results) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", benchmark);
    doc.put("command", String.join(" ", command));
    doc.put("environment", environment());
    doc.put("results", results);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.writeString(out, JSON.writeValueAsString(doc) + "\n");
  }

  static Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    env.put("xxactVersion", XxactVersion.get());
    env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    env.put("cpu", cpuModel());
    return env;
  }

  private static String cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(info)) {
        for (String line : Files.readAllLines(info)) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      }
    } catch (IOException ex) {
      return "unknown (" + ex.getMessage() + ")";
    }
    return "unknown";
  }
}
