package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * A trained model whose predictions another model corrects: for every regression target both predict, the corrected
 * model's value is the baseline's value plus what its own head adds. This is delta learning (Ramakrishnan et al., J.
 * Chem. Theory Comput. 11, 2087 (2015)): the new model learns the residual of a cheaper model instead of the whole
 * quantity.
 *
 * <p>Why: formation energy is close to a smooth function of composition, which a perceptron on element fractions trained
 * on many compositions fits best, while a fused model's formation-energy head shares its embedding with four other
 * targets that keep moving it. With the composition model as baseline, the fused head starts at zero (see
 * {@link PredictionHead}), so the fused model starts exactly at the composition model's error and the pattern has to
 * earn every change; early stopping on validation keeps it from ending worse. The baseline is never updated.
 *
 * <p>In the normalised space of a target (mean m, scale s of the train split) the baseline's physical value b enters as
 * the offset (b - m) / s on the head's mean column, so the loss, the predicted variance and the de-normalisation are
 * those of any other head: the predicted variance is that of the residual, which is the variance of the sum because the
 * baseline is deterministic.
 */
public final class Baseline implements AutoCloseable {
  private final XxactModel model;
  /** For each target of the corrected model: the index of the same target in the baseline, or -1. */
  private final int[] baselineIndex;

  private Baseline(XxactModel model, int[] baselineIndex) {
    this.model = model;
    this.baselineIndex = baselineIndex;
  }

  /**
   * Attaches {@code baseline} to a model of {@code config} predicting {@code targets}. The baseline is closed with the
   * model that owns it.
   *
   * @throws IllegalArgumentException when the baseline reads an input the model's data does not carry, or predicts
   *     none of the model's regression targets (same name, regression, same unit)
   */
  static Baseline of(XxactModel baseline, ModelConfig config, List<TargetSpec> targets) {
    Modality own = config.modality();
    Modality theirs = baseline.config().modality();
    if ((theirs.usesComposition() && !own.usesComposition()) || (theirs.usesXrd() && !own.usesXrd())) {
      throw new IllegalArgumentException(
          "a baseline of modality " + label(theirs) + " reads inputs that the data of a " + label(own)
              + " model does not carry");
    }
    int[] index = new int[targets.size()];
    boolean any = false;
    for (int t = 0; t < targets.size(); t++) {
      index[t] = indexIn(baseline, targets.get(t));
      any |= index[t] >= 0;
    }
    if (!any) {
      throw new IllegalArgumentException(
          "the baseline predicts " + baseline.targets().stream().map(TargetSpec::name).toList()
              + ", none of the regression targets " + targets.stream().map(TargetSpec::name).toList());
    }
    return new Baseline(baseline, index);
  }

  /**
   * The index of {@code target} among the baseline's targets, or -1 when the baseline does not predict it: both must be
   * regression targets of the same name and unit.
   */
  static int indexIn(XxactModel baseline, TargetSpec target) {
    List<TargetSpec> theirs = baseline.targets();
    for (int j = 0; j < theirs.size(); j++) {
      TargetSpec other = theirs.get(j);
      if (target.kind() == TargetKind.REGRESSION
          && other.kind() == TargetKind.REGRESSION
          && other.name().equals(target.name())
          && other.unit().equals(target.unit())) {
        return j;
      }
    }
    return -1;
  }

  /** Whether target {@code t} of the corrected model is the baseline's value plus a correction. */
  boolean corrects(int t) {
    return baselineIndex[t] >= 0;
  }

  /** The baseline model itself. */
  XxactModel model() {
    return model;
  }

  /**
   * The offsets that turn each corrected head's output into the full prediction, computed without gradients: [B,
   * columns] with (b - m) / s in the mean column and zero in a variance column; null for targets not corrected.
   *
   * @param columns output columns of each head of the corrected model, in target order
   */
  NDArray[] offsets(NDManager manager, Batch batch, List<TargetSpec> targets, int[] columns) {
    List<TargetPrediction> predictions = model.predict(batch);
    int b = batch.size();
    NDArray[] out = new NDArray[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      if (!corrects(t)) {
        continue;
      }
      TargetSpec spec = targets.get(t);
      double[] physical = predictions.get(baselineIndex[t]).mean();
      float[] offset = new float[b * columns[t]];
      for (int i = 0; i < b; i++) {
        offset[i * columns[t]] = (float) ((physical[i] - spec.mean()) / spec.std());
      }
      out[t] = manager.create(offset, new Shape(b, columns[t]));
    }
    return out;
  }

  private static String label(Modality m) {
    return m.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    model.close();
  }
}
