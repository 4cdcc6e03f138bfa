package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * A perceptron on the vector of molar fractions indexed by atomic number: Linear(maxZ + 1, h) - GELU - Linear(h, h) -
 * GELU - Linear(h, d), added to the pooled composition embedding.
 *
 * <p>Why: on small and medium data sets a plain perceptron on element fractions (ElemNet: Jha et al., Sci. Rep. 8,
 * 17593 (2018)) predicts formation energies as well as attention over element tokens, because the energy is close to
 * a smooth function of the fractions that such a network fits directly, while the token path must learn to weigh
 * fractions through its embeddings. The two paths are summed, so the attention path learns what the fraction vector
 * misses (which elements interact), and both see the same composition.
 */
final class ElementFractionMlp {
  private final Linear first;
  private final Linear second;
  private final Linear output;

  ElementFractionMlp(ParameterStore store, String name, ModelConfig config) {
    int hidden = config.fractionMlpDim();
    this.first = new Linear(store, name + ".first", config.maxAtomicNumber() + 1, hidden);
    this.second = new Linear(store, name + ".second", hidden, hidden);
    this.output = new Linear(store, name + ".output", hidden, config.dModel());
  }

  /**
   * @param fractions [B, maxZ + 1] molar fraction of each element (index = atomic number; index 0 unused)
   * @return [B, d]
   */
  NDArray apply(NDArray fractions) {
    return output.apply(Activation.gelu(second.apply(Activation.gelu(first.apply(fractions)))));
  }
}
