package org.xxact.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.xxact.model.Parameter;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled weight decay regularization", ICLR 2019) over the model's parameters, with
 * two parameter groups: weight decay applies only to parameters flagged {@link Parameter#decay()}. Also computes the
 * global gradient norm, clips it (Pascanu et al. 2013), and reports a non-finite gradient instead of applying it.
 *
 * <p>Moments live in the parameters' long-lived manager; each step's temporaries live in an {@link NDScope} of the
 * step. Runs with gradient recording off (outside any gradient collector), so updates are plain in-place writes.
 */
public final class AdamW {
  private final List<Parameter> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private long updates;

  /**
   * @param moments saved state: "m/NAME" and "v/NAME" by parameter name (empty to start from zero)
   * @param updates updates already applied (bias correction continues from there)
   */
  public AdamW(
      List<Parameter> parameters,
      NDManager manager,
      TrainConfig config,
      Map<String, float[]> moments,
      long updates) {
    this.parameters = List.copyOf(parameters);
    this.beta1 = config.beta1();
    this.beta2 = config.beta2();
    this.epsilon = config.adamEpsilon();
    this.weightDecay = config.weightDecay();
    this.updates = updates;
    for (Parameter p : parameters) {
      firstMoments.add(moment(manager, p, moments.get("m/" + p.name())));
      secondMoments.add(moment(manager, p, moments.get("v/" + p.name())));
    }
  }

  private static NDArray moment(NDManager manager, Parameter p, float[] saved) {
    int n = Math.toIntExact(p.array().size());
    if (saved != null && saved.length != n) {
      throw new IllegalArgumentException("optimizer state of " + p.name() + " has " + saved.length + " values");
    }
    return manager.create(saved == null ? new float[n] : saved, p.array().getShape());
  }

  /** Global L2 norm of the current gradients (NaN or infinite when a gradient is not finite). */
  public double gradientNorm() {
    return gradientNorm(name -> true);
  }

  /** Global L2 norm of the current gradients of the parameters whose name {@code trained} accepts. */
  public double gradientNorm(Predicate<String> trained) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray sum = null;
      for (Parameter p : parameters) {
        if (!trained.test(p.name())) {
          continue;
        }
        NDArray squared = p.array().getGradient().square().sum();
        sum = sum == null ? squared : sum.add(squared);
      }
      return sum == null ? 0 : Math.sqrt(sum.getFloat());
    }
  }

  /**
   * One update with the current gradients times {@code gradientScale} (the clipping factor).
   *
   * @param learningRate this step's rate
   */
  public void step(double learningRate, double gradientScale) {
    step(learningRate, gradientScale, name -> true);
  }

  /**
   * One update of the parameters whose name {@code trained} accepts; the others and their moments keep their values.
   */
  public void step(double learningRate, double gradientScale, Predicate<String> trained) {
    updates++;
    double correction1 = 1 - Math.pow(beta1, updates);
    double correction2 = 1 - Math.pow(beta2, updates);
    float stepSize = (float) (learningRate / correction1);
    float inverseSqrtCorrection2 = (float) (1 / Math.sqrt(correction2));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < parameters.size(); i++) {
        Parameter p = parameters.get(i);
        if (!trained.test(p.name())) {
          continue;
        }
        NDArray g = p.array().getGradient().mul((float) gradientScale);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        if (p.decay() && weightDecay > 0) {
          p.array().muli((float) (1 - learningRate * weightDecay));
        }
        NDArray denominator = v.sqrt().muli(inverseSqrtCorrection2).addi((float) epsilon);
        p.array().subi(m.div(denominator).muli(stepSize));
      }
    }
  }

  /** Resets every gradient to zero (PyTorch accumulates gradients across backward passes). */
  public void zeroGradients() {
    for (Parameter p : parameters) {
      JniUtils.zeroGrad((PtNDArray) p.array());
    }
  }

  /** Updates applied so far. */
  public long updates() {
    return updates;
  }

  /** Moments as "m/NAME" and "v/NAME" (copies), for checkpoints. */
  public Map<String, float[]> moments() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      out.put("m/" + parameters.get(i).name(), firstMoments.get(i).toFloatArray());
      out.put("v/" + parameters.get(i).name(), secondMoments.get(i).toFloatArray());
    }
    return out;
  }
}
