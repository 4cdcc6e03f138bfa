package org.xxact.data;

import java.util.Iterator;
import java.util.List;

/**
 * Measures how many samples per second a {@link DatasetLoader} delivers: batches of the training split are drawn
 * (epoch after epoch) by a consumer that does nothing else, after a warm-up, so the number is the loader's own
 * throughput with the given worker threads, i.e. an upper bound of the rate at which a model can be fed.
 */
public final class LoaderBenchmark {
  private LoaderBenchmark() {}

  /**
   * The measurement.
   *
   * @param augmentation "none" or "all"
   * @param threads loader worker threads
   * @param batchSize samples per batch
   * @param gridPoints points per rendered pattern
   * @param samples samples delivered during the measurement
   * @param seconds measurement time
   * @param samplesPerSecond samples / seconds
   * @param cpuSeconds processor time the JVM used during the measurement (all threads)
   * @param samplesPerCpuSecond samples / cpuSeconds: the rate per fully available core
   * @param loadAverage the system's one-minute load average at the start and the end of the measurement
   * @param meanPeaksPerSample mean stored peaks of the samples delivered
   */
  public record Report(
      String augmentation,
      int threads,
      int batchSize,
      int gridPoints,
      long samples,
      double seconds,
      double samplesPerSecond,
      double cpuSeconds,
      double samplesPerCpuSecond,
      List<Double> loadAverage,
      double meanPeaksPerSample) {}

  /**
   * Draws batches for {@code warmupSeconds}, then measures for {@code seconds}.
   *
   * @param dataset the dataset
   * @param options loader options (their split, threads, batch size and augmentation are measured)
   * @param label the name of the augmentation setting in the report
   */
  public static Report run(Dataset dataset, LoaderOptions options, String label, double warmupSeconds,
      double seconds) {
    try (DatasetLoader loader = new DatasetLoader(dataset, options)) {
      int epoch = 0;
      Iterator<Batch> it = loader.epoch(epoch);
      long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
      while (System.nanoTime() < end) {
        if (!it.hasNext()) {
          it = loader.epoch(++epoch);
        }
        it.next();
      }
      long samples = 0;
      long peaks = 0;
      double loadBefore = ProcessorUse.loadAverage();
      long cpu0 = ProcessorUse.processCpuNanos();
      long t0 = System.nanoTime();
      end = t0 + (long) (seconds * 1e9);
      long now = t0;
      while (now < end) {
        if (!it.hasNext()) {
          it = loader.epoch(++epoch);
        }
        Batch b = it.next();
        samples += b.size();
        for (int i : b.indices()) {
          peaks += dataset.shardOf(i).numPeaks(dataset.localIndex(i));
        }
        now = System.nanoTime();
      }
      double elapsed = (now - t0) / 1e9;
      double cpu = (ProcessorUse.processCpuNanos() - cpu0) / 1e9;
      return new Report(label, options.threads(), options.batchSize(), options.render().grid().points(), samples,
          elapsed, samples / elapsed, cpu, samples / cpu, List.of(loadBefore, ProcessorUse.loadAverage()),
          samples == 0 ? 0 : peaks / (double) samples);
    }
  }
}
