package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.data.Augmentation;
import org.xxact.data.BuildOptions;
import org.xxact.data.Dataset;
import org.xxact.data.DatasetBuilder;
import org.xxact.data.DatasetLayout;
import org.xxact.data.LoaderBenchmark;
import org.xxact.data.LoaderOptions;
import org.xxact.data.RenderSettings;
import org.xxact.data.Split;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact bench loader}: samples per second the dataset loader renders on the model grid, without and with all
 * augmentations. Builds the bundled mp_cgcnn36k dataset first when no dataset is given and none was built before.
 */
@Command(
    name = "loader",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark the training data loader: samples per second rendered on the 4096-point model grid, with no"
          + " augmentation and with every augmentation on.",
      "Example: ./xxact bench loader --threads 2 --out docs/benchmarks"
    })
public final class BenchLoaderCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dataset",
      defaultValue = "target/bench/mp_cgcnn36k",
      description = "Dataset directory; built from --source when it holds none (default ${DEFAULT-VALUE}).")
  Path dataset;

  @Option(
      names = "--source",
      defaultValue = "data/mp_cgcnn36k/mp_cgcnn36k.csv.gz",
      description = "Structures to build the dataset from when needed (default ${DEFAULT-VALUE}).")
  Path source;

  @Option(names = "--threads", defaultValue = "2", description = "Loader threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--batch-size", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seconds",
      defaultValue = "20",
      description = "Measurement time per setting (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Warm-up time per setting (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write bench-loader.json and bench-loader.md into DIR.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    if (threads < 1 || batchSize < 1 || !(seconds > 0) || !(warmup >= 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--threads and --batch-size must be at least 1, --seconds positive, --warmup not negative");
    }
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("environment", BenchEnvironment.describe(spec));
    if (!Files.isRegularFile(dataset.resolve(DatasetLayout.MANIFEST))) {
      err.printf(Locale.ROOT, "building %s from %s ...%n", dataset, source);
      err.flush();
      new DatasetBuilder(
              new BuildOptions(List.of(source), List.of("formation_energy_per_atom", "band_gap", "crystal_system"),
                  dataset, null, BuildOptions.SPLIT_BY_FORMULA, BuildOptions.DEFAULT_SPLIT,
                  BuildOptions.DEFAULT_SEED, null, threads, false, BuildOptions.DEFAULT_SHARD_SIZE, null, null, List.of()),
              new DatasetBuilder.Listener() {})
          .build();
    }
    Dataset ds = Dataset.open(dataset);
    LoaderOptions base =
        LoaderOptions.defaults(Split.TRAIN).withBatchSize(batchSize).withThreads(threads, 2 * threads);
    Map<String, Augmentation> settings = new LinkedHashMap<>();
    settings.put("none", Augmentation.NONE);
    settings.put("all", Augmentation.DEFAULTS);
    List<LoaderBenchmark.Report> runs = new ArrayList<>();
    for (Map.Entry<String, Augmentation> s : settings.entrySet()) {
      err.printf(Locale.ROOT, "augmentation %s: %.0f s warm-up, %.0f s measured ...%n", s.getKey(), warmup, seconds);
      err.flush();
      LoaderOptions opts = base.withRender(RenderSettings.DEFAULT.withAugmentation(s.getValue()));
      runs.add(LoaderBenchmark.run(ds, opts, s.getKey(), warmup, seconds));
    }
    result.put("dataset", dataset.toString());
    result.put("trainSamples", ds.size(Split.TRAIN));
    result.put("augmentationRanges", Augmentation.DEFAULTS);
    result.put("runs", runs);
    StringBuilder md = new StringBuilder();
    md.append("| loader, 4096-point grid | threads | batch | peaks/sample | samples/s | samples per CPU s |"
        + " load avg start/end |\n|---|---:|---:|---:|---:|---:|---|\n");
    for (LoaderBenchmark.Report r : runs) {
      md.append(String.format(Locale.ROOT, "| augmentation %s | %d | %d | %.0f | %,.0f | %,.0f | %.1f / %.1f |%n",
          r.augmentation(), r.threads(), r.batchSize(), r.meanPeaksPerSample(), r.samplesPerSecond(),
          r.samplesPerCpuSecond(), r.loadAverage().get(0), r.loadAverage().get(1)));
    }
    BenchOutput.report(spec, outDir, "loader", result, md.toString());
    return ExitCode.OK;
  }
}
