package org.xxact.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one split of a {@link Dataset} as {@link Batch}es for training and evaluation: composition tokens, the
 * diffraction pattern rendered from the stored peaks on the model grid (with augmentation when configured), targets
 * normalised with the train-split statistics of the manifest, target masks and formula keys.
 *
 * <p>Deterministic: the epoch order is a permutation seeded by (seed, epoch), and every sample's augmentation draws
 * from a generator seeded by (seed, epoch, sample index), so a batch is the same whatever the number of threads or the
 * timing. Batches are rendered ahead of the consumer on {@link LoaderOptions#threads()} worker threads, so that the
 * model does not wait for data.
 */
public final class DatasetLoader implements AutoCloseable {
  /** Mixed into the shuffling seed so that the epoch order and the per-sample draws never share a stream. */
  private static final long SHUFFLE_STREAM = 0x5348554646L;

  private final Dataset dataset;
  private final LoaderOptions options;
  private final int[] served;
  private final int[] targetColumns;
  private final List<TargetSpec> specs;
  private final int maxElements;
  private final ExecutorService executor;
  private final ThreadLocal<SampleRenderer> renderers;

  /**
   * @throws IllegalArgumentException for an unknown target name, a subset larger than the split, or a token count
   *     smaller than the dataset's largest composition
   */
  public DatasetLoader(Dataset dataset, LoaderOptions options) {
    this.dataset = dataset;
    this.options = options;
    List<String> names = dataset.targetNames();
    List<String> wanted = options.targets().isEmpty() ? names : options.targets();
    this.targetColumns = new int[wanted.size()];
    List<TargetSpec> all = dataset.targetSpecs();
    List<TargetSpec> chosen = new ArrayList<>();
    for (int t = 0; t < wanted.size(); t++) {
      int col = names.indexOf(wanted.get(t));
      if (col < 0) {
        throw new IllegalArgumentException(
            "dataset " + dataset.dir() + " has no target '" + wanted.get(t) + "' (it has " + names + ")");
      }
      targetColumns[t] = col;
      chosen.add(all.get(col));
    }
    this.specs = List.copyOf(chosen);
    int datasetMax = Math.max(1, dataset.manifest().maxElements());
    if (options.maxElements() != 0 && options.maxElements() < datasetMax) {
      throw new IllegalArgumentException("maxElements " + options.maxElements()
          + " is smaller than the dataset's largest composition (" + datasetMax + " elements)");
    }
    this.maxElements = options.maxElements() == 0 ? datasetMax : options.maxElements();
    int[] split = dataset.indices(options.split());
    this.served = options.subsetSize() == 0 ? split : subset(split, options.subsetSize(), options.subsetSeed(),
        options.split());
    int maxPeaks = dataset.manifest().maxPeaks();
    this.renderers = ThreadLocal.withInitial(() -> new SampleRenderer(options.render(), maxPeaks));
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "xxact-loader-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The first {@code n} of {@code indices} in an order seeded by {@code seed}, ascending. For one seed the subsets
   * are nested: the first 1,000 are among the first 3,000.
   */
  static int[] subset(int[] indices, int n, long seed, Split split) {
    if (n > indices.length) {
      throw new IllegalArgumentException(
          "subset of " + n + " asked, but the " + split.label() + " split has only " + indices.length + " samples");
    }
    int[] order = indices.clone();
    shuffle(order, new SplittableRandom(seed));
    int[] out = Arrays.copyOf(order, n);
    Arrays.sort(out);
    return out;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  public Dataset dataset() {
    return dataset;
  }

  public LoaderOptions options() {
    return options;
  }

  /** Samples served per epoch. */
  public int size() {
    return served.length;
  }

  /** The dataset indices served, ascending (a copy). */
  public int[] indices() {
    return served.clone();
  }

  /** Specs of the targets in the batches, in batch column order. */
  public List<TargetSpec> targetSpecs() {
    return specs;
  }

  /** Composition tokens per sample in every batch. */
  public int maxElements() {
    return maxElements;
  }

  /** Batches per epoch. */
  public int batchesPerEpoch() {
    int b = options.batchSize();
    return options.dropLast() ? served.length / b : (served.length + b - 1) / b;
  }

  /** The order of dataset indices in an epoch: shuffled with (seed, epoch) when shuffling, else ascending. */
  public int[] epochOrder(int epoch) {
    int[] order = served.clone();
    if (options.shuffle()) {
      shuffle(order, new SplittableRandom(StableHash.combine(options.seed(), epoch, SHUFFLE_STREAM)));
    }
    return order;
  }

  /**
   * The batches of one epoch, rendered ahead on the worker threads. The iterator is for one consumer.
   */
  public Iterator<Batch> epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * The batches of one epoch from batch {@code firstBatch} on (a resumed run continues mid-epoch without rendering
   * the batches it already consumed), rendered ahead on the worker threads. The iterator is for one consumer.
   */
  public Iterator<Batch> epoch(int epoch, int firstBatch) {
    if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
      throw new IllegalArgumentException("first batch " + firstBatch + " outside 0.." + batchesPerEpoch());
    }
    return new EpochIterator(epochOrder(epoch), epoch, firstBatch);
  }

  /** One batch of the given dataset indices, rendered on the calling thread, as {@link #epoch} would render it. */
  public Batch batch(int[] indices, int epoch) {
    int bs = indices.length;
    int e = maxElements;
    int g = options.render().grid().points();
    int nt = specs.size();
    int[] ids = new int[bs * e];
    float[] fractions = new float[bs * e];
    float[] elementMask = new float[bs * e];
    float[] xrd = new float[bs * g];
    float[] targets = new float[bs * nt];
    float[] targetMask = new float[bs * nt];
    long[] formulaKeys = new long[bs];
    SampleRenderer renderer = renderers.get();
    int[] z = new int[e];
    float[] amounts = new float[e];
    for (int b = 0; b < bs; b++) {
      int index = indices[b];
      Shard shard = dataset.shardOf(index);
      int local = dataset.localIndex(index);
      int ne = shard.composition(local, z, amounts, 0);
      double total = 0;
      for (int k = 0; k < ne; k++) {
        total += amounts[k];
      }
      for (int k = 0; k < ne; k++) {
        ids[b * e + k] = z[k];
        fractions[b * e + k] = (float) (amounts[k] / total);
        elementMask[b * e + k] = 1f;
      }
      SplittableRandom rng = new SplittableRandom(StableHash.combine(options.seed(), epoch, index));
      renderer.render(shard, local, rng, xrd, b * g);
      for (int t = 0; t < nt; t++) {
        float v = shard.target(local, targetColumns[t]);
        if (Float.isNaN(v)) {
          continue;
        }
        TargetSpec spec = specs.get(t);
        targets[b * nt + t] =
            spec.kind() == TargetKind.REGRESSION ? (float) ((v - spec.mean()) / spec.std()) : v;
        targetMask[b * nt + t] = 1f;
      }
      formulaKeys[b] = Dataset.formulaKey(shard.reducedFormula(local));
    }
    return new Batch(bs, e, ids, fractions, elementMask, g, xrd, nt, targets, targetMask, formulaKeys,
        indices.clone());
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private final class EpochIterator implements Iterator<Batch> {
    private final int[] order;
    private final int epoch;
    private final int batches;
    private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
    private int submitted;
    private int returned;

    EpochIterator(int[] order, int epoch, int firstBatch) {
      this.order = order;
      this.epoch = epoch;
      this.batches = batchesPerEpoch();
      this.submitted = firstBatch;
      this.returned = firstBatch;
      while (submitted < batches && ahead.size() < options.prefetchBatches()) {
        submitNext();
      }
    }

    private void submitNext() {
      int from = submitted * options.batchSize();
      int to = Math.min(order.length, from + options.batchSize());
      int[] idx = Arrays.copyOfRange(order, from, to);
      ahead.add(executor.submit(() -> batch(idx, epoch)));
      submitted++;
    }

    @Override
    public boolean hasNext() {
      return returned < batches;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Future<Batch> f = ahead.poll();
      if (submitted < batches) {
        submitNext();
      }
      returned++;
      try {
        return f.get();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a batch", ex);
      } catch (ExecutionException ex) {
        Throwable c = ex.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("rendering a batch failed", c);
      }
    }
  }
}
