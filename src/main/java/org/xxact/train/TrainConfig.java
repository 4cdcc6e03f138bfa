package org.xxact.train;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of supervised training, with the defaults in {@link #defaults()}.
 *
 * @param seed seeds initialisation, data order and dropout (see {@link org.xxact.model.DjlRuntime})
 * @param batchSize samples per optimiser step
 * @param maxEpochs passes over the training split
 * @param maxSteps optimiser steps at most (0: no limit besides the epochs)
 * @param learningRate peak learning rate (after warm-up)
 * @param minLearningRateRatio the cosine schedule ends at learningRate * this
 * @param warmupFraction fraction of all steps spent warming up linearly from 0
 * @param weightDecay decoupled weight decay (AdamW) of weight matrices; biases, norms, embeddings, positions, tokens
 *     and gates are never decayed
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param adamEpsilon AdamW denominator epsilon
 * @param gradientClipNorm global L2 norm the gradient is scaled down to (0: no clipping)
 * @param evalEverySteps evaluate (and checkpoint) every this many steps; 0: once per epoch
 * @param earlyStoppingPatience stop after this many evaluations without improvement (0: never)
 * @param earlyStoppingMetric "loss" (validation loss) or a target name (its MAE, or its accuracy for classes)
 * @param maxConsecutiveBadSteps stop with an error after this many consecutive steps with a non-finite loss or gradient
 * @param threads PyTorch intra-op threads (fixed for reproducibility)
 * @param targetWeights loss weight by target name; targets not named weigh 1
 * @param freezeEncodersSteps during the first this many steps only the heads are updated (encoders, fusion and
 *     pooling keep their values): a model initialised from another run's encoders first fits its new, randomly
 *     initialised heads, whose large early gradients would otherwise disturb the transferred weights (the
 *     linear-probing-then-fine-tuning schedule of Kumar et al., ICLR 2022); 0: everything trains from the first step
 * @param nllBeta exponent of the beta-NLL gradient weighting of regression heads with a predicted variance (Seitzer et
 *     al., "On the pitfalls of heteroscedastic uncertainty estimation with probabilistic neural networks", ICLR 2022):
 *     each sample's negative log-likelihood has its gradient scaled by its detached predicted noise scale to the power
 *     beta times the power of the error in the loss (2 Gaussian, 1 Laplace). 0 is the plain likelihood, whose gradient
 *     on the mean is divided by the predicted scale, so that samples the model already calls noisy stop being learned;
 *     at 1 the mean learns exactly as with the plain squared or absolute error while the variance is still fitted. The
 *     loss values reported stay the plain likelihood ({@link org.xxact.model.SupervisedLoss}).
 * @param frozenParts model parts ({@code ["composition"]}, {@code ["xrd", "fusion"]}) never updated: a part
 *     transferred with {@code --init} from a run that learned it better on other data (a composition encoder trained
 *     on a larger composition table) keeps what it learned while the rest of the model learns around it; empty: every
 *     part trains
 */
public record TrainConfig(
    long seed,
    int batchSize,
    int maxEpochs,
    long maxSteps,
    double learningRate,
    double minLearningRateRatio,
    double warmupFraction,
    double weightDecay,
    double beta1,
    double beta2,
    double adamEpsilon,
    double gradientClipNorm,
    int evalEverySteps,
    int earlyStoppingPatience,
    String earlyStoppingMetric,
    int maxConsecutiveBadSteps,
    int threads,
    Map<String, Double> targetWeights,
    long freezeEncodersSteps,
    double nllBeta,
    Set<InitSource.Part> frozenParts) {

  public TrainConfig {
    targetWeights = Map.copyOf(targetWeights == null ? Map.of() : targetWeights);
    frozenParts =
        frozenParts == null || frozenParts.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(InitSource.Part.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(frozenParts));
    if (batchSize <= 0 || maxEpochs <= 0 || maxSteps < 0 || evalEverySteps < 0 || earlyStoppingPatience < 0) {
      throw new IllegalArgumentException("batchSize and maxEpochs must be positive; steps and patience not negative");
    }
    if (!(learningRate > 0) || !(minLearningRateRatio >= 0 && minLearningRateRatio <= 1)) {
      throw new IllegalArgumentException("learningRate must be positive and minLearningRateRatio in [0, 1]");
    }
    if (!(warmupFraction >= 0 && warmupFraction < 1) || !(weightDecay >= 0) || !(gradientClipNorm >= 0)) {
      throw new IllegalArgumentException("warmupFraction in [0, 1), weightDecay and gradientClipNorm not negative");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(adamEpsilon > 0)) {
      throw new IllegalArgumentException("AdamW betas in [0, 1) and a positive epsilon");
    }
    if (freezeEncodersSteps < 0) {
      throw new IllegalArgumentException("freezeEncodersSteps must not be negative");
    }
    if (!(nllBeta >= 0 && nllBeta <= 1)) {
      throw new IllegalArgumentException("nllBeta must be in [0, 1], got " + nllBeta);
    }
    if (maxConsecutiveBadSteps <= 0 || threads < 0) {
      throw new IllegalArgumentException("maxConsecutiveBadSteps must be positive and threads not negative");
    }
    if (earlyStoppingMetric == null || earlyStoppingMetric.isBlank()) {
      throw new IllegalArgumentException("earlyStoppingMetric must name 'loss' or a target");
    }
  }

  /**
   * Defaults: batch 64, 16 epochs (a fused run on about 29k samples then takes about 40 minutes on 2 cores, see
   * docs/BENCHMARKS.md), peak lr 5e-4 with 5 % warm-up and cosine decay, clip 1, patience 5, two threads, and beta-NLL
   * at beta 0.5. Measured on mp_cgcnn36k (docs/RESULTS.md): on formation energy and band gap alone (4 epochs) beta 1
   * reached validation MAEs of 0.133 eV/atom and 0.484 eV against 0.160 and 0.577 for the plain likelihood; in a
   * composition model of all five targets (30 epochs, test split) beta 0.5 scored 0.084 eV/atom and 0.425 eV against
   * 0.099 and 0.445 for beta 1 and 0.094 and 0.437 for the plain likelihood, with crystal-system and space-group
   * accuracies close to beta 1's (0.559 and 0.417 against 0.572 and 0.425; 0.523 and 0.349 plain).
   */
  public static TrainConfig defaults() {
    return new TrainConfig(
        42L, 64, 16, 0L, 5e-4, 0.02, 0.05, 0.01, 0.9, 0.999, 1e-8, 1.0, 0, 5, "loss", 5, 2, Map.of(), 0L, 0.5, Set.of());
  }
}
