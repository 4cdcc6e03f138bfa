package org.xxact.train;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.model.DjlRuntime;
import org.xxact.model.ForwardContext;
import org.xxact.model.Modality;
import org.xxact.model.ModelConfig;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingMasks;
import org.xxact.model.PretrainingModel;
import org.xxact.model.PretrainingObjective;
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
              m, optimizer, engine, batch, weights, config.train().nllBeta(), config.train().learningRate(),
              (float) model.dropout(),
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
   * One pretraining objective's measurement (default fused model, {@link PretrainingConfig#defaults()} with that
   * objective), with the same warm-up and timing as {@link #run}.
   */
  public record PretrainingMeasurement(
      PretrainingObjective objective, int batchSize, int timedSteps, double medianSamplesPerSecond, int threads) {}

  /** Measures a pretraining step of each objective of the paper with {@code config}'s model at {@code batchSize}. */
  public static List<PretrainingMeasurement> runPretraining(
      RunConfig config, int batchSize, int warmupSteps, int timedSteps) {
    Engine engine = DjlRuntime.engine(config.train().threads());
    List<PretrainingMeasurement> out = new ArrayList<>();
    Batch batch = SyntheticMaterials.generate(batchSize, config.model().gridPoints(), config.train().seed(), 0);
    for (PretrainingObjective objective : PretrainingObjective.PAPER) {
      PretrainingConfig pretraining = PretrainingConfig.defaults().withObjective(objective);
      try (PretrainingModel m = PretrainingModel.create(config.model(), pretraining, config.train().seed(), Map.of())) {
        AdamW optimizer = new AdamW(m.parameters(), m.model().manager(), config.train(), Map.of(), 0);
        float dropout = (float) config.model().dropout();
        double[] stepSeconds = new double[timedSteps];
        for (int s = 0; s < warmupSteps + timedSteps; s++) {
          PretrainingMasks masks = Pretrainer.stepMasks(m, config.train().seed(), s, batch);
          long start = System.nanoTime();
          SupervisedStep.run(
              m.model(), optimizer, engine,
              manager -> m.losses(manager, batch, masks, ForwardContext.training(manager, dropout)).total(),
              config.train().learningRate(), config.train().gradientClipNorm(), s, name -> true);
          if (s >= warmupSteps) {
            stepSeconds[s - warmupSteps] = (System.nanoTime() - start) / 1e9;
          }
        }
        double[] sorted = stepSeconds.clone();
        java.util.Arrays.sort(sorted);
        out.add(
            new PretrainingMeasurement(
                objective, batchSize, timedSteps, batchSize / sorted[sorted.length / 2], DjlRuntime.threads()));
      }
    }
    return out;
  }
}
