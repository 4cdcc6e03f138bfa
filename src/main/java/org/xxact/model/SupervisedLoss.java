package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * The supervised objective: a weighted sum over targets of each target's mean loss over the samples where it is known
 * (target mask 1; missing values are never read). Regression on normalised targets uses the negative
 * log-likelihood of the configured {@link RegressionLikelihood}, with s the predicted log-variance (heteroscedastic,
 * Kendall and Gal 2017), optionally with beta-NLL gradient weighting ({@link org.xxact.train.TrainConfig#nllBeta()}), or
 * its plain error (squared or absolute) without a variance head; classification uses softmax cross-entropy. In training
 * passes of a fused model with auxiliary XRD heads, each target's loss adds {@link ModelConfig#auxiliaryXrdWeight()}
 * times the same loss of its auxiliary head.
 */
public final class SupervisedLoss {
  /**
   * Bound on the predicted log-variance of a normalised target: variances from e^-10 to e^10 cover every realistic error
   * (1e-2 to 1e2 standard deviations) while keeping exp(-s) finite in float32 early in training.
   */
  public static final float LOG_VARIANCE_BOUND = 10f;

  private static final float SQRT_2 = (float) Math.sqrt(2);

  private SupervisedLoss() {}

  /**
   * @param total weighted sum of the per-target losses (scalar)
   * @param perTarget each target's mean loss (scalar), or null when the batch has no label of it
   * @param labelled number of labelled samples per target
   */
  public record Result(NDArray total, NDArray[] perTarget, int[] labelled) {}

  /** Clamps a log-variance to [-{@link #LOG_VARIANCE_BOUND}, {@link #LOG_VARIANCE_BOUND}]. */
  public static double clampLogVariance(double s) {
    return Math.max(-LOG_VARIANCE_BOUND, Math.min(LOG_VARIANCE_BOUND, s));
  }

  /**
   * The plain objective (no beta-NLL weighting): what validation reports.
   *
   * @param weights loss weight per target, in target order
   * @param manager manager for the label tensors (the per-step manager)
   */
  public static Result compute(
      XxactModel model, ModelOutput output, Batch batch, double[] weights, NDManager manager) {
    return compute(model, output, batch, weights, 0, manager);
  }

  /**
   * The objective of a training step. Its values are those of {@link #compute(XxactModel, ModelOutput, Batch, double[],
   * NDManager)}; only the gradients of regression heads with a variance are reweighted (beta-NLL, see
   * {@link org.xxact.train.TrainConfig#nllBeta()}).
   *
   * @param nllBeta exponent of the gradient weighting, in [0, 1]; 0: the plain likelihood
   */
  public static Result compute(
      XxactModel model, ModelOutput output, Batch batch, double[] weights, double nllBeta, NDManager manager) {
    List<TargetSpec> targets = model.targets();
    if (batch.numTargets() != targets.size()) {
      throw new IllegalArgumentException(
          "batch has " + batch.numTargets() + " targets, the model has " + targets.size());
    }
    int b = batch.size();
    int numTargets = targets.size();
    NDArray[] perTarget = new NDArray[numTargets];
    int[] labelled = new int[numTargets];
    NDArray total = null;
    for (int t = 0; t < numTargets; t++) {
      float[] mask = new float[b];
      float[] values = new float[b];
      for (int i = 0; i < b; i++) {
        int k = i * numTargets + t;
        if (batch.targetMask()[k] > 0 && Float.isFinite(batch.targets()[k])) {
          mask[i] = 1f;
          values[i] = batch.targets()[k];
          labelled[t]++;
        }
      }
      if (labelled[t] == 0) {
        continue;
      }
      TargetSpec spec = targets.get(t);
      boolean withVariance = model.headHasVariance(t);
      NDArray labels = labels(spec, values, mask, batch, manager);
      RegressionLikelihood likelihood = model.config().regressionLikelihood();
      NDArray lossPerSample =
          lossPerSample(output.headOutputs().get(t), spec, withVariance, likelihood, nllBeta, labels, manager);
      if (!output.auxiliaryXrdOutputs().isEmpty()) {
        NDArray auxiliary =
            lossPerSample(
                output.auxiliaryXrdOutputs().get(t), spec, withVariance, likelihood, nllBeta, labels, manager);
        lossPerSample = lossPerSample.add(auxiliary.mul(manager.create((float) model.config().auxiliaryXrdWeight())));
      }
      NDArray maskArray = manager.create(mask, new Shape(b));
      // Scalars as tensors of the step's manager, alive through the backward pass (see ForwardContext).
      perTarget[t] = lossPerSample.mul(maskArray).sum().mul(manager.create(1f / labelled[t]));
      NDArray weighted = perTarget[t].mul(manager.create((float) weights[t]));
      total = total == null ? weighted : total.add(weighted);
    }
    if (total == null) {
      total = manager.zeros(new Shape());
    }
    return new Result(total, perTarget, labelled);
  }

  /** Labels as a tensor: one-hot rows [B, C] for a class target (zero rows where missing), values [B] otherwise. */
  private static NDArray labels(TargetSpec spec, float[] values, float[] mask, Batch batch, NDManager manager) {
    int b = values.length;
    if (spec.kind() != TargetKind.CLASSIFICATION) {
      return manager.create(values, new Shape(b));
    }
    int classes = spec.numClasses();
    float[] oneHot = new float[b * classes];
    for (int i = 0; i < b; i++) {
      if (mask[i] > 0) {
        int c = Math.round(values[i]);
        if (c < 0 || c >= classes || c != values[i]) {
          throw new IllegalArgumentException(
              "target " + spec.name() + " of sample " + batch.indices()[i] + " is not a class index: " + values[i]);
        }
        oneHot[i * classes + c] = 1f;
      }
    }
    return manager.create(oneHot, new Shape(b, classes));
  }

  /** [B] loss of each sample (unmasked) from a head's output [B, outputs]. */
  private static NDArray lossPerSample(
      NDArray out,
      TargetSpec spec,
      boolean withVariance,
      RegressionLikelihood likelihood,
      double nllBeta,
      NDArray labels,
      NDManager manager) {
    if (spec.kind() == TargetKind.CLASSIFICATION) {
      return out.logSoftmax(-1).mul(labels).sum(new int[] {1}).neg();
    }
    NDArray error = out.get(new NDIndex(":, 0")).sub(labels);
    boolean laplace = likelihood == RegressionLikelihood.LAPLACE;
    NDArray penalty = laplace ? error.abs() : error.square();
    if (!withVariance) {
      return penalty;
    }
    NDArray logVariance = out.get(new NDIndex(":, 1")).clip(-LOG_VARIANCE_BOUND, LOG_VARIANCE_BOUND);
    NDArray half = manager.create(0.5f);
    NDArray nll =
        laplace
            // 0.5 s + sqrt(2) |e| exp(-s / 2): the Laplace negative log-likelihood with variance exp(s), constants dropped.
            ? logVariance.mul(half).add(penalty.mul(logVariance.mul(half).neg().exp()).mul(manager.create(SQRT_2)))
            : logVariance.add(penalty.mul(logVariance.neg().exp())).mul(half);
    if (nllBeta == 0) {
      return nll;
    }
    // beta-NLL: the gradient is scaled by the detached noise scale^(beta p) = exp(beta p s / 2), p = 1 (Laplace) or 2
    // (Gaussian); detached + weight * (nll - detached) keeps the value of nll exactly.
    NDArray weight =
        logVariance.mul(manager.create((float) (nllBeta * (laplace ? 0.5 : 1.0)))).exp().stopGradient();
    NDArray detached = nll.stopGradient();
    return detached.add(nll.sub(detached).mul(weight));
  }
}
