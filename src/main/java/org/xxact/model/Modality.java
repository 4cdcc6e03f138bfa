package org.xxact.model;

/**
 * Which inputs a model reads. The three share the encoders, pooling and heads; the unimodal ones bypass the fusion, so
 * that a comparison between them measures the inputs and nothing else.
 */
public enum Modality {
  /** Composition tokens only. */
  COMPOSITION,
  /** XRD patch tokens only. */
  XRD,
  /** Both encoders joined by gated bidirectional cross-attention. */
  FUSED;

  public boolean usesComposition() {
    return this != XRD;
  }

  public boolean usesXrd() {
    return this != COMPOSITION;
  }
}
