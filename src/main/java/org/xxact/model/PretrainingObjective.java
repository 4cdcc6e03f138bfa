package org.xxact.model;

import java.util.List;

/** Which self-supervised objectives a pretraining run optimises. */
public enum PretrainingObjective {
  /** Masked XRD modelling: reconstruct hidden patches of the pattern. */
  MXM,
  /** Composition-XRD contrastive alignment (symmetric InfoNCE). */
  CONTRASTIVE,
  /** Both, summed with their weights, from one forward pass over the masked pattern. */
  BOTH,
  /**
   * Masked element modelling alone ({@link ElementMasking}): needs only the composition encoder, so it also pretrains a
   * composition model on compositions that have no structure and hence no pattern.
   */
  ELEMENTS;

  /** The objectives of XxaCT-NN (arXiv 2507.01054), the arms of the convergence experiment by default. */
  public static final List<PretrainingObjective> PAPER = List.of(MXM, CONTRASTIVE, BOTH);

  public boolean usesMxm() {
    return this == MXM || this == BOTH;
  }

  public boolean usesContrastive() {
    return this == CONTRASTIVE || this == BOTH;
  }
}
