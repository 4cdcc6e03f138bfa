package org.xxact.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.xxact.crystal.InputException;
import org.xxact.crystal.io.MaterialRecord;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureSource;

/**
 * Builds a dataset directory ({@link DatasetLayout}) from structure inputs: reads the records as a stream, computes
 * each structure's diffraction peaks and targets on worker threads, and writes them in shards. A table of compositions
 * ({@link BuildOptions#compositionColumn}) gives samples without peaks; a held-out dataset
 * ({@link BuildOptions#holdOut}) rejects the formulas of its validation and test splits; train-only inputs
 * ({@link BuildOptions#trainOnly}) are read after the others and put every record into the train split.
 *
 * <p><b>Chunks.</b> Input record k (counted over all inputs in order) belongs to chunk k / shardSize, and chunk n is
 * written as shard n together with its reject list, each atomically ({@link AtomicFiles}). A shard's content depends
 * only on its records, never on threads or timing, so two builds of the same inputs give byte-identical shards.
 *
 * <p><b>Bounded memory.</b> The reader hands records to the workers in tasks of {@value #RECORDS_PER_TASK}; at most
 * {@value #TASKS_PER_THREAD} tasks per thread wait at any time, so at most about two chunks of results are held,
 * whatever the input size.
 *
 * <p><b>Resume.</b> The build parameters are written first ({@code build-params.json}); a build started again on a
 * directory with the same parameters skips the records of every shard already on disk (they are read but not
 * computed) and finishes the rest. The manifest is written last, from the shards, so a resumed build equals an
 * uninterrupted one. A directory holding a different dataset is refused unless {@code overwrite} is set.
 */
public final class DatasetBuilder {
  /** Records per worker task: enough to amortise the hand-over, few enough to keep both cores busy on small inputs. */
  static final int RECORDS_PER_TASK = 32;
  /** Tasks that may wait per worker thread: keeps workers fed while the reader parses, and bounds memory. */
  static final int TASKS_PER_THREAD = 4;
  /** Input read buffer for checksums. */
  private static final int CHECKSUM_BUFFER_BYTES = 1 << 20;

  /** Progress of a build, for a progress bar or a log; called from the reader and the worker threads. */
  public interface Listener {
    /** Before reading: how many shards an earlier, interrupted build already finished. */
    default void started(int shardsAlreadyDone) {}

    /** Input records read so far (including those of finished shards that are skipped). */
    default void recordsRead(long records) {}

    /** A shard and its rejects were written. */
    default void shardWritten(int shard, int samples, int rejects) {}
  }

  /**
   * What a build did.
   *
   * @param manifest the dataset's manifest
   * @param alreadyBuilt true when the directory already held this finished dataset and nothing was done
   * @param shardsReused shards kept from an interrupted earlier build
   */
  public record Result(Manifest manifest, boolean alreadyBuilt, int shardsReused) {}

  private final BuildOptions options;
  private final Listener listener;
  private final List<TargetDefinition> targets;
  private final SplitAssigner splits;
  private final PeakSettings peakSettings;

  public DatasetBuilder(BuildOptions options, Listener listener) {
    this.options = options;
    this.listener = listener;
    List<TargetDefinition> defs = new ArrayList<>();
    for (String t : options.targets()) {
      defs.add(TargetDefinition.of(t));
    }
    this.targets = List.copyOf(defs);
    this.splits = SplitAssigner.parse(options.seed(), options.splitFractions());
    this.peakSettings = PeakSettings.DEFAULT;
  }

  /**
   * Builds (or resumes, or confirms) the dataset.
   *
   * @throws InputException for unusable inputs or an output directory that holds something else
   * @throws NoSuchFileException for a missing input
   */
  public Result build() throws IOException {
    HeldOutFormulas heldOut = HeldOutFormulas.of(options.holdOut());
    Manifest.BuildParameters params = parameters();
    Path dir = options.out();
    Manifest existing = prepareDirectory(dir, params);
    if (existing != null) {
      return new Result(existing, true, existing.shards().size());
    }
    Set<Integer> done = finishedShards(dir);
    listener.started(done.size());
    long records = process(dir, done, heldOut);
    Manifest manifest = new DatasetFinisher(dir, params, targets, peakSettings, records, options.shardSize()).finish();
    return new Result(manifest, false, done.size());
  }

