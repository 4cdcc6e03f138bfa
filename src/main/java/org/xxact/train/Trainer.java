package org.xxact.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.xxact.data.Batch;
import org.xxact.data.TargetSpec;
import org.xxact.model.DjlRuntime;
import org.xxact.model.XxactModel;

/**
 * Supervised training of an {@link XxactModel}: AdamW with decay and no-decay groups, linear warm-up then cosine
 * learning rate, global gradient-norm clipping, evaluation with early stopping, a guard that skips a step with a
 * non-finite loss or gradient (and stops after {@link TrainConfig#maxConsecutiveBadSteps} in a row), and a run directory
 * with checkpoints from which a killed run resumes and continues identically.
 *
 * <p>Memory discipline: each step's forward and backward run in an {@link NDScope} with a per-step sub-manager for the
 * inputs, the optimiser update in a scope of its own after it; parameters and moments live in the model's manager.
 */
public final class Trainer {
  private final TrainingListener listener;

  public Trainer(TrainingListener listener) {
    this.listener = listener;
  }

  public Trainer() {
    this(new TrainingListener() {});
  }

  /** How a call to fit or resume ended. */
  public record Result(Path runDirectory, TrainingState state, EvaluationRecord lastEvaluation) {}

  /**
   * Trains a new model in {@code runDir}.
   *
   * @param initialValues parameters to start from instead of random values (see {@link RunLoader#transferable}); may
   *     be empty
   * @param initialisedFrom where {@code initialValues} came from (recorded), or null
   */
  public Result fit(
      Path runDir, RunConfig config, TrainingData data, Map<String, float[]> initialValues, String initialisedFrom)
      throws IOException {
    return fit(runDir, config, data, initialValues, initialisedFrom, null);
  }

  /**
   * Trains a new model in {@code runDir} that corrects the trained model of {@code baselineRun} (see
   * {@link org.xxact.model.Baseline}); a copy of that run is stored in the run directory.
   *
   * @param baselineRun the run whose predictions the new model corrects, or null for none
   */
  public Result fit(
      Path runDir,
      RunConfig config,
      TrainingData data,
      Map<String, float[]> initialValues,
      String initialisedFrom,
      Path baselineRun)
      throws IOException {
    // The engine first: the first call decides the thread count, and the baseline's run has its own.
    DjlRuntime.engine(config.train().threads());
    XxactModel baseline = baselineRun == null ? null : RunLoader.load(baselineRun);
    Map<String, float[]> start =
        baseline == null ? initialValues : XxactModel.withoutCorrectionHeads(initialValues, data.targets(), baseline);
    try (XxactModel model = XxactModel.create(config.model(), data.targets(), config.train().seed(), start, baseline)) {
      requireSomeInitialParameter(model, initialValues, initialisedFrom);
      RunInfo info =
          RunInfo.startingNow(config.train().seed(), data.manifestChecksum(), model.parameterCount(), initialisedFrom);
      RunDirectory run = RunDirectory.create(runDir, config, data.targets(), info);
      if (baselineRun != null) {
        run.storeBaseline(baselineRun);
      }
      AdamW optimizer = new AdamW(model.parameters(), model.manager(), config.train(), Map.of(), 0);
      return loop(run, model, optimizer, data, TrainingState.initial(config.train().seed()), supervised(model, data, config.train()));
    }
  }

  /**
   * Refuses initial values of which the model takes none (a composition run given to an XRD model, say): the run would
   * otherwise start from random values while its run.json says it was initialised.
   */
  static void requireSomeInitialParameter(
      XxactModel model, Map<String, float[]> initialValues, String initialisedFrom) {
    if (!initialValues.isEmpty() && model.parameterShapes().keySet().stream().noneMatch(initialValues::containsKey)) {
      throw new IllegalArgumentException(
          "none of the given initial parameters (from " + initialisedFrom + ") belongs to a "
              + model.config().modality() + " model");
    }
  }

