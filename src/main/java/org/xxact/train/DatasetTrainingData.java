package org.xxact.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.xxact.crystal.InputException;
import org.xxact.data.Augmentation;
import org.xxact.data.Batch;
import org.xxact.data.Dataset;
import org.xxact.data.DatasetLayout;
import org.xxact.data.DatasetLoader;
import org.xxact.data.LoaderOptions;
import org.xxact.data.RenderSettings;
import org.xxact.data.Split;
import org.xxact.data.TargetSpec;
import org.xxact.model.ModelConfig;
import org.xxact.xrd.PatternGrid;

/**
 * {@link TrainingData} over a dataset built by {@code xxact dataset build}: the train split (optionally only a subset of
 * it) for training, the val split for validation, and any split in a fixed order for evaluation. Patterns are rendered
 * by a {@link DatasetLoader} on the grid of the model configuration, without augmentation unless asked for, and the
 * regression targets are normalised with the train-split statistics of the manifest.
 *
 * <p>The loader already meets the reproducibility contract of {@link TrainingData}: its epoch order depends on (seed,
 * epoch) and each sample's augmentation on (seed, epoch, sample index). A training epoch drops its last partial
 * batch, so that every step sees a full batch.
 */
public final class DatasetTrainingData implements TrainingData, AutoCloseable {
  /**
   * Seed of the order the training subset is drawn in. Fixed (not the run's seed), so that runs of every seed and
   * modality train on the same samples and the subsets of growing size are nested.
   */
  public static final long SUBSET_SEED = 0;

  /**
   * @param targets target names in model order; empty for every target of the dataset
   * @param trainSubset train only on this many training samples (0: all)
   * @param augmentation random changes of the training patterns ({@link Augmentation#NONE}: none); validation and
   *     evaluation patterns are never augmented
   * @param loaderThreads threads rendering batches ahead of the trainer
   */
  public record Options(List<String> targets, int trainSubset, Augmentation augmentation, int loaderThreads) {
    public Options {
      targets = List.copyOf(targets);
      if (trainSubset < 0 || loaderThreads < 1) {
        throw new IllegalArgumentException("the subset must not be negative and the loader needs a thread");
      }
    }

    /**
     * The given targets and the run's use of the data, with one loader thread: rendering is much faster than a
     * training step (docs/BENCHMARKS.md), so one thread keeps up and leaves the cores to the model.
     */
    public static Options of(List<String> targets, DataConfig data) {
      return new Options(targets, data.trainSubset(), data.trainingAugmentation(), 1);
    }
  }

  /** Batches rendered ahead of the consumer per loader thread. */
  private static final int PREFETCH_PER_THREAD = 4;

  private final Dataset dataset;
  private final Options options;
  private final RenderSettings render;
  private final String manifestChecksum;
  private final List<TargetSpec> targets;
  private final int trainSize;
  private DatasetLoader train;
  private DatasetLoader validation;

  private DatasetTrainingData(Dataset dataset, Options options, RenderSettings render, String manifestChecksum) {
    this.dataset = dataset;
    this.options = options;
    this.render = render;
    this.manifestChecksum = manifestChecksum;
    try (DatasetLoader probe = loader(Split.TRAIN, 1, 0, true)) {
      this.targets = probe.targetSpecs();
      this.trainSize = probe.size();
    }
  }

  /**
   * Opens a dataset for a model of configuration {@code model} (its pattern grid).
   *
   * @throws org.xxact.crystal.InputException when the directory is not a finished dataset, or holds compositions only
   *     and the model reads diffraction patterns
   * @throws IllegalArgumentException for a target the dataset does not have, or a subset larger than the train split
   */
  public static DatasetTrainingData open(Path datasetDir, ModelConfig model, Options options) throws IOException {
    Dataset dataset = Dataset.open(datasetDir);
    if (model.modality().usesXrd() && !dataset.manifest().build().hasPatterns()) {
      throw new InputException(
          datasetDir.toString(),
          0,
          "holds compositions without structures (built with --composition-column), so no diffraction patterns; a "
              + model.modality().name().toLowerCase(Locale.ROOT) + " model needs them (use --modality composition)");
    }
    PatternGrid grid = new PatternGrid(model.twoThetaMinDeg(), model.twoThetaMaxDeg(), model.gridPoints());
    RenderSettings render =
        new RenderSettings(RenderSettings.DEFAULT.radiation(), grid, RenderSettings.DEFAULT.fwhmDeg(), Augmentation.NONE);
    return new DatasetTrainingData(dataset, options, render, manifestChecksum(datasetDir));
  }

  /** Opens a dataset for a run of configuration {@code config} learning {@code targets} (empty: all). */
  public static DatasetTrainingData forRun(Path datasetDir, RunConfig config, List<String> targets)
      throws IOException {
    return open(datasetDir, config.model(), Options.of(targets, config.data()));
  }

  /** SHA-256 (hex) of a dataset's manifest file: it names every shard with its size, so it identifies the data. */
  public static String manifestChecksum(Path datasetDir) throws IOException {
    byte[] bytes = Files.readAllBytes(datasetDir.resolve(DatasetLayout.MANIFEST));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  public Dataset dataset() {
    return dataset;
  }

  @Override
  public List<TargetSpec> targets() {
    return targets;
  }

  @Override
  public int trainSize() {
    return trainSize;
  }

  /** Full batches only: the last partial batch of an epoch is dropped. */
  @Override
  public int trainBatchesPerEpoch(int batchSize) {
    return trainSize / batchSize;
  }

  @Override
  public Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int firstBatch) {
    if (train == null || train.options().seed() != seed || train.options().batchSize() != batchSize) {
      closeQuietly(train);
      train = loader(Split.TRAIN, batchSize, seed, true);
    }
    return train.epoch(epoch, firstBatch);
  }

  @Override
  public Iterator<Batch> validationBatches(int batchSize) {
    if (validation == null || validation.options().batchSize() != batchSize) {
      closeQuietly(validation);
      validation = loader(Split.VAL, batchSize, 0, false);
    }
    return validation.epoch(0);
  }

  /**
   * A loader of a whole split in a fixed order, without augmentation, with this data's targets. The caller closes it.
   */
  public DatasetLoader evaluationLoader(Split split, int batchSize) {
    return loader(split, batchSize, 0, false);
  }

  @Override
  public String manifestChecksum() {
    return manifestChecksum;
  }

  @Override
  public void close() {
    closeQuietly(train);
    closeQuietly(validation);
  }

  private DatasetLoader loader(Split split, int batchSize, long seed, boolean training) {
    LoaderOptions o =
        LoaderOptions.defaults(split)
            .withBatchSize(batchSize)
            .withSeed(seed)
            .withTargets(options.targets())
            .withShuffle(training, training)
            .withThreads(options.loaderThreads(), PREFETCH_PER_THREAD * options.loaderThreads())
            .withRender(training ? render.withAugmentation(options.augmentation()) : render);
    if (training && options.trainSubset() > 0) {
      o = o.withSubset(options.trainSubset(), SUBSET_SEED);
    }
    return new DatasetLoader(dataset, o);
  }

  private static void closeQuietly(DatasetLoader loader) {
    if (loader != null) {
      loader.close();
    }
  }
}
