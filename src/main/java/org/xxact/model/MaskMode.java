package org.xxact.model;

/**
 * How masked XRD modelling chooses the patches it hides. Random patches (as in masked autoencoders, He et al. 2022)
 * leave neighbours of every hidden patch visible, so a peak cut by a patch boundary can often be completed from its
 * other half; contiguous spans (as in SpanBERT, Joshi et al. 2020) hide whole 2-theta ranges, so the model must infer
 * peaks from the rest of the pattern (and, in the fused model, from the composition).
 */
public enum MaskMode {
  /** Patches drawn uniformly without replacement. */
  RANDOM,
  /** Runs of {@link PretrainingConfig#spanPatches()} neighbouring patches. */
  SPAN
}