  /** Trains a new model from random initialisation. */
  public Result fit(Path runDir, RunConfig config, TrainingData data) throws IOException {
    return fit(runDir, config, data, Map.of(), null);
  }

  /**
   * Continues {@code runDir} when it holds a checkpoint (returns at once when that run is finished), else starts it:
   * what an experiment does to reuse the runs it already made.
   *
   * @throws IllegalStateException when the run there was started with another configuration
   */
  public Result fitOrResume(Path runDir, RunConfig config, TrainingData data) throws IOException {
    if (!RunDirectory.hasCheckpoint(runDir)) {
      return fit(runDir, config, data);
    }
    RunConfig existing = RunDirectory.open(runDir).config();
    if (!existing.equals(config)) {
      throw new IllegalStateException(
          "run " + runDir + " was started with another configuration; move it away or use the same settings");
    }
    return resume(runDir, data);
  }

  /**
   * Continues a run from its last checkpoint with the same data; a finished run returns at once.
   *
   * @throws IllegalStateException when the run has no checkpoint yet or the data's targets differ from the run's
   */
  public Result resume(Path runDir, TrainingData data) throws IOException {
    RunDirectory run = RunDirectory.open(runDir);
    if (!run.targets().equals(data.targets())) {
      throw new IllegalStateException("the data's targets differ from those of run " + runDir);
    }
    Checkpoint checkpoint =
        run.readCheckpoint(Checkpoint.Kind.LAST)
            .orElseThrow(() -> new IllegalStateException("run " + runDir + " has no checkpoint to resume from"));
    RunConfig config = run.config();
    try (XxactModel model = RunLoader.create(run, checkpoint.parameters())) {
      run.truncateMetricsAfter(checkpoint.state().step());
      AdamW optimizer =
          new AdamW(
              model.parameters(), model.manager(), config.train(), checkpoint.moments(), checkpoint.optimizerUpdates());
      List<EvaluationRecord> metrics = run.readMetrics();
      if (checkpoint.state().finished()) {
        return new Result(runDir, checkpoint.state(), metrics.isEmpty() ? null : metrics.get(metrics.size() - 1));
      }
      return loop(run, model, optimizer, data, checkpoint.state(), supervised(model, data, config.train()));
    }
  }

  /** Supervised training: the weighted target losses, validated on the validation split. */
  private static TrainingObjective supervised(XxactModel model, TrainingData data, TrainConfig cfg) {
    double[] weights = lossWeights(data.targets(), cfg);
    float dropout = (float) model.config().dropout();
    return new TrainingObjective() {
      @Override
      public SupervisedStep.Outcome step(AdamW optimizer, Engine engine, Batch batch, double learningRate, long step) {
        return SupervisedStep.run(
            model, optimizer, engine, batch, weights, cfg.nllBeta(), learningRate, dropout, cfg.gradientClipNorm(),
            cfg.seed() * STEP_SEED_MULTIPLIER + step,
            updated(cfg, step));
      }

      @Override
      public EvaluationRecord.ValidationMetrics validate() {
        return Validation.evaluate(model, data.validationBatches(cfg.batchSize()), weights);
      }
    };
  }

