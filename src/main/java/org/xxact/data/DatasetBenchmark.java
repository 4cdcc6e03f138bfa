package org.xxact.data;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the dataset build at scale: writes an Alexandria-format input of the requested size from real structures
 * ({@link SyntheticAlexandria}), builds a dataset from it, and reports throughput, disk use and heap use, with an
 * extrapolation to the 5 million structures of Alexandria. The generated input is kept in the work folder and reused
 * by later runs with the same size and seed; the dataset is rebuilt every time.
 */
public final class DatasetBenchmark {
  /** Structures in the Alexandria PBE 3D database, the scale the extrapolation is for (Schmidt et al. 2022-2024). */
  public static final long ALEXANDRIA_STRUCTURES = 5_000_000L;
  /** Targets of the benchmark build: Alexandria's fields and the derived class labels. */
  public static final List<String> TARGETS =
      List.of("e_form", "e_above_hull", "band_gap_ind", "band_gap_dir", "crystal_system", "is_metal");

  private DatasetBenchmark() {}

  /**
   * The measurements.
   *
   * @param entries structures in the input
   * @param inputFiles input files
   * @param inputBytes total size of the input files (bzip2-compressed JSON)
   * @param generateSeconds time to write the input, or null when an earlier run's input was reused
   * @param threads build worker threads
   * @param buildSeconds wall time of the build, from start to manifest
   * @param buildCpuSeconds processor time the JVM used during the build (all threads, garbage collection included)
   * @param structuresPerSecond entries / buildSeconds
   * @param structuresPerCpuSecond entries / buildCpuSeconds: the rate per fully available core, which is what the wall
   *     rate approaches on idle cores when the build scales over its threads
   * @param loadAverage the system's one-minute load average when the build started and when it ended (the machine
   *     may be shared; a load above the number of processors means the build did not have them to itself)
   * @param samples samples in the dataset
   * @param rejected records rejected
   * @param shardBytes total size of the shard files
   * @param bytesPerStructure shardBytes / samples
   * @param datasetBytes size of everything in the dataset directory
   * @param maxHeapBytes the JVM's heap limit (-Xmx)
   * @param peakHeapUsedBytes sum over heap memory pools of their peak use during the build (an upper bound of the
   *     heap in use at any one time, garbage included: the collector lets garbage fill the heap it is given)
   * @param maxHeapAfterGcBytes the largest heap in use right after a garbage collection during the build: what the
   *     build retains
   * @param extrapolatedHours hours for {@link #ALEXANDRIA_STRUCTURES} structures at this rate
   * @param extrapolatedGigabytes shard gigabytes (1e9 bytes) for {@link #ALEXANDRIA_STRUCTURES} structures
   */
  public record Report(
      long entries,
      int inputFiles,
      long inputBytes,
      Double generateSeconds,
      int threads,
      double buildSeconds,
      double buildCpuSeconds,
      double structuresPerSecond,
      double structuresPerCpuSecond,
      List<Double> loadAverage,
      long samples,
      long rejected,
      long shardBytes,
      double bytesPerStructure,
      long datasetBytes,
      long maxHeapBytes,
      long peakHeapUsedBytes,
      long maxHeapAfterGcBytes,
      double extrapolatedHours,
      double extrapolatedGigabytes) {}

  /** Progress of the two phases, for a progress display. */
  public interface Progress {
    void generating(long entriesWritten, long entries);

    void building(long recordsRead, long entries);
  }

  /**
   * Runs the benchmark.
   *
   * @param source real structures to copy (the bundled mp_cgcnn36k CSV)
   * @param work folder for the generated input ({@code input/}) and the dataset ({@code dataset/})
   */
  public static Report run(Path source, Path work, long entries, int threads, long seed, Progress progress)
      throws IOException {
    Path inputDir = work.resolve("input-" + entries + "-seed" + seed);
    Double generateSeconds = null;
    Path done = inputDir.resolve("complete");
    if (!Files.isRegularFile(done)) {
      AtomicLong written = new AtomicLong();
      long t0 = System.nanoTime();
      Thread reporter = reporter(() -> progress.generating(written.get(), entries));
      try {
        SyntheticAlexandria.write(source, inputDir, entries, SyntheticAlexandria.ENTRIES_PER_FILE, seed, threads,
            written);
      } finally {
        reporter.interrupt();
      }
      generateSeconds = (System.nanoTime() - t0) / 1e9;
      AtomicFiles.writeString(done, entries + " entries from " + source.getFileName() + ", seed " + seed + "\n");
    }
    List<Path> inputs;
    try (Stream<Path> s = Files.list(inputDir)) {
      inputs = s.filter(p -> p.getFileName().toString().endsWith(".json.bz2")).sorted().toList();
    }
    long inputBytes = 0;
    for (Path p : inputs) {
      inputBytes += Files.size(p);
    }
    Path out = work.resolve("dataset");
    BuildOptions options =
        new BuildOptions(inputs, TARGETS, out, null, BuildOptions.SPLIT_BY_FORMULA, BuildOptions.DEFAULT_SPLIT,
            BuildOptions.DEFAULT_SEED, null, threads, true, BuildOptions.DEFAULT_SHARD_SIZE, null, null, List.of());
    if (Files.exists(out)) {
      AtomicFiles.deleteRecursively(out);
    }
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap.add(pool);
      }
    }
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    double loadBefore = ProcessorUse.loadAverage();
    long cpu0 = ProcessorUse.processCpuNanos();
    long t0 = System.nanoTime();
    Manifest m;
    long afterGc;
    try (HeapAfterGc live = new HeapAfterGc()) {
      m = new DatasetBuilder(options, new DatasetBuilder.Listener() {
        @Override
        public void recordsRead(long records) {
          progress.building(records, entries);
        }
      }).build().manifest();
      afterGc = live.maxBytes();
    }
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (ProcessorUse.processCpuNanos() - cpu0) / 1e9;
    double loadAfter = ProcessorUse.loadAverage();
    long peak = 0;
    for (MemoryPoolMXBean pool : heap) {
      peak += pool.getPeakUsage().getUsed();
    }
    long shardBytes = m.shards().stream().mapToLong(Manifest.ShardInfo::sizeBytes).sum();
    long datasetBytes;
    try (Stream<Path> s = Files.walk(out)) {
      datasetBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    long samples = m.counts().samples();
    double rate = m.counts().inputRecords() / buildSeconds;
    double perStructure = samples == 0 ? 0 : shardBytes / (double) samples;
    return new Report(
        entries, inputs.size(), inputBytes, generateSeconds, threads, buildSeconds, cpuSeconds, rate,
        m.counts().inputRecords() / cpuSeconds, List.of(loadBefore, loadAfter), samples,
        m.counts().rejected(), shardBytes, perStructure, datasetBytes, Runtime.getRuntime().maxMemory(), peak, afterGc,
        ALEXANDRIA_STRUCTURES / rate / 3600, ALEXANDRIA_STRUCTURES * perStructure / 1e9);
  }

  /** A daemon thread that calls {@code tick} twice a second until interrupted. */
  private static Thread reporter(Runnable tick) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          tick.run();
          Thread.sleep(500);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }, "xxact-bench-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
