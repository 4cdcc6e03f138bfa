package org.xxact.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.data.Batch;
import org.xxact.model.ConfigTree;
import org.xxact.model.DjlRuntime;
import org.xxact.model.ElementMasking;
import org.xxact.model.ForwardContext;
import org.xxact.model.PatchMasking;
import org.xxact.model.PretrainingConfig;
import org.xxact.model.PretrainingMasks;
import org.xxact.model.PretrainingModel;

/**
 * Self-supervised pretraining ({@link PretrainingModel}: masked XRD modelling, contrastive alignment, or both, with
 * or without masked element modelling, or masked element modelling alone) with the loop, schedule, checkpoints and
 * resumption of {@link Trainer}. It reads only the inputs of the training split, never a label and never another
 * split.
 *
 * <p>The run directory is a training run directory without targets, plus {@value #PRETRAINING} (the
 * {@link PretrainingConfig}); its checkpoints hold the encoders, fusion and pooling under their usual names and the
 * pretraining heads under {@code head.}, so {@link RunLoader#transferable} hands a fine-tuning run the encoders and
 * fusion, and the fine-tuning run starts its own heads.
 *
 * <p>Held-out monitoring without labels or other splits: at each evaluation the pretraining losses are computed,
 * without dropout and with masks fixed for the run, on the first {@value #MONITOR_SAMPLES} samples of the training
 * split in the run's epoch-0 order. They drive the best checkpoint and early stopping like a validation loss.
 */
public final class Pretrainer {
  /** File of the pretraining settings in a pretraining run directory. */
  public static final String PRETRAINING = "pretraining.json";
  /** Training samples whose pretraining losses are monitored at every evaluation. */
  public static final int MONITOR_SAMPLES = 512;
  /** Mixed into the mask seeds so that masks and dropout never share a stream. */
  private static final long MASK_STREAM = 0x4D41534BL;
  /** Mixed into the seeds of the hidden elements, a stream of their own, so that patch masks stay as without them. */
  private static final long ELEMENT_STREAM = 0x454C454DL;
  /** Seed of the monitoring masks (fixed for a run, so that evaluations compare like with like). */
  private static final long MONITOR_MASK_SEED = 0x4D4F4E49L;

  /**
   * Pretraining epochs by default. A step of both objectives costs 1.44 to 1.76 times a supervised fused step (median
   * step times at batch 64, default model, one thread, on the shared 2-core machine; docs/BENCHMARKS.md), and a
   * supervised fused epoch over mp_cgcnn36k's 29k training samples takes about 146 s: 14 pretraining epochs then take
   * about 50-60 minutes.
   */
  public static final int DEFAULT_EPOCHS = 14;

  private final Trainer trainer;

  public Pretrainer(TrainingListener listener) {
    this.trainer = new Trainer(listener);
  }

  public Pretrainer() {
    this(new TrainingListener() {});
  }

  /** The run configuration defaults of pretraining: those of training with {@value #DEFAULT_EPOCHS} epochs. */
  public static RunConfig defaultRunConfig() {
    return ConfigTree.resolve(
        RunConfig.defaults(), RunConfig.class, null, List.of("train.maxEpochs=" + DEFAULT_EPOCHS));
  }

  /**
   * Continues {@code runDir} when it holds a checkpoint (returns at once when finished), else starts it: what an
   * experiment does to reuse its runs.
   *
   * @throws IllegalStateException when the run there was started with other settings
   */
  public Trainer.Result fitOrResume(Path runDir, RunConfig config, PretrainingConfig pretraining, TrainingData data)
      throws IOException {
    if (!RunDirectory.hasCheckpoint(runDir)) {
      return fit(runDir, config, pretraining, data);
    }
    if (!RunDirectory.open(runDir).config().equals(config) || !pretrainingConfig(runDir).equals(pretraining)) {
      throw new IllegalStateException(
          "run " + runDir + " was started with other settings; move it away or use the same settings");
    }
    return resume(runDir, data);
  }