  /**
   * The training loop shared by every objective: schedule, steps, evaluation, early stopping and checkpoints of
   * {@code model}'s parameters (which include whatever heads the objective adds).
   */
  Result loop(
      RunDirectory run,
      XxactModel model,
      AdamW optimizer,
      TrainingData data,
      TrainingState start,
      TrainingObjective objective)
      throws IOException {
    TrainConfig cfg = run.config().train();
    long totalSteps = totalSteps(cfg, data);
    LearningRateSchedule schedule =
        new LearningRateSchedule(
            cfg.learningRate(), cfg.minLearningRateRatio(), Math.round(cfg.warmupFraction() * totalSteps), totalSteps);
    Engine engine = DjlRuntime.engine(cfg.threads());

    Progress p = new Progress(start);
    long startNanos = System.nanoTime();
    EvaluationRecord last = null;
    while (!p.finished) {
      Iterator<Batch> batches = data.trainBatches(cfg.seed(), p.epoch, cfg.batchSize(), p.batchInEpoch);
      if (!batches.hasNext()) {
        throw new IllegalStateException("the training data has no batches for epoch " + p.epoch);
      }
      while (batches.hasNext() && !p.finished) {
        Batch batch = batches.next();
        double lr = schedule.rate(p.step);
        trainStep(objective, optimizer, engine, batch, lr, cfg, p);
        listener.onStep(p.step, p.epoch, p.lastLoss);
        p.step++;
        p.batchInEpoch++;
        p.lastLearningRate = lr;
        boolean epochEnd = !batches.hasNext();
        if (epochEnd) {
          p.epoch++;
          p.batchInEpoch = 0;
        }
        if (cfg.maxSteps() > 0 && p.step >= cfg.maxSteps()) {
          p.stop("max_steps");
        } else if (p.step >= totalSteps || (epochEnd && p.epoch >= cfg.maxEpochs())) {
          p.stop("max_epochs");
        }
        boolean evalDue = cfg.evalEverySteps() > 0 ? p.step % cfg.evalEverySteps() == 0 : epochEnd;
        if (evalDue || p.finished) {
          p.elapsedSeconds += (System.nanoTime() - startNanos) / 1e9;
          startNanos = System.nanoTime();
          last = evaluate(run, model, optimizer, objective, cfg, p);
        }
      }
    }
    return new Result(run.path(), p.state(), last);
  }

  private void trainStep(
      TrainingObjective objective, AdamW optimizer, Engine engine, Batch batch, double lr, TrainConfig cfg, Progress p) {
    SupervisedStep.Outcome outcome = objective.step(optimizer, engine, batch, lr, p.step);
    if (!outcome.applied()) {
      p.consecutiveBad++;
      p.skipped++;
      p.lastLoss = Double.NaN;
      if (p.consecutiveBad >= cfg.maxConsecutiveBadSteps()) {
        throw new TrainingDivergedException(
            "training diverged: "
                + p.consecutiveBad
                + " consecutive steps with a non-finite loss or gradient (last at step "
                + p.step
                + ", learning rate "
                + lr
                + "); lower train.learningRate or check the data for non-finite values");
      }
      return;
    }
    double loss = outcome.loss();
    double norm = outcome.gradientNorm();
    p.consecutiveBad = 0;
    p.lastLoss = loss;
    p.lossSum += loss;
    p.normSum += norm;
    p.goodSteps++;
  }

  private EvaluationRecord evaluate(
      RunDirectory run, XxactModel model, AdamW optimizer, TrainingObjective objective, TrainConfig cfg, Progress p)
      throws IOException {
    EvaluationRecord.ValidationMetrics metrics = objective.validate();
    double metric = Validation.metric(metrics, cfg.earlyStoppingMetric());
    if (Double.isNaN(metric)) {
      throw new IllegalStateException(
          "early-stopping metric '" + cfg.earlyStoppingMetric() + "' is not 'loss' nor a labelled validation target");
    }
    boolean best = Double.isNaN(p.bestMetric) || metric < p.bestMetric;
    if (best) {
      p.bestMetric = metric;
      p.bestStep = p.step;
      p.evaluationsWithoutImprovement = 0;
    } else {
      p.evaluationsWithoutImprovement++;
      if (cfg.earlyStoppingPatience() > 0 && p.evaluationsWithoutImprovement >= cfg.earlyStoppingPatience()) {
        p.stop("early_stopping");
      }
    }
    EvaluationRecord record =
        new EvaluationRecord(
            p.step,
            p.epoch,
            p.elapsedSeconds,
            p.lastLearningRate,
            p.goodSteps == 0 ? Double.NaN : p.lossSum / p.goodSteps,
            p.goodSteps == 0 ? Double.NaN : p.normSum / p.goodSteps,
            p.skipped,
            metrics,
            metric,
            best);
    Map<String, float[]> values = model.parameterValues();
    Map<String, long[]> shapes = model.parameterShapes();
    TrainingState state = p.state();
    if (best) {
      run.writeCheckpoint(Checkpoint.Kind.BEST, new Checkpoint(state, values, shapes, Map.of(), optimizer.updates()));
    }
    run.writeCheckpoint(
        Checkpoint.Kind.LAST, new Checkpoint(state, values, shapes, optimizer.moments(), optimizer.updates()));
    run.appendMetrics(record);
    p.lossSum = 0;
    p.normSum = 0;
    p.goodSteps = 0;
    listener.onEvaluation(record);
    return record;
  }

