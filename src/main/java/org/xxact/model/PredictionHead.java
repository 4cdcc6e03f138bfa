package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * Maps the material embedding to one target: LN - Linear(d, h) - GELU - Linear(h, out). A regression head outputs the
 * normalised mean and, with {@code predictVariance}, a log-variance (heteroscedastic Gaussian, Nix and Weigend 1994;
 * Kendall and Gal 2017) for a per-prediction uncertainty; a classification head outputs one logit per class.
 */
final class PredictionHead {
  private final TargetSpec target;
  private final boolean withVariance;
  private final LayerNorm norm;
  private final Linear hidden;
  private final Linear output;

  /**
   * @param prefix parameter name prefix, e.g. "head."
   * @param startsAtZero whether the output layer starts at zero (a head that corrects a baseline)
   */
  PredictionHead(ParameterStore store, String prefix, TargetSpec target, ModelConfig config, boolean startsAtZero) {
    this.target = target;
    this.withVariance = target.kind() == TargetKind.REGRESSION && config.predictVariance();
    String name = prefix + target.name();
    this.norm = new LayerNorm(store, name + ".norm", config.dModel(), config.layerNormEps());
    this.hidden = new Linear(store, name + ".hidden", config.dModel(), config.headHiddenDim());
    this.output = new Linear(store, name + ".output", config.headHiddenDim(), outputs(), startsAtZero);
  }

  /** Columns of the output: numClasses, 2 (mean, log-variance) or 1 (mean). */
  int outputs() {
    if (target.kind() == TargetKind.CLASSIFICATION) {
      return target.numClasses();
    }
    return withVariance ? 2 : 1;
  }

  boolean withVariance() {
    return withVariance;
  }

  TargetSpec target() {
    return target;
  }

  /** @return [B, outputs()] */
  NDArray apply(NDArray embedding) {
    return output.apply(Activation.gelu(hidden.apply(norm.apply(embedding))));
  }
}
