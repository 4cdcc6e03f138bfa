package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
      "Example: XXACT_JAVA_OPTS=-Xmx1g ./xxact bench dataset --entries 200000 --threads 2"
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

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/dataset.json",
      description = "Result file (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (entries < 1 || threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--entries and --threads must be at least 1");
    }
    PrintWriter err = spec.commandLine().getErr();
    DatasetBenchmark.Report r;
    try (ConsoleProgress progress = ConsoleProgress.onTerminal(err)) {
      r = DatasetBenchmark.run(source, work, entries, threads, seed, new DatasetBenchmark.Progress() {
        @Override
        public void generating(long written, long total) {
          progress.update(String.format(Locale.ROOT, "writing input: %,d of %,d entries", written, total));
        }

        @Override
        public void building(long read, long total) {
          progress.update(String.format(Locale.ROOT, "building: %,d of %,d records read", read, total));
        }
      });
    }
    BenchReport.write(out, "dataset", List.of("xxact", "bench", "dataset", "--entries", Long.toString(entries),
        "--threads", Integer.toString(threads), "--seed", Long.toString(seed)), r);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "input      %,d entries in %d json.bz2 files, %.1f MB%s%n", r.entries(), r.inputFiles(),
        r.inputBytes() / 1e6, r.generateSeconds() == null ? " (reused)"
            : String.format(Locale.ROOT, " (written in %.0f s)", r.generateSeconds()));
    o.printf(Locale.ROOT, "build      %.1f s with %d threads: %.0f structures/s; %,d samples, %,d rejected%n",
        r.buildSeconds(), r.threads(), r.structuresPerSecond(), r.samples(), r.rejected());
    o.printf(Locale.ROOT, "cpu        %.1f s of processor time: %.0f structures per CPU second (load average %.1f ->"
        + " %.1f)%n", r.buildCpuSeconds(), r.structuresPerCpuSecond(), r.loadAverage().get(0), r.loadAverage().get(1));
    o.printf(Locale.ROOT, "disk       %.1f MB of shards, %.0f bytes per structure%n", r.shardBytes() / 1e6,
        r.bytesPerStructure());
    o.printf(Locale.ROOT, "heap       limit %.0f MB, peak use at most %.0f MB%n", r.maxHeapBytes() / 1048576.0,
        r.peakHeapUsedBytes() / 1048576.0);
    o.printf(Locale.ROOT, "5 million  %.1f hours, %.1f GB at this rate%n", r.extrapolatedHours(),
        r.extrapolatedGigabytes());
    o.printf(Locale.ROOT, "written    %s%n", out);
    o.flush();
    return ExitCode.OK;
  }
}