  /** Optimiser steps of a run that is not stopped early: every epoch's batches, at most {@code maxSteps}. */
  public static long totalSteps(TrainConfig cfg, TrainingData data) {
    long steps = (long) data.trainBatchesPerEpoch(cfg.batchSize()) * cfg.maxEpochs();
    return cfg.maxSteps() > 0 ? Math.min(steps, cfg.maxSteps()) : steps;
  }

  /**
   * The parameters that step {@code step} updates: the heads alone while the encoders are frozen
   * ({@link TrainConfig#freezeEncodersSteps}), else all but those of the {@link TrainConfig#frozenParts}.
   */
  static Predicate<String> updated(TrainConfig cfg, long step) {
    if (step < cfg.freezeEncodersSteps()) {
      return InitSource.Part.HEADS::owns;
    }
    return name -> cfg.frozenParts().stream().noneMatch(part -> part.owns(name));
  }


  /** Loss weight per target in target order: {@link TrainConfig#targetWeights()} or 1. */
  static double[] lossWeights(List<TargetSpec> targets, TrainConfig cfg) {
    List<String> names = new ArrayList<>();
    double[] weights = new double[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      names.add(targets.get(t).name());
      weights[t] = cfg.targetWeights().getOrDefault(targets.get(t).name(), 1.0);
    }
    for (String key : cfg.targetWeights().keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("train.targetWeights names unknown target '" + key + "'; targets: " + names);
      }
    }
    return weights;
  }

  /** Multiplies the seed before the step is added, so that runs with nearby seeds draw unrelated dropout masks. */
  static final long STEP_SEED_MULTIPLIER = 1_000_003L;

  /** Mutable bookkeeping of the loop; {@link #state()} snapshots it for checkpoints. */
  private static final class Progress {
    long step;
    int epoch;
    int batchInEpoch;
    final long seed;
    double bestMetric;
    long bestStep;
    int evaluationsWithoutImprovement;
    int consecutiveBad;
    long skipped;
    double elapsedSeconds;
    boolean finished;
    String stopReason;
    double lastLoss = Double.NaN;
    double lastLearningRate;
    double lossSum;
    double normSum;
    int goodSteps;

    Progress(TrainingState s) {
      step = s.step();
      epoch = s.epoch();
      batchInEpoch = s.batchInEpoch();
      seed = s.seed();
      bestMetric = s.bestMetric();
      bestStep = s.bestStep();
      evaluationsWithoutImprovement = s.evaluationsWithoutImprovement();
      consecutiveBad = s.consecutiveBadSteps();
      skipped = s.skippedSteps();
      elapsedSeconds = s.elapsedSeconds();
      finished = s.finished();
      stopReason = s.stopReason();
    }

    void stop(String reason) {
      if (!finished) {
        finished = true;
        stopReason = reason;
      }
    }

    TrainingState state() {
      return new TrainingState(
          step, epoch, batchInEpoch, seed, bestMetric, bestStep, evaluationsWithoutImprovement, consecutiveBad,
          skipped, elapsedSeconds, finished, stopReason);
    }
  }
}