  /** Pretrains a new model in {@code runDir} on the training split of {@code data}, from random values. */
  public Trainer.Result fit(Path runDir, RunConfig config, PretrainingConfig pretraining, TrainingData data)
      throws IOException {
    return fit(runDir, config, pretraining, data, Map.of(), null);
  }

  /**
   * Pretrains a new model in {@code runDir}, its encoders and fusion starting from {@code initialValues} where given:
   * a pretraining that continues another, for example a fused pretraining whose composition tokens come from masked
   * element modelling on a larger corpus of compositions. The pretraining heads (decoder, projections, element
   * classifier) always start new.
   *
   * @param initialValues parameters to start from instead of random values (see {@link RunLoader#transferable}); may
   *     be empty
   * @param initialisedFrom where {@code initialValues} came from (recorded in run.json), or null
   */
  public Trainer.Result fit(
      Path runDir,
      RunConfig config,
      PretrainingConfig pretraining,
      TrainingData data,
      Map<String, float[]> initialValues,
      String initialisedFrom)
      throws IOException {
    DjlRuntime.engine(config.train().threads());
    try (PretrainingModel model =
        PretrainingModel.create(config.model(), pretraining, config.train().seed(), initialValues)) {
      Trainer.requireSomeInitialParameter(model.model(), initialValues, initialisedFrom);
      RunInfo info =
          RunInfo.startingNow(
              config.train().seed(), data.manifestChecksum(), model.model().parameterCount(), initialisedFrom);
      RunDirectory run = RunDirectory.create(runDir, config, List.of(), info);
      AtomicFiles.writeString(runDir.resolve(PRETRAINING), ConfigTree.toJson(pretraining));
      AdamW optimizer = new AdamW(model.parameters(), model.model().manager(), config.train(), Map.of(), 0);
      return trainer.loop(
          run, model.model(), optimizer, data, TrainingState.initial(config.train().seed()),
          objective(model, data, config.train()));
    }
  }

  /** Continues a pretraining run from its last checkpoint; a finished run returns at once. */
  public Trainer.Result resume(Path runDir, TrainingData data) throws IOException {
    RunDirectory run = RunDirectory.open(runDir);
    PretrainingConfig pretraining = pretrainingConfig(runDir);
    Checkpoint checkpoint =
        run.readCheckpoint(Checkpoint.Kind.LAST)
            .orElseThrow(() -> new IllegalStateException("run " + runDir + " has no checkpoint to resume from"));
    RunConfig config = run.config();
    DjlRuntime.engine(config.train().threads());
    try (PretrainingModel model =
        PretrainingModel.create(config.model(), pretraining, config.train().seed(), checkpoint.parameters())) {
      List<EvaluationRecord> metrics = run.readMetrics();
      if (checkpoint.state().finished()) {
        return new Trainer.Result(
            runDir, checkpoint.state(), metrics.isEmpty() ? null : metrics.get(metrics.size() - 1));
      }
      run.truncateMetricsAfter(checkpoint.state().step());
      AdamW optimizer =
          new AdamW(
              model.parameters(), model.model().manager(), config.train(), checkpoint.moments(),
              checkpoint.optimizerUpdates());
      return trainer.loop(run, model.model(), optimizer, data, checkpoint.state(), objective(model, data, config.train()));
    }
  }

  /** The pretraining settings of a pretraining run. */
  public static PretrainingConfig pretrainingConfig(Path runDir) throws IOException {
    Path file = runDir.resolve(PRETRAINING);
    if (!Files.isRegularFile(file)) {
      throw new InputException(runDir.toString(), 0, "not a pretraining run (no " + PRETRAINING + ")");
    }
    return ConfigTree.parse(Files.readString(file), PretrainingConfig.class, file.toString());
  }

  /** The pretrained model of {@code runDir} (best checkpoint, else the last), heads included. The caller closes it. */
  public static PretrainingModel load(Path runDir) throws IOException {
    RunDirectory run = RunDirectory.open(runDir);
    PretrainingConfig pretraining = pretrainingConfig(runDir);
    Checkpoint checkpoint = RunLoader.bestOrLast(run);
    DjlRuntime.engine(run.config().train().threads());
    return PretrainingModel.create(
        run.config().model(), pretraining, run.config().train().seed(), checkpoint.parameters());
  }

