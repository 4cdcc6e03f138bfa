package org.xxact.model;

/**
 * What one pretraining forward pass hides from the encoders.
 *
 * @param patches [B * P] 1 where an XRD patch is replaced by the [MASK] token ({@link PatchMasking}); read only with
 *     masked XRD modelling
 * @param elementSlots [B] the slot of each sample's hidden element or {@link ElementMasking#NONE} ({@link
 *     ElementMasking}); null when the run does no masked element modelling
 */
public record PretrainingMasks(float[] patches, int[] elementSlots) {}
