package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.eval.predict.PredictionBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact bench predict}: what a prediction costs with each given model, one run or an ensemble (see
 * {@link PredictionBenchmark}).
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark prediction: load time, batched throughput and single-sample latency of trained models (runs or"
          + " ensembles), on synthetic inputs of each model's grid.",
      "Example: ./xxact bench predict --model models/mp36k-fused --model models/mp36k-fused-ensemble"
          + " --out docs/benchmarks"
    })
public final class BenchPredictCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "A run or ensemble directory; repeat for several.")
  List<Path> models;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Samples per batched pass"
      + " (default ${DEFAULT-VALUE}, as predict --batch uses).")
  int batchSize;

  @Option(names = "--passes", defaultValue = "20", paramLabel = "N", description = "Timed passes of each kind"
      + " (default ${DEFAULT-VALUE}).")
  int passes;

  @Option(
      names = "--warmup-passes",
      defaultValue = "3",
      paramLabel = "N",
      description = "Untimed passes first (default ${DEFAULT-VALUE}).")
  int warmupPasses;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write bench-predict.json and bench-predict.md into"
      + " DIR.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    if (passes < 1 || warmupPasses < 0 || batchSize < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--passes and --batch-size must be at least 1, --warmup-passes not negative");
    }
    PrintWriter err = spec.commandLine().getErr();
    double loadBefore = BenchEnvironment.loadAverage();
    List<PredictionBenchmark.Measurement> runs = new ArrayList<>();
    for (Path model : models) {
      err.printf(Locale.ROOT, "%s: %d warm-up and %d timed passes at batch %d and at batch 1 ...%n", model,
          warmupPasses, passes, batchSize);
      err.flush();
      runs.add(PredictionBenchmark.run(model, batchSize, warmupPasses, passes));
    }
    double loadAfter = BenchEnvironment.loadAverage();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("environment", BenchEnvironment.describe(spec));
    result.put("loadAverage", List.of(loadBefore, loadAfter));
    result.put("runs", runs);
    StringBuilder md = new StringBuilder();
    md.append("| model | networks | load (s) | batch | samples/s (median pass) | one sample (ms, median) | threads |"
        + " load avg start/end |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (PredictionBenchmark.Measurement m : runs) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %d | %,.0f | %.1f | %d | %.1f / %.1f |%n",
          m.model(), m.networks(), m.loadSeconds(), m.batchSize(), m.batchedSamplesPerSecond(),
          m.singleSampleMillis(), m.threads(), loadBefore, loadAfter));
    }
    BenchOutput.report(spec, outDir, "predict", result, md.toString());
    return ExitCode.OK;
  }
}