  /**
   * The masks of training step {@code step} for {@code batch}: a function of the seed, the step and the batch only
   * (identical after a resume).
   */
  static PretrainingMasks stepMasks(PretrainingModel model, long seed, long step, Batch batch) {
    long stepSeed = seed * Trainer.STEP_SEED_MULTIPLIER + step;
    return masks(
        model, batch, new SplittableRandom(stepSeed ^ MASK_STREAM), new SplittableRandom(stepSeed ^ ELEMENT_STREAM));
  }

  private static PretrainingMasks masks(
      PretrainingModel model, Batch batch, SplittableRandom patchRng, SplittableRandom elementRng) {
    PretrainingConfig c = model.config();
    float[] patches =
        PatchMasking.draw(
            batch.size(), model.model().config().numPatches(), c.maskRatio(), c.maskMode(), c.spanPatches(), patchRng);
    int[] elements = c.usesMaskedElements() ? ElementMasking.draw(batch, elementRng) : null;
    return new PretrainingMasks(patches, elements);
  }

  private static TrainingObjective objective(PretrainingModel model, TrainingData data, TrainConfig cfg) {
    float dropout = (float) model.model().config().dropout();
    List<Batch> monitor = new ArrayList<>();
    int monitored = 0;
    for (Iterator<Batch> it = data.trainBatches(cfg.seed(), 0, cfg.batchSize(), 0);
        it.hasNext() && monitored < MONITOR_SAMPLES; ) {
      Batch b = it.next();
      monitor.add(b);
      monitored += b.size();
    }
    List<PretrainingMasks> monitorMasks = new ArrayList<>();
    SplittableRandom monitorRng = new SplittableRandom(MONITOR_MASK_SEED);
    SplittableRandom monitorElementRng = new SplittableRandom(MONITOR_MASK_SEED ^ ELEMENT_STREAM);
    for (Batch b : monitor) {
      monitorMasks.add(masks(model, b, monitorRng, monitorElementRng));
    }
    int samples = monitored;
    return new TrainingObjective() {
      @Override
      public SupervisedStep.Outcome step(AdamW optimizer, Engine engine, Batch batch, double learningRate, long step) {
        PretrainingMasks masks = stepMasks(model, cfg.seed(), step, batch);
        return SupervisedStep.run(
            model.model(),
            optimizer,
            engine,
            manager -> model.losses(manager, batch, masks, ForwardContext.training(manager, dropout)).total(),
            learningRate,
            cfg.gradientClipNorm(),
            cfg.seed() * Trainer.STEP_SEED_MULTIPLIER + step,
            name -> true);
      }

      @Override
      public EvaluationRecord.ValidationMetrics validate() {
        double total = 0;
        double mxm = 0;
        double contrastive = 0;
        double elements = 0;
        int elementSamples = 0;
        for (int i = 0; i < monitor.size(); i++) {
          Batch b = monitor.get(i);
          try (NDScope scope = new NDScope();
              NDManager manager = model.model().manager().newSubManager()) {
            scope.suppressNotUsedWarning();
            PretrainingModel.Losses l =
                model.losses(manager, b, monitorMasks.get(i), ForwardContext.inference(manager));
            total += l.total().getFloat() * b.size();
            mxm += l.mxm() == null ? 0 : l.mxm().getFloat() * b.size();
            contrastive += l.contrastive() == null ? 0 : l.contrastive().getFloat() * b.size();
            if (l.elements() != null) {
              elements += l.elements().getFloat() * b.size();
              elementSamples += b.size();
            }
          }
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        if (model.config().objective().usesMxm()) {
          parts.put("mxm", mxm / samples);
        }
        if (model.config().objective().usesContrastive()) {
          parts.put("contrastive", contrastive / samples);
        }
        if (elementSamples > 0) {
          parts.put("elements", elements / elementSamples);
        }
        return new EvaluationRecord.ValidationMetrics(samples, total / samples, parts, Map.of(), Map.of());
      }
    };
  }
}
