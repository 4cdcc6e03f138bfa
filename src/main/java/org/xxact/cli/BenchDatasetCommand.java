package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.data.DatasetBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact bench dataset}: builds a dataset from an Alexandria-format input of many entries made from the bundled
 * structures and reports structures per second, bytes per structure and heap use. Run it with a bounded heap
 * ({@code XXACT_JAVA_OPTS=-Xmx1g}) to show that the build streams.
 */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark the dataset build on an Alexandria-format json.bz2 input of many entries (strained and substituted"
          + " copies of the bundled mp_cgcnn36k structures).",
      "Example: XXACT_JAVA_OPTS=-Xmx1g ./xxact bench dataset --entries 200000 --threads 2 --out docs/benchmarks"
    })
public final class BenchDatasetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--entries", defaultValue = "200000", description = "Entries in the input (default ${DEFAULT-VALUE}).")
  long entries;

  @Option(names = "--threads", defaultValue = "2", description = "Build threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--source",
      defaultValue = "data/mp_cgcnn36k/mp_cgcnn36k.csv.gz",
      description = "Structures to copy (default ${DEFAULT-VALUE}).")
  Path source;

  @Option(
      names = "--work",
      defaultValue = "target/bench/dataset",
      description = "Folder for the generated input (kept and reused) and the dataset (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated copies (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write bench-dataset.json and bench-dataset.md into DIR.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    if (entries < 1 || threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--entries and --threads must be at least 1");
    }
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("environment", BenchEnvironment.describe(spec));
    DatasetBenchmark.Report r;
    try (ConsoleProgress writing = new ConsoleProgress(err, "writing input");
        ConsoleProgress building = new ConsoleProgress(err, "building")) {
      r = DatasetBenchmark.run(source, work, entries, threads, seed, new DatasetBenchmark.Progress() {
        @Override
        public void generating(long written, long total) {
          writing.update(written, 0);
        }

        @Override
        public void building(long read, long total) {
          building.update(read, 0);
        }
      });
    }
    result.put("build", r);
    String md = markdown(r);
    BenchOutput.report(spec, outDir, "dataset", result, md);
    return ExitCode.OK;
  }

  private static String markdown(DatasetBenchmark.Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append("| dataset build, Alexandria-format json.bz2 | value |\n|---|---:|\n");
    row(sb, "entries (input files)", String.format(Locale.ROOT, "%,d (%d)", r.entries(), r.inputFiles()));
    row(sb, "input size, MB", String.format(Locale.ROOT, "%.1f", r.inputBytes() / 1e6));
    row(sb, "input written in, s", r.generateSeconds() == null ? "reused"
        : String.format(Locale.ROOT, "%.0f", r.generateSeconds()));
    row(sb, "build threads", Integer.toString(r.threads()));
    row(sb, "build wall time, s", String.format(Locale.ROOT, "%.1f", r.buildSeconds()));
    row(sb, "build CPU time, s", String.format(Locale.ROOT, "%.1f", r.buildCpuSeconds()));
    row(sb, "structures per second (wall)", String.format(Locale.ROOT, "%.0f", r.structuresPerSecond()));
    row(sb, "structures per CPU second", String.format(Locale.ROOT, "%.0f", r.structuresPerCpuSecond()));
    row(sb, "load average, start / end", String.format(Locale.ROOT, "%.1f / %.1f", r.loadAverage().get(0),
        r.loadAverage().get(1)));
    row(sb, "samples / rejected", String.format(Locale.ROOT, "%,d / %,d", r.samples(), r.rejected()));
    row(sb, "shard bytes per structure", String.format(Locale.ROOT, "%.0f", r.bytesPerStructure()));
    row(sb, "dataset size, MB", String.format(Locale.ROOT, "%.1f", r.datasetBytes() / 1e6));
    row(sb, "heap limit (-Xmx), MiB", Long.toString(r.maxHeapBytes() >> 20));
    row(sb, "peak heap use incl. garbage, MiB", Long.toString(r.peakHeapUsedBytes() >> 20));
    row(sb, "largest heap after a collection, MiB", Long.toString(r.maxHeapAfterGcBytes() >> 20));
    row(sb, "5 million structures: hours at this wall rate", String.format(Locale.ROOT, "%.1f",
        r.extrapolatedHours()));
    row(sb, "5 million structures: shard GB", String.format(Locale.ROOT, "%.1f", r.extrapolatedGigabytes()));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, String value) {
    sb.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }
}
