package org.xxact.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xxact.XxactVersion;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a benchmark result needs next to its numbers to be comparable: the command, the machine (CPU model, cores,
 * load), the Java runtime, the xxact version and the date. Shared by the {@code bench} subcommands.
 */
final class BenchEnvironment {
  private BenchEnvironment() {}

  /** The command as typed, the machine and the date, in a stable order for the JSON result. */
  static Map<String, Object> describe(String command) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    m.put("xxact_version", XxactVersion.get());
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put(
        "os",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    m.put("load_average_at_start", loadAverage());
    return m;
  }

  /** {@link #describe(String)} of the command as the user typed it. */
  static Map<String, Object> describe(CommandSpec spec) {
    return describe(commandLine("xxact", spec.commandLine().getParseResult().originalArgs()));
  }

  /** One-minute system load average (runnable processes), or -1 where the OS does not say. */
  static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
  }

  /** "xxact bench xrd --threads 1,2" from the arguments after the program name. */
  static String commandLine(String prefix, List<String> args) {
    StringBuilder sb = new StringBuilder(prefix);
    for (String a : args) {
      sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
    }
    return sb.toString();
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | SecurityException ex) {
      // Not Linux, or not readable: fall through.
    }
    return System.getProperty("os.arch");
  }
}
