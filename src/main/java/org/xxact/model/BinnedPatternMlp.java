package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * A perceptron on the pattern max-pooled into bins of {@link #BIN_POINTS} grid points: Linear(gridPoints / BIN_POINTS,
 * h) - GELU - Linear(h, h) - GELU - Linear(h, d), added to the pooled XRD embedding.
 *
 * <p>Why: a lattice is told apart by where its peaks fall in absolute 2-theta (the Bragg angles of its d-spacings) and
 * by which reflections are absent. Patch tokens carry a peak's position only through their learned position
 * embeddings, so the attention blocks must learn to read absolute positions back out of them; a vector of binned
 * intensities gives every 2-theta bin its own input unit, the representation on which simple models of binned patterns
 * classify crystal systems (the dense networks of Park et al., IUCrJ 4, 486 (2017); the gradient-boosted trees of the
 * project's reference numbers). Max pooling keeps a peak's height wherever it falls within a bin, so a shift by strain
 * or zero error smaller than a bin (4 points: 0.17 degrees on the default 2048-point grid) changes the vector little.
 * The two paths are summed, as the element-fraction perceptron is summed with the composition tokens
 * ({@link ElementFractionMlp}).
 *
 * <p>The bins are taken from the encoder's input after masking ({@link ModelInputs}), so masked XRD modelling cannot read
 * masked content through this path either.
 */
final class BinnedPatternMlp {
  /** Grid points per bin. */
  static final int BIN_POINTS = 4;

  private final Linear first;
  private final Linear second;
  private final Linear output;

  BinnedPatternMlp(ParameterStore store, String name, ModelConfig config) {
    int hidden = config.patternMlpDim();
    this.first = new Linear(store, name + ".first", config.gridPoints() / BIN_POINTS, hidden);
    this.second = new Linear(store, name + ".second", hidden, hidden);
    this.output = new Linear(store, name + ".output", hidden, config.dModel());
  }

  /**
   * @param bins [B, gridPoints / BIN_POINTS] largest intensity of each bin
   * @return [B, d]
   */
  NDArray apply(NDArray bins) {
    return output.apply(Activation.gelu(second.apply(Activation.gelu(first.apply(bins)))));
  }
}
