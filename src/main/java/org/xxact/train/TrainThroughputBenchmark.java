package org.xxact.train;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.model.DjlRuntime;
import org.xxact.model.Modality;
import org.xxact.model.ModelConfig;
import org.xxact.model.XxactModel;

/**
 * Training throughput: samples per second of forward + backward + AdamW step at a given batch size, for each modality,
 * on synthetic batches of the model's grid ({@link SyntheticMaterials}). The first {@code warmupSteps} steps (allocator
 * and kernel warm-up) are not timed. Both the mean and the median step time are reported: on a shared machine the
 * median is the machine's own speed, the mean includes time lost to other processes.
 */
public final class TrainThroughputBenchmark {
  private TrainThroughputBenchmark() {}

  /** One modality's measurement. */
  public record Measurement(
      Modality modality,
      int batchSize,
      int timedSteps,
      double seconds,
      double samplesPerSecond,
      double medianSamplesPerSecond,
      long parameters,
      int threads) {}

  /** Measures every modality with {@code config}'s model at {@code batchSize}. */
  public static List<Measurement> run(RunConfig config, int batchSize, int warmupSteps, int timedSteps) {
    Engine engine = DjlRuntime.engine(config.train().threads());
    List<Measurement> out = new ArrayList<>();
    Batch batch = SyntheticMaterials.generate(batchSize, config.model().gridPoints(), config.train().seed(), 0);
    double[] weights = Trainer.lossWeights(SyntheticMaterials.targets(), config.train());
    for (Modality modality : Modality.values()) {
      ModelConfig model = config.model().withModality(modality);
      try (XxactModel m = XxactModel.create(model, SyntheticMaterials.targets(), config.train().seed())) {
        AdamW optimizer = new AdamW(m.parameters(), m.manager(), config.train(), Map.of(), 0);
        double[] stepSeconds = new double[timedSteps];
        for (int s = 0; s < warmupSteps + timedSteps; s++) {
          long start = System.nanoTime();
          SupervisedStep.run(
              m, optimizer, engine, batch, weights, config.train().learningRate(), (float) model.dropout(),
              config.train().gradientClipNorm(), s, name -> true);
          if (s >= warmupSteps) {
            stepSeconds[s - warmupSteps] = (System.nanoTime() - start) / 1e9;
          }
        }
        double seconds = java.util.Arrays.stream(stepSeconds).sum();
        double[] sorted = stepSeconds.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        out.add(
            new Measurement(
                modality, batchSize, timedSteps, seconds, timedSteps * batchSize / seconds, batchSize / median,
                m.parameterCount(), DjlRuntime.threads()));
      }
    }
    return out;
  }

  /**
   * Prints one JSON line per modality on standard error. Arguments: batch size (64), timed steps (20), then
   * {@code key=value} configuration overrides.
   */
  public static void main(String[] args) throws Exception {
    int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<String> overrides = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
    RunConfig config = RunConfig.resolve(null, overrides);
    for (Measurement m : run(config, batchSize, 3, steps)) {
      System.err.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
    }
  }
}