  private Manifest.BuildParameters parameters() throws IOException {
    List<Manifest.InputFile> inputs = new ArrayList<>();
    for (Path p : options.inputs()) {
      inputs.add(fingerprint(p));
    }
    List<Manifest.InputFile> trainOnly = new ArrayList<>();
    for (Path p : options.trainOnly()) {
      trainOnly.add(fingerprint(p));
    }
    return new Manifest.BuildParameters(
        inputs,
        options.targets(),
        options.idColumn(),
        options.splitBy(),
        splits.fractions(),
        options.seed(),
        options.limit(),
        options.shardSize(),
        options.compositionColumn(),
        options.holdOut() == null ? null : fingerprint(options.holdOut().resolve(DatasetLayout.MANIFEST)),
        trainOnly);
  }

  /**
   * Size and SHA-256 of an input file; for a folder, the total size of its files and the SHA-256 over their relative
   * paths and contents in sorted order (hidden files are not inputs and are left out).
   *
   * @throws NoSuchFileException when the input does not exist
   */
  static Manifest.InputFile fingerprint(Path p) throws IOException {
    MessageDigest md = sha256();
    if (Files.isRegularFile(p)) {
      return new Manifest.InputFile(p.toString(), digest(p, md), HexFormat.of().formatHex(md.digest()));
    }
    if (!Files.isDirectory(p)) {
      throw new NoSuchFileException(p.toString());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(p)) {
      files = walk.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
    long size = 0;
    for (Path f : files) {
      md.update(p.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      size += digest(f, md);
    }
    return new Manifest.InputFile(p.toString(), size, HexFormat.of().formatHex(md.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
    }
  }

  /** Feeds a file's bytes into the digest; returns its size. */
  private static long digest(Path p, MessageDigest md) throws IOException {
    byte[] buf = new byte[CHECKSUM_BUFFER_BYTES];
    long size = 0;
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    return size;
  }

  /**
   * Makes {@code dir} ready for this build. Returns the manifest when the directory already holds exactly this
   * finished dataset, null when the build should (re)start.
   */
  private Manifest prepareDirectory(Path dir, Manifest.BuildParameters params) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), 0, "exists and is not a directory");
    }
    Files.createDirectories(dir);
    List<String> foreign = new ArrayList<>();
    boolean any = false;
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        any = true;
        if (!DatasetLayout.OWNED.contains(name) && !name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
          foreign.add(name);
        }
      }
    }
    if (!foreign.isEmpty()) {
      throw new InputException(dir.toString(), 0,
          "is not empty and is not an xxact dataset (it holds " + String.join(", ", foreign.subList(0,
              Math.min(3, foreign.size()))) + (foreign.size() > 3 ? ", ..." : "")
              + "); give a new or empty --out directory");
    }
    if (any) {
      String held = describeExisting(dir, params);
      if (held == null) {
        Path manifest = dir.resolve(DatasetLayout.MANIFEST);
        if (Files.isRegularFile(manifest)) {
          DatasetFinisher.cleanUp(dir);
          return ManifestIo.readManifest(dir);
        }
      } else if (held.isEmpty() || options.overwrite()) {
        clear(dir);
      } else {
        throw new InputException(dir.toString(), 0,
            held + "; use --overwrite to replace it, or choose another --out directory");
      }
    }
    Files.createDirectories(dir.resolve(DatasetLayout.SHARDS));
    Path paramsFile = dir.resolve(DatasetLayout.BUILD_PARAMS);
    if (!Files.isRegularFile(paramsFile)) {
      ManifestIo.write(paramsFile, params);
    }
    AtomicFiles.deleteTemporaries(dir);
    AtomicFiles.deleteTemporaries(dir.resolve(DatasetLayout.SHARDS));
    return null;
  }

  /**
   * What a non-empty dataset directory holds: null when it is this same dataset (finished, or unfinished and to be
   * resumed), "" when it holds nothing worth keeping (an unfinished build that had not finished a shard), else a
   * description of the different dataset.
   */
  private String describeExisting(Path dir, Manifest.BuildParameters params) throws IOException {
    Path manifest = dir.resolve(DatasetLayout.MANIFEST);
    Path paramsFile = dir.resolve(DatasetLayout.BUILD_PARAMS);
    if (Files.isRegularFile(manifest)) {
      Manifest m;
      try {
        m = ManifestIo.readManifest(dir);
      } catch (InputException ex) {
        return "holds a dataset whose manifest cannot be read (" + ex.reason() + ")";
      }
      return m.build().sameDatasetAs(params) ? null : "holds a different dataset (" + summary(m.build()) + ")";
    }
    if (Files.isRegularFile(paramsFile)) {
      Manifest.BuildParameters p;
      try {
        p = ManifestIo.read(paramsFile, Manifest.BuildParameters.class);
      } catch (InputException ex) {
        return finishedShards(dir).isEmpty() ? "" : "holds an unfinished build whose parameters cannot be read";
      }
      if (p.sameDatasetAs(params)) {
        return null;
      }
      return finishedShards(dir).isEmpty() ? "" : "holds an unfinished build of a different dataset (" + summary(p) + ")";
    }
    return finishedShards(dir).isEmpty() ? "" : "holds shards of an unknown build";
  }

  private static String summary(Manifest.BuildParameters p) {
    List<String> names = new ArrayList<>();
    for (Manifest.InputFile f : p.inputs()) {
      names.add(Path.of(f.path()).getFileName().toString());
    }
    return "inputs " + String.join(", ", names) + ", targets " + String.join(",", p.targets()) + ", seed " + p.seed();
  }

  private static void clear(Path dir) throws IOException {
    for (String name : DatasetLayout.OWNED) {
      AtomicFiles.deleteRecursively(dir.resolve(name));
    }
    AtomicFiles.deleteTemporaries(dir);
  }

  /** Shard numbers whose shard file is complete on disk. */
  private static Set<Integer> finishedShards(Path dir) throws IOException {
    Set<Integer> done = new HashSet<>();
    Path shards = dir.resolve(DatasetLayout.SHARDS);
    if (!Files.isDirectory(shards)) {
      return done;
    }
    try (var entries = Files.list(shards)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (name.matches("shard-\\d{5,}\\.bin")) {
          int n = Integer.parseInt(name.substring(6, name.length() - 4));
          if (Files.isRegularFile(DatasetLayout.shardRejects(dir, n))) {
            done.add(n);
          }
        }
      }
    }
    return done;
  }

  /** Reads all records, converts those of unfinished shards on the workers; returns the number of records read. */
  private long process(Path dir, Set<Integer> done, HeldOutFormulas heldOut) throws IOException {
    SampleFactory factory = new SampleFactory(targets, splits, options.splitBy(), peakSettings, heldOut, options.trainOnly());
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), daemonThreads());
    Semaphore slots = new Semaphore(options.threads() * TASKS_PER_THREAD);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long index = 0;
    try (StructureSource source = StructureInputs.open(
        options.allInputs(),
        StructureInputOptions.defaults()
            .withIdColumn(options.idColumn())
            .withCompositionColumn(options.compositionColumn()))) {
      Set<String> checkedSources = new HashSet<>();
      Chunk chunk = null;
      List<RecordResult> task = new ArrayList<>(RECORDS_PER_TASK);
      int taskStart = 0;
      long limit = options.limit() == null ? Long.MAX_VALUE : options.limit();
      while (index < limit && source.hasNext()) {
        rethrow(failure.get());
        RecordResult r = source.next();
        if (r instanceof MaterialRecord s && checkedSources.add(s.source())) {
          factory.checkFirstRecord(s);
        }
        int pos = (int) (index % options.shardSize());
        if (pos == 0) {
          submit(pool, slots, failure, chunk, task, taskStart);
          task = new ArrayList<>(RECORDS_PER_TASK);
          seal(chunk, failure);
          int n = (int) (index / options.shardSize());
          chunk = done.contains(n) ? null : new Chunk(dir, n, options.shardSize(), factory);
        }
        index++;
        if (chunk != null) {
          if (task.isEmpty()) {
            taskStart = pos;
          }
          task.add(r);
          if (task.size() == RECORDS_PER_TASK) {
            submit(pool, slots, failure, chunk, task, taskStart);
            task = new ArrayList<>(RECORDS_PER_TASK);
          }
        }
        if (index % RECORDS_PER_TASK == 0) {
          listener.recordsRead(index);
        }
      }
      submit(pool, slots, failure, chunk, task, taskStart);
      seal(chunk, failure);
      listener.recordsRead(index);
    } finally {
      pool.shutdown();
      awaitQuietly(pool);
    }
    rethrow(failure.get());
    if (index == 0) {
      throw new InputException(String.join(", ", options.allInputs().stream().map(Path::toString).toList()), 0,
          "holds no structure records");
    }
    return index;
  }

  private void submit(
      ExecutorService pool, Semaphore slots, AtomicReference<Throwable> failure, Chunk chunk, List<RecordResult> task,
      int start) {
    if (chunk == null || task.isEmpty()) {
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading", ex);
    }
    chunk.pending.incrementAndGet();
    pool.execute(
        () -> {
          try {
            if (failure.get() == null) {
              chunk.convert(task, start);
              chunk.taskDone(listener);
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            slots.release();
          }
        });
  }

  private void seal(Chunk chunk, AtomicReference<Throwable> failure) {
    if (chunk == null) {
      return;
    }
    try {
      chunk.taskDone(listener);
    } catch (IOException | RuntimeException ex) {
      failure.compareAndSet(null, ex);
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException uio) {
      throw uio.getCause();
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // keep waiting: workers finish their current task and stop
      }
    } catch (InterruptedException ex) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "xxact-dataset-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * One chunk of input records on its way to a shard. Workers fill the result slots of their records; whoever
   * completes the last pending task (the reader holds one token until it has handed over the whole chunk) writes it.
   */
  private static final class Chunk {
    final Path dir;
    final int number;
    final SampleFactory factory;
    final Object[] results;
    final AtomicInteger pending = new AtomicInteger(1);
    final AtomicInteger filled = new AtomicInteger();

    Chunk(Path dir, int number, int capacity, SampleFactory factory) {
      this.dir = dir;
      this.number = number;
      this.factory = factory;
      this.results = new Object[capacity];
    }

    void convert(List<RecordResult> records, int start) {
      for (int k = 0; k < records.size(); k++) {
        results[start + k] = factory.convert(records.get(k));
      }
      filled.addAndGet(records.size());
    }

    void taskDone(Listener listener) throws IOException {
      if (pending.decrementAndGet() == 0) {
        write(listener);
      }
    }

    private void write(Listener listener) throws IOException {
      int n = filled.get();
      List<Sample> samples = new ArrayList<>(n);
      List<RejectedRecord> rejects = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        if (results[k] instanceof Sample s) {
          samples.add(s);
        } else {
          rejects.add((RejectedRecord) results[k]);
        }
      }
      AtomicFiles.write(
          DatasetLayout.shardRejects(dir, number),
          out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (RejectedRecord r : rejects) {
              w.write(ManifestIo.jsonLine(r));
              w.write('\n');
            }
            w.flush();
          });
      AtomicFiles.write(DatasetLayout.shard(dir, number), ShardFormat.encode(samples, factory.numTargets()));
      listener.shardWritten(number, samples.size(), rejects.size());
    }
  }
}
