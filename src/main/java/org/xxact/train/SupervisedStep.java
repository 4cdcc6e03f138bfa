package org.xxact.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xxact.data.Batch;
import org.xxact.model.DjlRuntime;
import org.xxact.model.ForwardContext;
import org.xxact.model.ModelOutput;
import org.xxact.model.SupervisedLoss;
import org.xxact.model.XxactModel;

/**
 * One optimiser step: forward and backward in a scope of their own (an {@link NDScope} and a per-step sub-manager for
 * the inputs), then, outside it, the global gradient norm, clipping and the AdamW update. A non-finite loss or gradient
 * is not applied; gradients are zeroed either way.
 */
final class SupervisedStep {
  private SupervisedStep() {}

  /**
   * @param loss the step's loss (NaN or infinite when not applied)
   * @param gradientNorm global gradient norm before clipping (NaN when not computed or not finite)
   * @param applied whether the update was applied
   */
  record Outcome(double loss, double gradientNorm, boolean applied) {}

  /**
   * @param nllBeta beta-NLL gradient weighting of regression heads with a variance ({@link TrainConfig#nllBeta()})
   * @param dropoutSeed seed of this step's dropout masks
   * @param clipNorm global norm to clip to (0: none)
   * @param trained accepts the names of the parameters this step updates (the norm and clipping cover only them)
   */
  static Outcome run(
      XxactModel model,
      AdamW optimizer,
      Engine engine,
      Batch batch,
      double[] weights,
      double nllBeta,
      double learningRate,
      float dropout,
      double clipNorm,
      long dropoutSeed,
      Predicate<String> trained) {
    return run(
        model,
        optimizer,
        engine,
        manager -> {
          ModelOutput out = model.forward(model.inputs(manager, batch), ForwardContext.training(manager, dropout));
          return SupervisedLoss.compute(model, out, batch, weights, nllBeta, manager).total();
        },
        learningRate,
        clipNorm,
        dropoutSeed,
        trained);
  }

  /**
   * One step of any objective: {@code loss} runs the forward pass in the step's manager (and scope) and returns the
   * scalar to minimise.
   */
  static Outcome run(
      XxactModel model,
      AdamW optimizer,
      Engine engine,
      Function<NDManager, NDArray> loss,
      double learningRate,
      double clipNorm,
      long dropoutSeed,
      Predicate<String> trained) {
    DjlRuntime.seed(dropoutSeed);
    double value;
    try (NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager();
        GradientCollector collector = engine.newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray total = loss.apply(manager);
      value = total.getFloat();
      if (Double.isFinite(value)) {
        collector.backward(total);
      }
    }
    double norm = Double.isFinite(value) ? optimizer.gradientNorm(trained) : Double.NaN;
    if (!Double.isFinite(norm)) {
      optimizer.zeroGradients();
      return new Outcome(value, norm, false);
    }
    double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
    optimizer.step(learningRate, scale, trained);
    optimizer.zeroGradients();
    return new Outcome(value, norm, true);
  }
}
