package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.train.RunConfig;
import org.xxact.train.TrainThroughputBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact bench train}: training throughput (forward, backward and AdamW step) of each modality at the
 * configuration's model size, on synthetic batches of the model grid (see {@link TrainThroughputBenchmark}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark training: samples per second of forward + backward + AdamW step for the composition, XRD and fused"
          + " models (median step: the machine's speed; mean: with time lost to other processes).",
      "Example: ./xxact bench train --steps 30 --out docs/benchmarks"
    })
public final class BenchTrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Samples per step (default: train.batchSize of the configuration).")
  Integer batchSize;

  @Option(names = "--steps", defaultValue = "30", paramLabel = "N", description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup-steps",
      defaultValue = "3",
      paramLabel = "N",
      description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmupSteps;

  @CommandLine.Mixin ConfigOptions configOptions;

  @Option(
      names = "--pretraining",
      description = "Also time a pretraining step of each objective (mxm, contrastive, both) of the same model.")
  boolean pretraining;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write bench-train.json and bench-train.md into DIR.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || warmupSteps < 0 || (batchSize != null && batchSize < 1)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--steps and --batch-size must be at least 1, --warmup-steps not negative");
    }
    RunConfig runConfig = configOptions.resolve(spec.commandLine(), List.of());
    int batch = batchSize == null ? runConfig.train().batchSize() : batchSize;
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "%d warm-up and %d timed steps at batch %d per modality ...%n", warmupSteps, steps, batch);
    err.flush();
    double loadBefore = BenchEnvironment.loadAverage();
    List<TrainThroughputBenchmark.Measurement> runs =
        TrainThroughputBenchmark.run(runConfig, batch, warmupSteps, steps);
    double loadAfter = BenchEnvironment.loadAverage();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("environment", BenchEnvironment.describe(spec));
    result.put("model", runConfig.model());
    result.put("loadAverage", List.of(loadBefore, loadAfter));
    result.put("runs", runs);
    StringBuilder md = new StringBuilder();
    md.append("| modality | parameters | batch | threads | samples/s (median step) | samples/s (mean) |"
        + " load avg start/end |\n|---|---:|---:|---:|---:|---:|---|\n");
    for (TrainThroughputBenchmark.Measurement m : runs) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %,.0f | %,.0f | %.1f / %.1f |%n",
          m.modality().name().toLowerCase(Locale.ROOT), m.parameters(), m.batchSize(), m.threads(),
          m.medianSamplesPerSecond(), m.samplesPerSecond(), loadBefore, loadAfter));
    }
    if (pretraining) {
      List<TrainThroughputBenchmark.PretrainingMeasurement> objectives =
          TrainThroughputBenchmark.runPretraining(runConfig, batch, warmupSteps, steps);
      result.put("pretraining", objectives);
      md.append("\n| pretraining objective | batch | threads | samples/s (median step) |\n|---|---:|---:|---:|\n");
      for (TrainThroughputBenchmark.PretrainingMeasurement m : objectives) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f |%n",
            m.objective().name().toLowerCase(Locale.ROOT), m.batchSize(), m.threads(), m.medianSamplesPerSecond()));
      }
    }
    BenchOutput.report(spec, outDir, "train", result, md.toString());
    return ExitCode.OK;
  }
}
