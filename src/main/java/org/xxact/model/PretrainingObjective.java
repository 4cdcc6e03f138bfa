package org.xxact.model;

/** Which self-supervised objectives a pretraining run optimises. */
public enum PretrainingObjective {
  /** Masked XRD modelling: reconstruct hidden patches of the pattern. */
  MXM,
  /** Composition-XRD contrastive alignment (symmetric InfoNCE). */
  CONTRASTIVE,
  /** Both, summed with their weights, from one forward pass over the masked pattern. */
  BOTH;

  public boolean usesMxm() {
    return this != CONTRASTIVE;
  }

  public boolean usesContrastive() {
    return this != MXM;
  }
}
