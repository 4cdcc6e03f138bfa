package org.xxact.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What one forward pass produced, all in the caller's scope. Token and pooled tensors are the hooks for pretraining
 * objectives (masked XRD reconstruction reads {@code xrdTokens}; contrastive alignment reads the pooled per-modality
 * embeddings).
 *
 * @param compositionTokens [B, E, d] composition tokens after fusion (null when the modality has no composition)
 * @param xrdTokens [B, P, d] XRD tokens after fusion (null when the modality has no XRD)
 * @param compositionPooled [B, d] pooled composition encoder output before fusion, or null
 * @param xrdPooled [B, d] pooled XRD encoder output before fusion, or null
 * @param embedding [B, d] material embedding the heads read
 * @param headOutputs one [B, outputs] tensor per target, in target order
 * @param auxiliaryXrdOutputs training passes of a fused model with auxiliary XRD heads: one [B, outputs] tensor per
 *     target from the pooled XRD encoder output; empty otherwise
 */
public record ModelOutput(
    NDArray compositionTokens,
    NDArray xrdTokens,
    NDArray compositionPooled,
    NDArray xrdPooled,
    NDArray embedding,
    List<NDArray> headOutputs,
    List<NDArray> auxiliaryXrdOutputs) {}
