package org.xxact.eval.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.xxact.data.Batch;
import org.xxact.model.DjlRuntime;
import org.xxact.model.PropertyModel;
import org.xxact.train.ModelDirectory;
import org.xxact.train.SyntheticMaterials;

/**
 * Prediction cost of a trained model (one run or an ensemble): the time to open and load it, the throughput of batched
 * prediction (a {@code --batch} job), and the latency of one sample (a single measured pattern). Inputs are synthetic
 * compositions and patterns on the model's own grid ({@link SyntheticMaterials}): the cost of a forward pass does not
 * depend on what the pattern shows, and the benchmark needs no data set. Reading and preprocessing a measured file are
 * not included; {@code xxact bench xrd} times the XRD side of data preparation.
 *
 * <p>The first {@code warmupPasses} passes of each kind are not timed (allocator and kernel warm-up). Medians are
 * reported: on a shared machine they are the machine's own speed.
 */
public final class PredictionBenchmark {
  private PredictionBenchmark() {}

  /**
   * One model's measurement.
   *
   * @param model the model directory as given
   * @param networks networks evaluated per prediction (1, or the ensemble's members)
   * @param loadSeconds opening the directory and loading every checkpoint, once, after the engine has started
   * @param batchSize samples per batched pass
   * @param batchedSamplesPerSecond batch size over the median batched pass
   * @param singleSampleMillis median pass over one sample
   * @param threads PyTorch intra-op threads
   */
  public record Measurement(
      String model,
      int networks,
      double loadSeconds,
      int batchSize,
      double batchedSamplesPerSecond,
      double singleSampleMillis,
      int threads) {}

  /**
   * Loads the model at {@code path} and times {@code passes} batched and {@code passes} single-sample predictions.
   *
   * @throws IOException when the model directory cannot be read
   */
  public static Measurement run(Path path, int batchSize, int warmupPasses, int passes) throws IOException {
    ModelDirectory directory = ModelDirectory.open(path);
    // The engine starts once per process, with the threads the model is loaded with (its run's train.threads).
    DjlRuntime.engine(directory.first().config().train().threads());
    long start = System.nanoTime();
    try (PropertyModel model = ModelDirectory.open(path).load()) {
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      int gridPoints = model.config().gridPoints();
      Batch batch = SyntheticMaterials.generate(batchSize, gridPoints, 1, 0);
      Batch single = SyntheticMaterials.generate(1, gridPoints, 2, 0);
      double batched = medianSeconds(model, batch, warmupPasses, passes);
      double one = medianSeconds(model, single, warmupPasses, passes);
      return new Measurement(
          path.toString(), directory.members().size(), loadSeconds, batchSize, batchSize / batched, one * 1e3,
          DjlRuntime.threads());
    }
  }

  private static double medianSeconds(PropertyModel model, Batch batch, int warmupPasses, int passes) {
    double[] seconds = new double[passes];
    for (int p = 0; p < warmupPasses + passes; p++) {
      long start = System.nanoTime();
      model.predict(batch);
      if (p >= warmupPasses) {
        seconds[p - warmupPasses] = (System.nanoTime() - start) / 1e9;
      }
    }
    Arrays.sort(seconds);
    return seconds[passes / 2];
  }
}
