package org.xxact.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.InputException;
import org.xxact.model.DjlRuntime;
import org.xxact.model.XxactModel;

/**
 * Models from run directories: a trained model for inference (evaluate, predict), with the baseline it corrects when
 * it has one, and the transferable part of a
 * model (encoders, fusion, pooling: everything but the heads) to initialise a new model, as fine-tuning after
 * pretraining does.
 */
public final class RunLoader {
  private RunLoader() {}

  /**
   * The model of {@code runDir} with the parameters of its best checkpoint (or the last one when no evaluation was
   * best yet), its configuration and its targets (normalisation statistics). The caller closes it.
   */
  public static XxactModel load(Path runDir) throws IOException {
    return load(RunDirectory.open(runDir));
  }

  /** {@link #load(Path)} for a run directory already opened (and checked) by the caller. */
  public static XxactModel load(RunDirectory run) throws IOException {
    return create(run, bestOrLast(run).parameters());
  }

  /**
   * The model of {@code run} with {@code parameters}, correcting the baseline model stored in the run (see
   * {@link RunDirectory#BASELINE}) when there is one. The caller closes it.
   */
  static XxactModel create(RunDirectory run, Map<String, float[]> parameters) throws IOException {
    // The engine first: the first call decides the thread count, and the baseline's run has its own.
    DjlRuntime.engine(run.config().train().threads());
    Path baselineDir = run.path().resolve(RunDirectory.BASELINE);
    XxactModel baseline = Files.isDirectory(baselineDir) ? load(baselineDir) : null;
    return XxactModel.create(run.config().model(), run.targets(), run.config().train().seed(), parameters, baseline);
  }

  /**
   * The parameters of {@code runDir}'s best checkpoint that a new model with other heads can start from: every
   * parameter except those under {@link XxactModel#HEAD_PREFIX}. Parameters the new model does not have are ignored
   * when it is built; a parameter it has with another shape is an error then.
   */
  public static Map<String, float[]> transferable(Path runDir) throws IOException {
    return transferable(List.of(InitSource.whole(runDir)));
  }

  /**
   * The transferable parameters of several runs together, each restricted to the parts its source names (heads only
   * where a source names them), for a model assembled from pieces trained apart (a composition model's and an XRD
   * model's encoders starting one fused model).
   * The sources must not share a parameter: which of two trained values to keep has no right answer, so overlapping
   * sources are an input error naming both. A named part a run does not have is an input error too, as it would
   * otherwise start from random values without a word.
   */
  public static Map<String, float[]> transferable(List<InitSource> sources) throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, InitSource> origin = new LinkedHashMap<>();
    for (InitSource source : sources) {
      Map<String, float[]> all = bestOrLast(RunDirectory.open(source.run())).parameters();
      for (InitSource.Part part : source.parts()) {
        boolean mustExist = !source.isWhole() || part == InitSource.Part.HEADS;
        if (mustExist && all.keySet().stream().noneMatch(part::owns)) {
          throw new InputException(source.run().toString(), 0, "run has no " + part.label() + " parameters");
        }
      }
      for (Map.Entry<String, float[]> e : all.entrySet()) {
        if (!source.takes(e.getKey())) {
          continue;
        }
        InitSource earlier = origin.putIfAbsent(e.getKey(), source);
        if (earlier != null) {
          throw new InputException(
              source.run().toString(),
              0,
              "parameter " + e.getKey() + " is also in " + earlier + "; the runs overlap (take parts: RUN:xrd,fusion)");
        }
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static Checkpoint bestOrLast(RunDirectory run) throws IOException {
    java.util.Optional<Checkpoint> best = run.readCheckpoint(Checkpoint.Kind.BEST);
    if (best.isPresent()) {
      return best.get();
    }
    return run.readCheckpoint(Checkpoint.Kind.LAST)
        .orElseThrow(() -> new InputException(run.path().toString(), 0, "run has no checkpoint"));
  }
}
